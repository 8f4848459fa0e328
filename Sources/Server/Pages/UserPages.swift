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

/// User administration, for admins.
extension Pages {
    func users(_ request: Request, message: String?, failed: Bool) async throws -> Response {
        var (context, session) = try await common(request, title: "用户")
        try require(.admin, session)
        let accounts = try await service.run { registry in try registry.users() }
        context["users"] = accounts.map { a -> [String: Any] in
            [
                "username": a.username, "usernamePath": Self.pathSegment(a.username), "role": a.role.label, "state": a.disabled ? "已停用" : "正常", "createdAt": PageText.time(a.createdAt),
                "createdBy": a.createdBy, "toggleAction": a.disabled ? "enable" : "disable", "toggleLabel": a.disabled ? "启用" : "停用",
            ]
        }
        context["roles"] = Role.allCases.filter { $0 != .public }.map { ["value": $0.rawValue, "label": $0.label] }
        context["message"] = message ?? ""
        context["messageClass"] = failed ? "error" : "ok"
        return render("users", context)
    }

    func addUser(_ request: Request) async throws -> Response {
        let session = try await sessions.current(request)
        try require(.admin, session)
        let form = try await form(request, session: session)
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.values["password"]?.first ?? ""
        guard !username.isEmpty, let role = form["role"].flatMap(Role.init(rawValue:)), role != .public else {
            return try await users(request, message: "请填写用户名并选择角色 (username and role required)", failed: true)
        }
        guard username.count <= Self.usernameLength else {
            return try await users(request, message: "用户名最多 \(Self.usernameLength) 个字符 (username too long)", failed: true)
        }
        if let problem = Passwords.problem(with: password) { return try await users(request, message: problem, failed: true) }
        let actor = session?.user.username ?? "?"
        let hash = await service.hashPassword(password)
        do {
            _ = try await service.run { registry in try registry.addUser(username: username, passwordHash: hash, role: role, actor: actor) }
        } catch {
            return try await users(request, message: "\(error)", failed: true)
        }
        return try await users(request, message: "已添加用户 \(username)（\(role.label)）", failed: false)
    }

    /// Why an uploaded file's name cannot be used as given, or nil.
    static func uploadNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "没有文件名" }
        if name == "." || name == ".." || name.hasPrefix(".") { return "不能以“.”开头" }
        if name.contains("/") || name.contains("\\") { return "不能含有“/”或“\\”" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "含有控制字符" }
        if name.count > 200 { return "超过 200 个字符" }
        return nil
    }

    /// User names appear on every page header and in the audit log.
    static let usernameLength = 64

    /// A user name as one URL path segment: 李明 → %E6%9D%8E%E6%98%8E, and a "/" cannot split it.
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func toggleUser(_ request: Request, name raw: String, action: String) async throws -> Response {
        // The router hands over the segment as sent: percent-encoded for any name beyond ASCII.
        let name = raw.removingPercentEncoding ?? raw
        let session = try await sessions.current(request)
        try require(.admin, session)
        _ = try await form(request, session: session)
        guard ["enable", "disable"].contains(action) else { throw ClientError.notFound("没有这个操作 (no such action)") }
        guard name != session?.user.username || action == "enable" else {
            return try await users(request, message: "不能停用自己的账户 (cannot disable yourself)", failed: true)
        }
        let actor = session?.user.username ?? "?"
        do {
            try await service.run { registry in try registry.setDisabled(action == "disable", username: name, actor: actor) }
        } catch StoreError.noSuchUser {
            throw ClientError.notFound("没有用户“\(name)”，可能已被删除或名称有误 (no such user)")
        }
        return Responses.redirect(to: "/admin/users")
    }
}
