/// The units lab reports use, and what each converts to. A value is converted only into
/// its parameter's canonical unit, and only from a unit of the same dimension: mg/L for a
/// flow is refused, never guessed at.
public enum MeasurementUnit: String, Sendable, Codable, CaseIterable {
    case milligramsPerLitre = "mg/L"
    case microgramsPerLitre = "μg/L"
    /// pH has no unit (无量纲).
    case none = ""
    case cubicMetresPerDay = "m³/d"
    case cubicMetresPerHour = "m³/h"
    case cubicMetresPerSecond = "m³/s"
    case litresPerSecond = "L/s"
    /// 个/L as GB 3838 and GB 18918 write faecal coliform; MPN/L and CFU/L are the lab
    /// methods' names for the same count per litre.
    case countPerLitre = "个/L"
    case countPer100Millilitres = "个/100mL"
    case celsius = "°C"

    enum Dimension { case concentration, dimensionless, flow, count, temperature }

    var dimension: Dimension {
        switch self {
        case .milligramsPerLitre, .microgramsPerLitre: .concentration
        case .none: .dimensionless
        case .cubicMetresPerDay, .cubicMetresPerHour, .cubicMetresPerSecond, .litresPerSecond: .flow
        case .countPerLitre, .countPer100Millilitres: .count
        case .celsius: .temperature
        }
    }

    /// Multiply by this to get the dimension's canonical unit (mg/L, m³/d, 个/L).
    var factor: Double {
        switch self {
        case .milligramsPerLitre, .none, .cubicMetresPerDay, .countPerLitre, .celsius: 1
        case .microgramsPerLitre: 0.001
        case .cubicMetresPerHour: 24
        case .cubicMetresPerSecond: 86_400
        case .litresPerSecond: 86.4  // 1 L/s = 0.001 m³ × 86 400 s
        case .countPer100Millilitres: 10
        }
    }

    private var spellings: [String] {
        switch self {
        case .milligramsPerLitre: ["mg/l", "毫克/升", "mg/dm3"]
        case .microgramsPerLitre: ["μg/l", "µg/l", "ug/l", "微克/升"]
        case .none: ["", "无量纲", "无", "-", "—", "ph", "ph单位"]
        case .cubicMetresPerDay: ["m³/d", "m3/d", "立方米/天", "立方米/日", "m³/天", "m3/天"]
        case .cubicMetresPerHour: ["m³/h", "m3/h", "立方米/小时", "立方米/时"]
        case .cubicMetresPerSecond: ["m³/s", "m3/s", "立方米/秒"]
        case .litresPerSecond: ["l/s", "升/秒"]
        case .countPerLitre: ["个/l", "mpn/l", "cfu/l"]
        case .countPer100Millilitres: ["个/100ml", "mpn/100ml", "cfu/100ml"]
        case .celsius: ["°c", "℃", "摄氏度", "oc"]
        }
    }

    /// Reads a unit as labs write it (case, spaces, full-width slash ignored).
    public init?(parsing text: String) {
        let key = text.trimmingWhitespace.lowercased().replacingAll(["／": "/", " ": "", "\u{3000}": ""])
        guard let found = Self.allCases.first(where: { $0.spellings.contains(key) }) else { return nil }
        self = found
    }

    /// The units a person may give for `parameter`.
    public static func accepted(for parameter: Parameter) -> [MeasurementUnit] {
        allCases.filter { $0.dimension == parameter.canonicalUnit.dimension }
    }

    /// `value` in this unit, converted to `parameter`'s canonical unit; refused when this
    /// unit does not measure that parameter.
    public func convert(_ value: Double, for parameter: Parameter) throws(WaterQualityError) -> Double {
        guard dimension == parameter.canonicalUnit.dimension else {
            throw .wrongUnit(parameter: parameter, unit: self)
        }
        return value * factor
    }

    public var label: String { self == .none ? "无量纲" : rawValue }
}
