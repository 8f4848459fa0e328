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
