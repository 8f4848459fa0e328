/// One stated reason why an outfall is abnormal (已查明存在异常): the set the 30/70/100 %
/// targets count. A reason is confirmed or dismissed by a person with a note; an outfall is
/// abnormal while it has at least one confirmed reason.
public struct AbnormalReason: LedgerEntity {
    public static let kind = EntityKind(rawValue: "abnormal")

    public var id: Int64?
    public var outfallID: Int64
    public var source: AbnormalSource
    public var reason: String
    public var state: AbnormalState
    public var note: String?

    public init(id: Int64? = nil, outfallID: Int64, source: AbnormalSource, reason: String, state: AbnormalState = .confirmed, note: String? = nil) {
        self.id = id
        self.outfallID = outfallID
        self.source = source
        self.reason = reason
        self.state = state
        self.note = note
    }
}

/// Where a reason came from.
public enum AbnormalSource: String, Codable, Sendable, CaseIterable {
    /// 人工添加: an inspection, a tip, a person's finding.
    case manual
    /// 超标排放 (monitoring).
    case exceedance
    /// 旱天直排 at a storm outlet.
    case dryWeather = "dry_weather"
    /// 违法设置 from the siting screening.
    case siting
    /// Sewage traced into a storm outlet.
    case tracing
    /// A problem type recorded by a reviewed survey.
    case survey
    /// 群众举报 found true by a handler.
    case tip
    /// A problem found by a 双随机 inspection (`inspection result --problem`).
    case inspection

    public var label: String {
        switch self {
        case .manual: "人工添加"
        case .exceedance: "超标排放"
        case .dryWeather: "旱天直排"
        case .siting: "违法设置"
        case .tracing: "溯源发现污水混入"
        case .survey: "排查发现问题"
        case .tip: "群众举报属实"
        case .inspection: "双随机检查发现问题"
        }
    }
}

public enum AbnormalState: String, Codable, Sendable, CaseIterable {
    case confirmed, dismissed

    public var label: String {
        switch self {
        case .confirmed: "已确认"
        case .dismissed: "已排除"
        }
    }
}
