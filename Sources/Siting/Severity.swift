/// How serious a finding is. A check's verdict is its most severe finding, or `clear`.
public enum Severity: String, CaseIterable, Comparable, Sendable, Codable {
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

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// 违法设置 / 严格控制 / 需征求意见或审查 / 提示 / 未发现问题
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
