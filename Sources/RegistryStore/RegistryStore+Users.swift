import Foundation
import GRDB
import JSON

/// What a signed-in person may do. Visitors who are not signed in see the public
/// (disclosure) view.
public enum Role: String, Sendable, CaseIterable, Comparable {
    case `public`, viewer, planner, admin

    public var label: String {
        switch self {
        case .public: "公众"
        case .viewer: "查看"
        case .planner: "规划审批"
        case .admin: "管理员"
        }
    }

    private var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

public struct UserAccount: Hashable, Sendable {
    public var id: Int64
    public var username: String
    public var role: Role
    public var disabled: Bool
    public var createdAt: String
    public var createdBy: String
}

/// A signed-in session: who, and the token forms must echo back (CSRF).
public struct UserSession: Hashable, Sendable {
    public var user: UserAccount
    public var csrfToken: String
    public var expiresAt: String
}

extension RegistryStore {
    /// Adds a user; refuses a name already taken. Recorded in the audit log (without the hash).
    public func addUser(username: String, passwordHash: String, role: Role, actor: String) throws(StoreError) -> UserAccount {
        guard role != .public else { throw .sqlite("“public” is the role of visitors who are not signed in, not of an account") }
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [username]) != nil {
                throw StoreError.duplicateValue(table: "users", column: "username", value: username, feature: username, holder: username)
            }
            let now = Timestamp.now()
            try db.execute(
                sql: "INSERT INTO users(username, password_hash, role, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [username, passwordHash, role.rawValue, now, actor])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO audit_log(at, actor, action, layer, after, note) VALUES (?, ?, 'user', 'users', ?, ?)",
                arguments: [now, actor, JSONWriter.compact(["username": .string(username), "role": .string(role.rawValue)]), "添加用户 \(username)"])
            return UserAccount(id: id, username: username, role: role, disabled: false, createdAt: now, createdBy: actor)
        }
    }

    /// The account and its password hash, for signing in.
    public func credentials(username: String) throws(StoreError) -> (account: UserAccount, passwordHash: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map { (Self.account($0), $0["password_hash"]) }
        }
    }

    public func users() throws(StoreError) -> [UserAccount] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY id").map(Self.account) }
    }

    /// Disables or re-enables an account; a disabled account's sessions end.
    public func setDisabled(_ disabled: Bool, username: String, actor: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE users SET disabled = ? WHERE username = ?", arguments: [disabled, username])
            guard db.changesCount > 0 else { throw StoreError.noSuchUser(username) }
            if disabled {
                try db.execute(sql: "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = ?)", arguments: [username])
            }
            try db.execute(
                sql: "INSERT INTO audit_log(at, actor, action, layer, note) VALUES (?, ?, 'user', 'users', ?)",
                arguments: [Timestamp.now(), actor, (disabled ? "停用用户 " : "启用用户 ") + username])
        }
    }

    /// Records a failed sign-in (wrong password, unknown or disabled account) in the audit
    /// log: who was tried, from where, and why it failed. The actor is the name tried, cut to
    /// 64 characters, since it is whatever the client sent.
    public func recordSignInFailure(username: String, address: String, reason: String) throws(StoreError) {
        let tried = username.count > 64 ? String(username.prefix(64)) + "…" : username
        try write { db in
            try db.execute(
                sql: "INSERT INTO audit_log(at, actor, action, layer, after, note) VALUES (?, ?, 'sign-in-failed', 'users', ?, ?)",
                arguments: [
                    Timestamp.now(), tried.isEmpty ? "?" : tried,
                    JSONWriter.compact(["username": .string(tried), "address": .string(address)]), "登录失败（\(reason)），来自 \(address)",
                ])
        }
    }

    public func createSession(tokenDigest: String, userID: Int64, csrfToken: String, expiresAt: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [Timestamp.now()])
            try db.execute(
                sql: "INSERT INTO sessions(token_digest, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [tokenDigest, userID, csrfToken, Timestamp.now(), expiresAt])
        }
    }

    /// The live session with this token digest (not expired, account not disabled), or nil.
    public func session(tokenDigest: String) throws(StoreError) -> UserSession? {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT u.*, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
                    WHERE s.token_digest = ? AND s.expires_at > ? AND u.disabled = 0
                    """,
                arguments: [tokenDigest, Timestamp.now()])
            return row.map { UserSession(user: Self.account($0), csrfToken: $0["csrf_token"], expiresAt: $0["expires_at"]) }
        }
    }

    public func endSession(tokenDigest: String) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_digest = ?", arguments: [tokenDigest]) }
    }

    private static func account(_ row: Row) -> UserAccount {
        UserAccount(
            id: row["id"], username: row["username"], role: Role(rawValue: row["role"]) ?? .viewer, disabled: row["disabled"],
            createdAt: row["created_at"], createdBy: row["created_by"])
    }
}
