/// 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from a
/// 31-character set (digits and capital letters without I, O, Z, S, V), the last one a
/// check character computed from the first 17.
///
/// Layout: 1 登记管理部门代码, 2 机构类别代码, 3–8 登记管理机关行政区划码 (six digits),
/// 9–17 主体标识码 (the organisation code), 18 校验码.
///
/// ## Topics
/// - Checking: ``problem(with:)``, ``validated(_:)``
/// - The check character: ``checkCharacter(for:)``
public enum CreditCode {
    /// The code set in value order: `0`–`9` are 0–9, `A` is 10 … `Y` is 30.
    public static let characters: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// Weights of positions 1–17 (3^(i-1) mod 31).
    public static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    static let values: [Character: Int] = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })

    /// The check character for the first 17 characters, or nil if they are not 17 characters
    /// of the code set. C18 = 31 − (Σ Ci·Wi mod 31), where 31 is written `0`.
    public static func checkCharacter(for first17: String) -> Character? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (char, weight) in zip(chars, weights) {
            guard let value = values[char] else { return nil }
            sum += value * weight
        }
        let check = 31 - sum % 31
        return characters[check == 31 ? 0 : check]
    }

    /// What a person typed, as the code is stored: spaces removed, letters upper-cased.
    public static func normalized(_ text: String) -> String {
        String(text.filter { !$0.isWhitespace }).uppercased()
    }

    /// Why `code` (already normalized) is not a valid code, in Chinese with the English in
    /// brackets, or nil if it is valid.
    public static func problem(with code: String) -> String? {
        let chars = Array(code)
        guard chars.count == 18 else {
            return "应为 18 位，实为 \(chars.count) 位 (must be 18 characters)"
        }
        for (i, char) in chars.enumerated() where values[char] == nil {
            let hint = "IOZSV".contains(char) ? "（代码中不使用 I、O、Z、S、V）" : ""
            return "第 \(i + 1) 位“\(char)”不是代码字符\(hint) (character \(i + 1) is not in the code set)"
        }
        if let bad = chars[2..<8].firstIndex(where: { !$0.isASCII || !$0.isNumber }) {
            return "第 3–8 位应为行政区划码（数字），第 \(bad + 1) 位为“\(chars[bad])” (characters 3–8 are the area code)"
        }
        guard let expected = checkCharacter(for: String(chars[0..<17])) else { return "无法计算校验码 (cannot compute the check character)" }
        guard chars[17] == expected else {
            return "校验码应为 \(expected)，实为 \(chars[17]) (check character should be \(expected))"
        }
        return nil
    }

    /// The normalized code, or a refusal naming `subject` (the row or field) and the reason.
    public static func validated(_ text: String, subject: String) throws(LedgerError) -> String {
        let code = normalized(text)
        if let problem = problem(with: code) {
            throw .refused(subject: subject, reason: "统一社会信用代码“\(text)”无效：\(problem)")
        }
        return code
    }
}
