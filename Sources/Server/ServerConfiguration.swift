/// How `outfalls serve` runs: where it listens, which registry it serves, and what the
/// bureau configures for its own network.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databasePath: String
    /// A tile URL template (`https://tiles.example/{z}/{x}/{y}.png`) for bureaus that run a
    /// tile server; nil draws the map from the layers alone, which works offline.
    public var basemapURL: String?
    /// The basemap's name in the layer switcher (e.g. 本局影像), with ``basemapURL``.
    public var basemapName: String?
    /// A 天地图 (Tianditu) key: the map then offers 天地图 vector and imagery (CGCS2000, laid
    /// under our CGCS2000 data without any shift). A browser key: it reaches the page, so
    /// restrict it to the server's domain in the Tianditu console. Never committed.
    public var tiandituKey: String?
    /// The address the public reaches the server at (`https://outfalls.example.gov.cn`):
    /// absolute links (OGC API, OpenAPI `servers`, QR codes) use it, whatever the request's
    /// Host or forwarding headers say. Nil: links follow the request (forwarding headers
    /// checked, see `PublicBase`), and signboards use the stored setting.
    public var publicURL: String?
    /// Who issues the printed check report (its map sheet and footer name it). A setting:
    /// the county corrects it with `serve --issuing-unit`.
    public var issuingUnit = "柳城县生态环境局"
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

    public init(host: String = "127.0.0.1", port: Int = 8080, databasePath: String, basemapURL: String? = nil, secureCookies: Bool = false) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.basemapURL = basemapURL
        self.secureCookies = secureCookies
    }
}
