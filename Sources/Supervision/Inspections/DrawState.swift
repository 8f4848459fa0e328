/// Where a 双随机 draw stands. A draw is published (一公开) once, and can be voided only
/// before it is published: a published draw stays, so nobody redraws until the result suits.
public enum DrawState: String, Codable, Sendable, CaseIterable {
    /// 已抽取: drawn and stored, not yet on the public site.
    case drawn
    /// 已公开: on the public site with its seed, lists and results.
    case published
    /// 已作废: voided before publication, with the reason (kept in the ledger and the history).
    case voided

    public var label: String {
        switch self {
        case .drawn: "已抽取"
        case .published: "已公开"
        case .voided: "已作废"
        }
    }

    /// What can happen to a draw.
    public enum Event: String, Codable, Sendable, CaseIterable {
        /// 公开
        case publish
        /// 录入检查结果 for one drawn object.
        case recordResult = "record_result"
        /// 作废, with a reason.
        case void

        public var label: String {
            switch self {
            case .publish: "公开"
            case .recordResult: "录入检查结果"
            case .void: "作废"
            }
        }
    }

    /// The one transition function: the next state, or why the event is refused.
    public func after(_ event: Event) -> Result<DrawState, LifecycleRefusal> {
        switch (self, event) {
        case (.drawn, .publish): .success(.published)
        case (.drawn, .recordResult): .success(.drawn)
        case (.drawn, .void): .success(.voided)
        case (.published, .publish): .failure(LifecycleRefusal("已经公开 (already published)"))
        case (.published, .recordResult): .success(.published)
        case (.published, .void): .failure(LifecycleRefusal("已公开的抽取不能作废，以免重抽到满意为止 (a published draw cannot be voided)"))
        case (.voided, .publish): .failure(LifecycleRefusal("已作废的抽取不能公开 (voided)"))
        case (.voided, .recordResult): .failure(LifecycleRefusal("已作废的抽取不能录入结果 (voided)"))
        case (.voided, .void): .failure(LifecycleRefusal("已经作废 (already voided)"))
        }
    }
}
