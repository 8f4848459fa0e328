/// GB 3838-2002 surface-water quality classes, I (best) to V, and 劣V (worse than V).
public enum WaterClass: Int, Comparable, Sendable, CaseIterable, Codable {
    case i = 1, ii, iii, iv, v, worseThanV

    /// Reads "II", "Ⅱ", "2", "II类", "二类", "劣V", "劣五类".
    public init?(parsing text: String) {
        var t = text.vocabularyKey
        for suffix in ["类水质", "类水", "类"] where t.hasSuffix(suffix) { t.removeLast(suffix.count) }
        for prefix in ["class", "gb3838"] where t.hasPrefix(prefix) { t.removeFirst(prefix.count) }
        let worse = t.hasPrefix("劣")
        if worse { t.removeFirst() }
        let romanNumerals: [String: Int] = [
            "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5,
            "ⅰ": 1, "ⅱ": 2, "ⅲ": 3, "ⅳ": 4, "ⅴ": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
            "1": 1, "2": 2, "3": 3, "4": 4, "5": 5,
        ]
        guard let n = romanNumerals[t] else { return nil }
        if worse {
            guard n == 5 else { return nil }
            self = .worseThanV
        } else {
            self = WaterClass(rawValue: n) ?? .v
        }
    }

    public static func < (a: WaterClass, b: WaterClass) -> Bool { a.rawValue < b.rawValue }

    /// "I" … "V", "劣V".
    public var roman: String {
        switch self {
        case .i: "I"
        case .ii: "II"
        case .iii: "III"
        case .iv: "IV"
        case .v: "V"
        case .worseThanV: "劣V"
        }
    }

    public var label: String { self == .worseThanV ? "劣V类" : roman + "类" }
}
