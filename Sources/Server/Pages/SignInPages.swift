import Foundation
import GeoKit
import Hummingbird
import HTTPTypes
import JSON
import LayerFormats
import Mustache
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Siting

/// Signing in and out, with the throttle on failed attempts.
extension Pages {
    func loginForm(_ request: Request, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        var (context, _) = try await common(request, title: "登录")
        let token = Sessions.randomToken()
        context["formCSRF"] = token
        context["message"] = message ?? ""
        var response = render("login", context, status: status)
        response.setCookie(sessions.cookie(Sessions.preSessionCookieName, token, maxAge: 3600))
        return response
    }

    func login(_ request: Request, address: String) async throws -> Response {
        let form = try await form(request, session: nil)
        let username = form["username"] ?? ""
        let password = form.values["password"]?.first ?? ""
        // Checked before bcrypt runs: a throttled guess costs the server nothing.
        if let wait = throttle.retryAfter(username: username, address: address) {
            let minutes = Int((wait / 60).rounded(.up))
            var response = try await loginForm(
                request, message: "登录失败次数过多，已暂停登录，请 \(minutes) 分钟后再试；如忘记密码请联系管理员 (too many failed sign-ins; try again later)",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        let credentials = try await service.run { registry in try registry.credentials(username: username) }
        // A hash is checked even for unknown names, so that timing does not tell which exist.
        let hash = credentials?.passwordHash ?? dummyHash
        let matches = await service.verify(password, hash: hash)
        guard let account = credentials?.account, matches, !account.disabled else {
            throttle.recordFailure(username: username, address: address)
            let reason = credentials == nil ? "无此用户" : !matches ? "密码错误" : "账户已停用"
            try await service.run { registry in try registry.recordSignInFailure(username: username, address: address, reason: reason) }
            return try await loginForm(request, message: "用户名或密码不正确，或账户已停用 (sign-in failed)", status: .unauthorized)
        }
        throttle.recordSuccess(username: username)
        var response = Responses.redirect(to: "/")
        response.setCookie(try await sessions.start(for: account))
        response.setCookie(sessions.cookie(Sessions.preSessionCookieName, "", maxAge: 0))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        let session = try await sessions.current(request)
        _ = try await form(request, session: session)
        var response = Responses.redirect(to: "/")
        response.setCookie(try await sessions.end(request))
        return response
    }
}
