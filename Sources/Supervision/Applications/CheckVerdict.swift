/// The siting check's verdict as a case keeps it. Same names as the rules engine's severities
/// (the workflow domain does not depend on the engine; the use case maps one onto the other).
public enum CheckVerdict: String, Codable, Sendable, CaseIterable, Comparable {
    case clear, notice, review, restricted, prohibited

    private var rank: Int {
        switch self {
        case .clear: 0
        case .notice: 1
        case .review: 2
        case .restricted: 3
        case .prohibited: 4
        }
    }

    public static func < (a: CheckVerdict, b: CheckVerdict) -> Bool { a.rank < b.rank }

    public var label: String {
        switch self {
        case .prohibited: "禁止设置（违法设置）"
        case .restricted: "严格控制"
        case .review: "需征求意见/审查"
        case .notice: "提示"
        case .clear: "未发现问题"
        }
    }
}
