import Hummingbird
import RegistryStore

/// The one place where a request's permission is checked: handlers say what they need
/// (``Permission``), never which roles; ``Role/permissions`` decides.
enum Access {
    /// The session, if its role has `permission`; otherwise 403 (or a sign-in hint when nobody is signed in).
    @discardableResult
    static func require(_ permission: Permission, _ session: UserSession?) throws(ClientError) -> UserSession {
        guard let session else {
            throw ClientError(status: .forbidden, message: "请先登录（需要“\(permission.label)”权限）(sign in first)")
        }
        guard session.user.role.can(permission) else {
            throw ClientError(status: .forbidden, message: "当前账号（\(session.user.role.label)）没有“\(permission.label)”权限 (not permitted)")
        }
        return session
    }
}
