/// How `outfalls serve` runs: where it listens, which registry it serves, and what the
/// bureau configures for its own network.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databasePath: String
    /// A tile URL template (`https://tiles.example/{z}/{x}/{y}.png`) for bureaus that run a
    /// tile server; nil draws the map from the layers alone, which works offline.
    public var basemapURL: String?
    /// Marks session cookies `Secure`: set when the server sits behind HTTPS.
    public var secureCookies: Bool
    /// Failed sign-ins for one account within ``signInWindow`` before further attempts for it
    /// are refused with 429 (a correct password included) until the window has passed.
    public var signInFailuresPerAccount = 10
    /// Failed sign-ins from one client address within the window before it is refused: higher,
    /// because colleagues may share one address.
    public var signInFailuresPerAddress = 30
    /// The sliding window of the sign-in throttle, seconds.
    public var signInWindow: Double = 15 * 60
    /// A connection with no request in progress is closed after this many seconds, and a
    /// request whose headers or body stall as long is cut off: half-sent requests must not
    /// hold the server's descriptors.
    public var idleTimeout: Double = 30
    /// The largest request body accepted (an upload), bytes; larger ones get 413.
    public var maximumUploadSize = 200 << 20
    /// The public site's address (`https://…`, no trailing slash) for the signboards' QR codes
    /// (`<publicURL>/public/outfalls/<id>`); nil uses the stored setting.
    public var publicURL: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, databasePath: String, basemapURL: String? = nil, secureCookies: Bool = false) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.basemapURL = basemapURL
        self.secureCookies = secureCookies
    }
}
