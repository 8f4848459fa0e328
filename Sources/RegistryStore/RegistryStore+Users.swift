import Foundation
import GRDB
import Supervision
import JSON

// Roles and permissions live in Accounts; every user of the store sees them through it.
@_exported import Accounts

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
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.user, id), action: "user", actor: actor, at: now,
                    changes: FieldChange.changes(from: nil, to: ["username": .string(username), "role": .string(role.rawValue)]),
                    reason: "添加用户 \(username)"),
                db: db)
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
            guard let row = try Row.fetchOne(db, sql: "SELECT id, disabled FROM users WHERE username = ?", arguments: [username]) else {
                throw StoreError.noSuchUser(username)
            }
            let id: Int64 = row["id"]
            let was: Bool = row["disabled"]
            try db.execute(sql: "UPDATE users SET disabled = ? WHERE id = ?", arguments: [disabled, id])
            if disabled {
                try db.execute(sql: "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = ?)", arguments: [username])
            }
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.user, id), action: "user", actor: actor, at: Timestamp.now(),
                    changes: was == disabled ? [] : [FieldChange(field: "disabled", before: .bool(was), after: .bool(disabled))],
                    reason: (disabled ? "停用用户 " : "启用用户 ") + username),
                db: db)
        }
    }

    /// Records a failed sign-in (wrong password, unknown or disabled account) in the history:
    /// who was tried, from where, and why it failed. The actor is the name tried, cut to 64
    /// characters, since it is whatever the client sent; the event is on the account when
    /// there is one (id 0 for a name nobody has).
    public func recordSignInFailure(username: String, address: String, reason: String) throws(StoreError) {
        let tried = username.count > 64 ? String(username.prefix(64)) + "…" : username
        try write { db in
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username]) ?? 0
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.user, id), action: "sign-in-failed", actor: tried.isEmpty ? "?" : tried, at: Timestamp.now(),
                    changes: [FieldChange(field: "address", before: nil, after: .string(address))],
                    reason: "登录失败（\(reason)），来自 \(address)"),
                db: db)
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
