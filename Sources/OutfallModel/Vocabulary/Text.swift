extension String {
    /// Without leading/trailing white space, including the full-width space U+3000.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }),
            let last = scalars.lastIndex(where: { !$0.isSpace })
        else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    /// The form used to compare vocabulary and property names: lower-cased, full-width ASCII
    /// folded (Chinese input methods type "ＩＩ"), and white space, hyphens and underscores
    /// removed ("Drinking-Water" = "drinking_water"). Hand-rolled: it runs for every
    /// property of every imported feature, and Foundation's trimming is slow on Linux.
    var vocabularyKey: String {
        var folded = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }  // full-width ASCII
            if value == 0x5F || value == 0x2D { continue }  // _ and -
            guard let folding = Unicode.Scalar(value), !folding.isSpace else { continue }
            if folding.isASCII {
                folded.append((0x41...0x5A).contains(value) ? Unicode.Scalar(value + 0x20) ?? folding : folding)
            } else if value < 0x3000 {
                // Latin, Greek, Roman numerals (Ⅱ/ⅱ)…; CJK above U+3000 has no case.
                folded.append(contentsOf: folding.properties.lowercaseMapping.unicodeScalars)
            } else {
                folded.append(folding)
            }
        }
        return String(folded)
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space characters, listed: asking the property database is slow and
    /// runs for every character of every property name imported.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

/// A closed vocabulary whose values are accepted by canonical name, by Chinese label or by
/// any alias; used for outfall types, zone kinds and the like.
public protocol Vocabulary: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    /// The Chinese label shown to users.
    var label: String { get }
    /// More ways to write it, besides the raw value and the label.
    var aliases: [String] { get }
    /// Every accepted spelling's comparison form → its term. Each type keeps one, built once
    /// by ``makeLookup()``: parsing runs for every imported feature.
    static var lookup: [String: Self] { get }
}

extension Vocabulary {
    public var aliases: [String] { [] }

    public static func makeLookup() -> [String: Self] {
        var table: [String: Self] = [:]
        for term in allCases {
            for spelling in [term.rawValue, term.label] + term.aliases where table[spelling.vocabularyKey] == nil {
                table[spelling.vocabularyKey] = term
            }
        }
        return table
    }

    public init?(parsing text: String) {
        guard let match = Self.lookup[text.vocabularyKey] else { return nil }
        self = match
    }

    /// "a（甲）、b（乙）…": what an error message lists as acceptable.
    public static var acceptedValues: String {
        allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")
    }
}
