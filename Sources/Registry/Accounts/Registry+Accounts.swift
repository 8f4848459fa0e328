import RegistryStore

/// Accounts and sessions as the front ends use them: the CLI's `user` commands and the
/// server's sign-in. Passwords arrive here already hashed; the hashing policy is the front
/// end's (bcrypt in the server module).
extension Registry {
    public func addUser(
        username: String, passwordHash: String, role: Role, scope: AccountScope = .countyWide, actor: String
    ) throws(RegistryError) -> UserAccount {
        try wrapping { try store.addUser(username: username, passwordHash: passwordHash, role: role, scope: scope, actor: actor) }
    }

    /// Moves an account to another department and/or township.
    public func setScope(_ scope: AccountScope, username: String, actor: String, reason: String? = nil) throws(RegistryError) -> UserAccount {
        try wrapping { try store.setScope(scope, username: username, actor: actor, reason: reason) }
    }

    public func users() throws(RegistryError) -> [UserAccount] {
        try wrapping { try store.users() }
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    public func setDisabled(_ disabled: Bool, username: String, actor: String) throws(RegistryError) {
        try wrapping { try store.setDisabled(disabled, username: username, actor: actor) }
    }

    public func credentials(username: String) throws(RegistryError) -> (account: UserAccount, passwordHash: String)? {
        try wrapping { try store.credentials(username: username) }
    }

    public func createSession(tokenDigest: String, userID: Int64, csrfToken: String, expiresAt: String) throws(RegistryError) {
        try wrapping { try store.createSession(tokenDigest: tokenDigest, userID: userID, csrfToken: csrfToken, expiresAt: expiresAt) }
    }

    public func session(tokenDigest: String) throws(RegistryError) -> UserSession? {
        try wrapping { try store.session(tokenDigest: tokenDigest) }
    }

    public func endSession(tokenDigest: String) throws(RegistryError) {
        try wrapping { try store.endSession(tokenDigest: tokenDigest) }
    }
}

extension Registry {
    /// A failed sign-in, in the history (who was tried, from where, why).
    public func recordSignInFailure(username: String, address: String, reason: String) throws(RegistryError) {
        try wrapping { try store.recordSignInFailure(username: username, address: address, reason: reason) }
    }
}
