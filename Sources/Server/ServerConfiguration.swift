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

    public init(host: String = "127.0.0.1", port: Int = 8080, databasePath: String, basemapURL: String? = nil, secureCookies: Bool = false) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.basemapURL = basemapURL
        self.secureCookies = secureCookies
    }
}
