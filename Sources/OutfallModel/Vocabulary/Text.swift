import Foundation

extension String {
    /// Without leading/trailing white space, including the full-width space U+3000.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The form used to compare vocabulary: trimmed, lower-cased, full-width ASCII folded,
    /// and spaces, hyphens and underscores removed ("Drinking-Water" = "drinking_water").
    var vocabularyKey: String {
        var folded = String.UnicodeScalarView()
        for scalar in trimmed.unicodeScalars {
            // Full-width ASCII (Ｉ, ２, ＿) as typed by Chinese input methods → ASCII.
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                folded.append(ascii)
            } else {
                folded.append(scalar)
            }
        }
        return String(String(folded).lowercased().filter { !" _-\u{3000}".contains($0) })
    }
}

/// A closed vocabulary whose values are accepted by canonical name, by Chinese label or by
/// any alias; used for outfall types, zone kinds and the like.
public protocol Vocabulary: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    /// The Chinese label shown to users.
    var label: String { get }
    /// More ways to write it, besides the raw value and the label.
    var aliases: [String] { get }
}

extension Vocabulary {
    public var aliases: [String] { [] }

    public init?(parsing text: String) {
        let key = text.vocabularyKey
        guard !key.isEmpty,
            let match = Self.allCases.first(where: { term in
                ([term.rawValue, term.label] + term.aliases).contains { $0.vocabularyKey == key }
            })
        else { return nil }
        self = match
    }

    /// "a（甲）、b（乙）…": what an error message lists as acceptable.
    public static var acceptedValues: String {
        allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")
    }
}
