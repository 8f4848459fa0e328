import Digest
import Foundation
import HTTPTypes
import Hummingbird
import RegistryStore

/// HTTP Basic for GIS clients (QGIS, GDAL, OWSLib) on `/api` and `/ogc`, so that a bureau's
/// QGIS sees every field, as a signed-in browser does: `Authorization: Basic` with a user's
/// name and password. Only over HTTPS (`serve --secure-cookies`, or a proxy's
/// `X-Forwarded-Proto: https`) or to the server's own loopback address, since Basic sends the
/// password with every request.
///
/// Wrong credentials are a 401 with `WWW-Authenticate`, never "the public": a client that
/// sent a password must learn it was not accepted. Failures count toward a per-account
/// throttle (the same limits as the sign-in form; beyond them every attempt is refused,
/// before bcrypt runs, until the window has passed). A verified pair is
/// remembered for five minutes by its SHA-256, so that paging through a layer does not run
/// bcrypt per page.
final class BasicAuth: @unchecked Sendable {
    private let lock = NSLock()
    private var verified: [String: (account: UserAccount, until: Date)] = [:]
    private let throttle: SignInThrottle
    /// Checked against when a name is unknown, so that timing does not tell which names exist.
    private let dummyHash = Passwords.hash(Sessions.randomToken())
    let secureDeployment: Bool
    static let remembered: TimeInterval = 300

    init(secureDeployment: Bool, limits: SignInThrottle.Limits) {
        self.secureDeployment = secureDeployment
        throttle = SignInThrottle(limits: limits)
    }

    /// The name and password of a Basic header, if the request carries one.
    static func credentials(_ request: Request) -> (username: String, password: String)? {
        guard let header = request.headers[.authorization], header.count <= 1_000, header.lowercased().hasPrefix("basic ") else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return ("", "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func applies(to request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path == "/ogc" || path.hasPrefix("/ogc/")
    }

    func isTransportAcceptable(_ request: Request) -> Bool {
        if secureDeployment { return true }
        if request.headers[.xForwardedProto]?.lowercased().hasPrefix("https") == true { return true }
        let host = (request.head.authority ?? "").lowercased()
        return ["127.0.0.1", "localhost", "[::1]"].contains { host == $0 || host.hasPrefix($0 + ":") }
    }

    /// The account behind the request's Basic header; nil when it has none.
    func account(for request: Request, service: RegistryService) async throws(ClientError) -> UserAccount? {
        guard Self.applies(to: request), let (username, password) = Self.credentials(request) else { return nil }
        guard isTransportAcceptable(request) else {
            throw Self.refusal("HTTP Basic 只能经 HTTPS 使用 (Basic authentication needs HTTPS)")
        }
        let key = SHA256.hex(Array((username + "\u{0}" + password).utf8))
        let now = Date()
        if let hit = lock.withLock({ verified[key] }), hit.until > now { return hit.account }
        // Throttled before bcrypt runs. A 401 (not the form's 429): to an HTTP client the
        // credentials were not accepted, and the message says when to try again.
        if let wait = throttle.retryAfter(username: username, address: "basic") {
            throw Self.refusal("登录失败次数过多，已暂停该账户，请 \(Int((wait / 60).rounded(.up))) 分钟后再试 (too many failed sign-ins)")
        }
        let credentials: (account: UserAccount, passwordHash: String)?
        do {
            credentials = try await service.run { registry in try registry.credentials(username: username) }
        } catch {
            throw ClientError(status: .serviceUnavailable, message: "暂时无法核对账户（数据库不可用）(account lookup failed)")
        }
        let matches = await service.verify(password, hash: credentials?.passwordHash ?? dummyHash)
        guard let account = credentials?.account, matches, !account.disabled else {
            throttle.recordFailure(username: username, address: "basic")
            // The audit line is best effort: the answer is a refusal either way.
            try? await service.run { registry in try registry.recordSignInFailure(username: username, address: "basic-auth", reason: "HTTP Basic") }
            throw Self.refusal("用户名或密码不正确，或账户已停用 (Basic authentication failed)")
        }
        throttle.recordSuccess(username: username)
        lock.withLock {
            verified = verified.filter { $0.value.until > now }
            verified[key] = (account, now.addingTimeInterval(Self.remembered))
        }
        return account
    }

    static func refusal(_ message: String) -> ClientError {
        ClientError(status: .unauthorized, message: message)
    }
}
