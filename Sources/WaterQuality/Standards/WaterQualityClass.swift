/// GB 3838-2002 classes I (best) to V, and 劣V (worse than V). Mirrors the registry's
/// `WaterClass` (same raw values) so this module needs nothing but JSON.
public enum WaterQualityClass: Int, Sendable, Codable, Comparable, CaseIterable {
    case i = 1
    case ii, iii, iv, v, worseThanV

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

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

    public init?(roman: String) {
        guard let found = Self.allCases.first(where: { $0.roman == roman.trimmingWhitespace.uppercased().replacingAll(["劣": "劣"]) }) else {
            return nil
        }
        self = found
    }

    public var label: String { roman + "类" }
}

/// Rivers and lakes/reservoirs are held to different TP limits, and only lakes to TN.
public enum WaterBody: String, Sendable, Codable {
    case river, lake

    public var label: String { self == .river ? "河流" : "湖库" }
}
