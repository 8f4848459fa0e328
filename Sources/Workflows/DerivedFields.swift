import Foundation
import JSON

/// What the layers say about one outfall — township, receiving water and bank, water-function
/// zone and its target, the nearest national section downstream — kept beside what people
/// entered, never written over it. Where the two disagree, the disagreement is listed for a
/// person to settle (issue item 13: derived fields flagged, not overwritten).
public struct DerivedFields: Sendable, Equatable {
    public var outfallID: Int64
    /// 属地: the township polygon covering the outfall.
    public var township: String?
    /// River of the reach the outfall snaps to, its reach code, and the bank (left/right looking downstream).
    public var receivingWater: String?
    public var reachCode: String?
    public var bank: String?
    public var bankLabel: String?
    /// The water-function zone covering the point where the outfall meets the river, and its target class.
    public var waterFunctionZone: String?
    public var waterFunctionTarget: String?
    /// The nearest national (国控) monitoring section downstream and the network distance to it.
    public var downstreamSection: String?
    public var downstreamDistance: Double?
    /// Why a value could not be derived (not snapped, no township layer…).
    public var notes: [String]
    public var disagreements: [DerivedDisagreement]

    public init(outfallID: Int64) {
        self.outfallID = outfallID
        notes = []
        disagreements = []
    }
}

/// A hand-entered value that differs from the one derived from the layers.
public struct DerivedDisagreement: Sendable, Equatable {
    /// `township`, `receiving_water` or `bank`.
    public var field: String
    /// 乡镇, 受纳水体, 岸别.
    public var label: String
    public var derived: String?
    public var entered: String
    /// Where the entered value came from: the outfall's property or a survey record.
    public var source: String
}

extension DerivedFields {
    public var json: JSONValue {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            ("outfall_id", .number(Double(outfallID))),
            ("township", s(township)),
            ("receiving_water", s(receivingWater)),
            ("reach_code", s(reachCode)),
            ("bank", s(bank)),
            ("bank_label", s(bankLabel)),
            ("water_function_zone", s(waterFunctionZone)),
            ("water_function_target", s(waterFunctionTarget)),
            ("downstream_national_section", s(downstreamSection)),
            ("downstream_distance_m", downstreamDistance.map { .number(($0 * 10).rounded() / 10) } ?? .null),
            ("notes", .array(notes.map(JSONValue.string))),
            ("disagreements", .array(disagreements.map(\.json))),
        ]))
    }
}

extension DerivedDisagreement {
    public var json: JSONValue {
        .object(JSONObject([
            ("field", .string(field)), ("label", .string(label)), ("derived", derived.map(JSONValue.string) ?? .null),
            ("entered", .string(entered)), ("source", .string(source)),
        ]))
    }
}

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
