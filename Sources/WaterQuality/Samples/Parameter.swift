/// A monitored item (监测指标). Raw values are the short codes the standards use; Chinese
/// names and common spellings are accepted when reading files.
public enum Parameter: String, Sendable, Codable, CaseIterable, Comparable {
    case cod = "COD"
    case bod5 = "BOD5"
    case ammonia = "NH3-N"
    case totalPhosphorus = "TP"
    case totalNitrogen = "TN"
    case suspendedSolids = "SS"
    case pH = "pH"
    case dissolvedOxygen = "DO"
    case permanganateIndex = "CODMn"
    case faecalColiform = "faecal_coliform"
    case waterTemperature = "water_temperature"
    case flow = "flow"

    /// The Chinese name used in standards and lab reports.
    public var label: String {
        switch self {
        case .cod: "化学需氧量"
        case .bod5: "五日生化需氧量"
        case .ammonia: "氨氮"
        case .totalPhosphorus: "总磷"
        case .totalNitrogen: "总氮"
        case .suspendedSolids: "悬浮物"
        case .pH: "pH值"
        case .dissolvedOxygen: "溶解氧"
        case .permanganateIndex: "高锰酸盐指数"
        case .faecalColiform: "粪大肠菌群"
        case .waterTemperature: "水温"
        case .flow: "流量"
        }
    }

    /// The unit values are stored and judged in.
    public var canonicalUnit: MeasurementUnit {
        switch self {
        case .pH: .none
        case .faecalColiform: .countPerLitre
        case .waterTemperature: .celsius
        case .flow: .cubicMetresPerDay
        default: .milligramsPerLitre
        }
    }

    private var spellings: [String] {
        switch self {
        case .cod: ["cod", "codcr", "cod_cr", "化学需氧量", "化学耗氧量"]
        case .bod5: ["bod5", "bod", "bod₅", "五日生化需氧量", "生化需氧量"]
        case .ammonia: ["nh3-n", "nh3n", "nh3_n", "nh₃-n", "ammonia", "ammonia_nitrogen", "氨氮", "氨氮(nh3-n)"]
        case .totalPhosphorus: ["tp", "total_phosphorus", "总磷", "总磷(以p计)", "磷酸盐", "磷酸盐(以p计)"]
        case .totalNitrogen: ["tn", "total_nitrogen", "总氮", "总氮(以n计)"]
        case .suspendedSolids: ["ss", "suspended_solids", "悬浮物", "悬浮固体"]
        case .pH: ["ph", "ph值", "酸碱度"]
        case .dissolvedOxygen: ["do", "dissolved_oxygen", "溶解氧"]
        case .permanganateIndex: ["codmn", "cod_mn", "permanganate_index", "高锰酸盐指数"]
        case .faecalColiform: ["faecal_coliform", "fecal_coliform", "faecal coliform", "fecal coliform", "粪大肠菌群", "粪大肠菌群数"]
        case .waterTemperature: ["water_temperature", "temperature", "水温", "温度"]
        case .flow: ["flow", "discharge", "流量", "排水量", "污水流量"]
        }
    }

    /// Reads a code, a Chinese name or a common spelling (case, spaces and full-width
    /// brackets ignored); nil when it names none of the items.
    public init?(parsing text: String) {
        let key = Self.key(text)
        guard let found = Self.allCases.first(where: { p in ([p.rawValue] + p.spellings).contains { Self.key($0) == key } }) else {
            return nil
        }
        self = found
    }

    static func key(_ text: String) -> String {
        var s = text.trimmingWhitespace.lowercased()
        s = s.replacingAll(["（": "(", "）": ")", " ": "", "\u{3000}": "", "－": "-", "—": "-"])
        return s
    }

    public static func < (a: Parameter, b: Parameter) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    func replacingAll(_ map: [String: String]) -> String {
        var out = ""
        for c in self { out += map[String(c)] ?? String(c) }
        return out
    }
}
