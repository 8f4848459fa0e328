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
    /// The department the account works for (e.g. 住建局), or nil for the bureau's own staff.
    public var department: String?
    /// The township the account works in, or nil when it is county-wide.
    public var township: String?

    public init(
        id: Int64, username: String, role: Role, disabled: Bool, createdAt: String, createdBy: String,
        department: String? = nil, township: String? = nil
    ) {
        self.id = id
        self.username = username
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.department = department
        self.township = township
    }
}

/// Where an account works: its department and township, each optional.
public struct AccountScope: Hashable, Sendable {
    public var department: String?
    public var township: String?

    public init(department: String? = nil, township: String? = nil) {
        self.department = department.flatMap { $0.isEmpty ? nil : $0 }
        self.township = township.flatMap { $0.isEmpty ? nil : $0 }
    }

    public static let countyWide = AccountScope()
}

/// A signed-in session: who, and the token forms must echo back (CSRF).
public struct UserSession: Hashable, Sendable {
    public var user: UserAccount
    public var csrfToken: String
    public var expiresAt: String

    /// Also for a request authenticated without a stored session (HTTP Basic on the APIs).
    public init(user: UserAccount, csrfToken: String, expiresAt: String) {
        self.user = user
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

extension RegistryStore {
    /// Adds a user; refuses a name already taken. Recorded in the audit log (without the hash).
    public func addUser(
        username: String, passwordHash: String, role: Role, scope: AccountScope = .countyWide, actor: String
    ) throws(StoreError) -> UserAccount {
        guard role != .public else { throw .sqlite("“public” is the role of visitors who are not signed in, not of an account") }
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [username]) != nil {
                throw StoreError.duplicateValue(table: "users", column: "username", value: username, feature: username, holder: username)
            }
            let now = Timestamp.now()
            try db.execute(
                sql: """
                    INSERT INTO users(username, password_hash, role, created_at, created_by, department, township)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [username, passwordHash, role.rawValue, now, actor, scope.department, scope.township])
            let id = db.lastInsertedRowID
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.user, id), action: "user", actor: actor, at: now,
                    changes: FieldChange.changes(
                        from: nil, to: JSONObject([("username", .string(username)), ("role", .string(role.rawValue))] + Self.scopeFields(scope))),
                    reason: "添加用户 \(username)"),
                db: db)
            return UserAccount(
                id: id, username: username, role: role, disabled: false, createdAt: now, createdBy: actor,
                department: scope.department, township: scope.township)
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

    /// Moves an account to another department and/or township; recorded field by field.
    public func setScope(_ scope: AccountScope, username: String, actor: String, reason: String?) throws(StoreError) -> UserAccount {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]) else {
                throw StoreError.noSuchUser(username)
            }
            let before = Self.account(row)
            try db.execute(
                sql: "UPDATE users SET department = ?, township = ? WHERE id = ?", arguments: [scope.department, scope.township, before.id])
            let was = AccountScope(department: before.department, township: before.township)
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.user, before.id), action: "user", actor: actor, at: Timestamp.now(),
                    changes: FieldChange.changes(from: JSONObject(Self.scopeFields(was)), to: JSONObject(Self.scopeFields(scope))),
                    reason: reason ?? "修改用户 \(username) 的部门、乡镇"),
                db: db)
            var after = before
            after.department = scope.department
            after.township = scope.township
            return after
        }
    }

    private static func scopeFields(_ scope: AccountScope) -> [(String, JSONValue)] {
        [("department", scope.department), ("township", scope.township)].compactMap { key, value in value.map { (key, .string($0)) } }
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
            createdAt: row["created_at"], createdBy: row["created_by"], department: row["department"], township: row["township"])
    }
}
