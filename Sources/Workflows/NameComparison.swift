import Foundation

/// How names entered by people are compared with names in the layers: the sample layers
/// carry "（示意边界）"-style remarks and people write "柳城县大埔镇" for "大埔镇".
enum NameComparison {
    /// Without bracketed remarks and spaces.
    static func normalised(_ text: String) -> String {
        var out = ""
        var depth = 0
        for ch in text {
            switch ch {
            case "（", "(": depth += 1
            case "）", ")": depth = max(0, depth - 1)
            case " ", "\u{3000}", "\t": continue
            default: if depth == 0 { out.append(ch) }
            }
        }
        return out
    }

    /// Whether an entered name means the derived one: equal, or one contains the other, once normalised.
    static func agrees(_ entered: String, _ derived: String) -> Bool {
        let a = normalised(entered), b = normalised(derived)
        guard !a.isEmpty, !b.isEmpty else { return a == b }
        return a == b || a.contains(b) || b.contains(a)
    }

    /// 左/右 from what people write: 左岸, 左, left, L.
    static func bank(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.contains("左") || t == "left" || t == "l" { return "left" }
        if t.contains("右") || t == "right" || t == "r" { return "right" }
        return nil
    }
}
