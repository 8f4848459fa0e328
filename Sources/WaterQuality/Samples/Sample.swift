/// Where a sample was taken: an outfall (by its layer id) or a monitoring section.
public struct SamplePoint: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case outfall, section }
    public var kind: Kind
    /// The feature's id in the `outfalls` or `sections` layer.
    public var id: Int64
    /// The name or key it had when the sample was entered, for display.
    public var name: String

    public init(kind: Kind, id: Int64, name: String) {
        self.kind = kind
        self.id = id
        self.name = name
    }
}

/// 瞬时样 (a grab sample) or 混合样 (a composite, e.g. 24 h at least every 2 h).
public enum SampleKind: String, Sendable, Codable, CaseIterable {
    case spot, composite

    public var label: String { self == .spot ? "瞬时样" : "混合样" }

    public init?(parsing text: String) {
        switch text.trimmingWhitespace.lowercased() {
        case "spot", "grab", "瞬时样", "瞬时", "瞬时采样", "单次": self = .spot
        case "composite", "混合样", "混合", "24h混合样", "日均混合样", "混合采样": self = .composite
        default: return nil
        }
    }
}

/// One measured value at one point and time, already in its parameter's canonical unit.
public struct Sample: Sendable, Codable, Hashable {
    public var id: Int64?
    public var point: SamplePoint
    /// UTC ISO 8601.
    public var sampledAt: String
    /// The China-time calendar day (`YYYY-MM-DD`) the sample belongs to: daily means group on it.
    public var day: String
    public var parameter: Parameter
    /// In ``Parameter/canonicalUnit``.
    public var value: MeasuredValue
    /// The unit the file gave (the value was converted from it).
    public var reportedUnit: MeasurementUnit
    public var sampleKind: SampleKind
    public var lab: String?

    public init(
        id: Int64? = nil, point: SamplePoint, sampledAt: String, day: String, parameter: Parameter, value: MeasuredValue,
        reportedUnit: MeasurementUnit, sampleKind: SampleKind, lab: String? = nil
    ) {
        self.id = id
        self.point = point
        self.sampledAt = sampledAt
        self.day = day
        self.parameter = parameter
        self.value = value
        self.reportedUnit = reportedUnit
        self.sampleKind = sampleKind
        self.lab = lab
    }

    /// A sample from what a file says: the value is parsed and converted from `unit` to the
    /// parameter's canonical unit; a unit that does not measure the parameter is refused.
    public static func reading(
        point: SamplePoint, sampledAt: String, day: String, parameter: Parameter, value: String, unit: String, kind: SampleKind,
        lab: String?
    ) throws(WaterQualityError) -> Sample {
        guard let given = MeasurementUnit(parsing: unit) else { throw .unknownUnit(unit) }
        // Refuses a unit of another dimension (mg/L for a flow, none for a concentration).
        let factor = try given.convert(1, for: parameter)
        let measured = try MeasuredValue(parsing: value, allowNegative: parameter == .waterTemperature)
        if parameter == .waterTemperature, let n = measured.number, !(-5...60).contains(n) {
            throw .badValue(value, reason: "水温应在 −5–60 °C 之间 (water temperature out of range)")
        }
        if parameter == .pH, let n = measured.number, n > 14 { throw .badValue(value, reason: "pH 应在 0–14 之间 (pH out of 0–14)") }
        return Sample(
            point: point, sampledAt: sampledAt, day: day, parameter: parameter, value: measured.scaled(by: factor), reportedUnit: given,
            sampleKind: kind, lab: lab)
    }
}
