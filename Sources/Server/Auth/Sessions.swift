import Digest
import Foundation
import Hummingbird
import Registry
import RegistryStore

/// Sign-in sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure behind
/// HTTPS), stored only as its SHA-256 digest; each session has its own CSRF token, which
/// every form must send back.
struct Sessions: Sendable {
    let service: RegistryService
    let secureCookies: Bool
    /// HTTP Basic for GIS clients on the APIs (``BasicAuth``); nil: cookies only.
    var basic: BasicAuth?

    static let cookieName = "outfalls_session"
    /// Before sign-in there is no session: the sign-in form's CSRF token is checked against
    /// this cookie instead (double submit).
    static let preSessionCookieName = "outfalls_csrf"
    static let lifetime: TimeInterval = 8 * 3600

    /// The signed-in session of this request, if any. A session that cannot be read (the
    /// database is locked, corrupt or gone) is a 503, never "signed out": answering as the
    /// public would hide the fault and show the signed-in user a different site.
    func current(_ request: Request) async throws(ClientError) -> UserSession? {
        guard let token = request.cookies[Self.cookieName]?.value, !token.isEmpty else {
            // A GIS client's Basic credentials stand for a session of that user, without a
            // CSRF token: the APIs take no forms.
            guard let basic, let account = try await basic.account(for: request, service: service) else { return nil }
            return UserSession(user: account, csrfToken: "", expiresAt: "")
        }
        let digest = SHA256.hex(Array(token.utf8))
        do {
            return try await service.run { registry in try registry.session(tokenDigest: digest) }
        } catch {
            throw ClientError(
                status: .serviceUnavailable, message: "暂时无法读取登录状态（数据库不可用），请稍后重试 (session lookup failed: \(error))")
        }
    }

    func role(_ request: Request) async throws(ClientError) -> Role {
        try await current(request)?.user.role ?? .public
    }

    /// Starts a session for `user`; the cookie goes on the response.
    func start(for user: UserAccount) async throws -> Cookie {
        let token = Self.randomToken()
        let csrf = Self.randomToken()
        let digest = SHA256.hex(Array(token.utf8))
        let expires = Timestamp.string(Date().addingTimeInterval(Self.lifetime))
        try await service.run { registry in
            try registry.createSession(tokenDigest: digest, userID: user.id, csrfToken: csrf, expiresAt: expires)
        }
        return cookie(Self.cookieName, token, maxAge: Int(Self.lifetime))
    }

    func end(_ request: Request) async throws -> Cookie {
        if let token = request.cookies[Self.cookieName]?.value {
            let digest = SHA256.hex(Array(token.utf8))
            try await service.run { registry in try registry.endSession(tokenDigest: digest) }
        }
        return cookie(Self.cookieName, "", maxAge: 0)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes as hex, from the system's generator.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Whether a form's CSRF token is the session's (or, before sign-in, the pre-session cookie's).
    static func validCSRF(_ sent: String?, session: UserSession?, request: Request) -> Bool {
        guard let sent, !sent.isEmpty else { return false }
        if let session { return constantTimeEqual(sent, session.csrfToken) }
        guard let expected = request.cookies[preSessionCookieName]?.value, !expected.isEmpty else { return false }
        return constantTimeEqual(sent, expected)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
