/// A tip's tracking number (查询码): 12 characters of Crockford base32 (no I, L, O, U), 60
/// random bits from the system's generator — unguessable, so the number alone is what lets a
/// tipster follow the tip without an account, and short enough to copy from a phone.
public enum TrackingNumber {
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 12

    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The number as typed (lower case, spaces, hyphens, O for 0, I/L for 1) in its canonical
    /// form, or nil when it cannot be one.
    public static func normalized(_ text: String) -> String? {
        var out: [Character] = []
        for c in text.uppercased() where c != " " && c != "-" {
            let mapped: Character
            switch c {
            case "O": mapped = "0"
            case "I", "L": mapped = "1"
            default: mapped = c
            }
            guard alphabet.contains(mapped) else { return nil }
            out.append(mapped)
            if out.count > length { return nil }
        }
        return out.count == length ? String(out) : nil
    }
}
