/// A source trace (溯源) of one outfall: how it was done and which units were found.
public struct Trace: LedgerEntity {
    public static let kind = EntityKind.trace

    public var id: Int64?
    public var outfallID: Int64
    public var tracedOn: String
    public var method: TraceMethod
    /// Technique detail for technical tracing (染色, CCTV, 声呐…).
    public var technique: String?
    /// The units found; `mainUnitID` is one of them when there are several.
    public var unitIDs: [Int64]
    public var mainUnitID: Int64?
    /// 混排: mixed sewage and storm water.
    public var mixed: Bool
    /// Problem types from the list in SUPERVISION.md.
    public var problems: [String]
    /// Path nodes from the outfall upstream (manholes, junctions), as free text.
    public var pathNodes: [String]
    /// Evidence attachments by SHA-256.
    public var evidence: [String]
    public var result: TraceResult
    /// Whether sewage was found (for a storm outlet, a sign of 借道/混接).
    public var sewageFound: Bool
    public var note: String?

    public init(
        id: Int64? = nil, outfallID: Int64, tracedOn: String, method: TraceMethod, technique: String? = nil, unitIDs: [Int64] = [],
        mainUnitID: Int64? = nil, mixed: Bool = false, problems: [String] = [], pathNodes: [String] = [], evidence: [String] = [],
        result: TraceResult, sewageFound: Bool = false, note: String? = nil
    ) {
        self.id = id
        self.outfallID = outfallID
        self.tracedOn = tracedOn
        self.method = method
        self.technique = technique
        self.unitIDs = unitIDs
        self.mainUnitID = mainUnitID
        self.mixed = mixed
        self.problems = problems
        self.pathNodes = pathNodes
        self.evidence = evidence
        self.result = result
        self.sewageFound = sewageFound
        self.note = note
    }
}

public enum TraceMethod: String, Codable, Sendable, CaseIterable {
    /// 资料溯源
    case records
    /// 人工排查
    case manual
    /// 技术溯源 (dye, CCTV, sonar…)
    case technical

    public var label: String {
        switch self {
        case .records: "资料溯源"
        case .manual: "人工排查"
        case .technical: "技术溯源"
        }
    }
}

public enum TraceResult: String, Codable, Sendable, CaseIterable {
    /// 1口对1源
    case oneSource = "one_source"
    /// 1口对多源
    case manySources = "many_sources"
    /// 未能确定
    case undetermined

    public var label: String {
        switch self {
        case .oneSource: "1口对1源"
        case .manySources: "1口对多源"
        case .undetermined: "未能确定"
        }
    }
}
