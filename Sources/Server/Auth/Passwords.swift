import HummingbirdBcrypt

/// Passwords are kept only as bcrypt hashes (a deliberately slow KDF, cost 12: about a
/// quarter of a second per guess on this hardware).
public enum Passwords {
    public static let minimumLength = 10

    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 12) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// Why `password` is not acceptable, or nil.
    public static func problem(with password: String) -> String? {
        password.count < minimumLength ? "密码至少 \(minimumLength) 个字符 (at least \(minimumLength) characters)" : nil
    }
}
