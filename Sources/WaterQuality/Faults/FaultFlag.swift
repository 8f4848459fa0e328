/// A reading (or run of readings) that looks like a monitoring device's fault rather than
/// the water: a stuck sensor, an impossible value, a sudden step, a gap in an online series.
/// A person decides whether the alarm is real or a fault.
public struct FaultFlag: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The same value reading after reading (a stuck sensor).
        case flatLine = "flat_line"
        /// Physically impossible: BOD5 above COD, NH3-N above TN at the same time, DO above saturation.
        case impossible
        /// A jump of ten times (or to a tenth of) the recent median.
        case step
        /// A hole in an online series much longer than its usual interval.
        case gap

        public var label: String {
            switch self {
            case .flatLine: "数值长时间不变（疑似设备卡滞）"
            case .impossible: "物理上不可能的数值"
            case .step: "数值突变"
            case .gap: "数据中断"
            }
        }
    }

    /// Stable across runs: `flat_line:COD:2024-06-25T00:00:00.000Z`.
    public var id: String
    public var point: SamplePoint
    public var parameter: Parameter
    public var kind: Kind
    /// The China-local days the flagged readings fall on.
    public var days: [String]
    public var detail: String
}

/// A person's decision on an alarm: the exceedance is real, or the device was at fault.
public enum AlarmDecisionKind: String, Sendable, Codable, CaseIterable {
    case real, fault

    public var label: String { self == .real ? "属实（按超标处理）" : "设备故障（不计超标）" }
}

public struct AlarmDecision: Sendable, Codable, Hashable {
    public var decision: AlarmDecisionKind
    public var note: String?
    public var by: String
    public var at: String

    public init(decision: AlarmDecisionKind, note: String?, by: String, at: String) {
        self.decision = decision
        self.note = note
        self.by = by
        self.at = at
    }
}
