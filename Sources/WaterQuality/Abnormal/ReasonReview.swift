/// A person's decision on one reason an outfall was found abnormal: confirmed (it stands and
/// counts toward the remediation targets), dismissed (with a note saying why), or pending.
public enum ReasonReviewState: String, Sendable, Codable, CaseIterable {
    case pending, confirmed, dismissed

    public var label: String {
        switch self {
        case .pending: "待确认"
        case .confirmed: "已确认"
        case .dismissed: "已排除"
        }
    }

    public enum Event: String, Sendable, CaseIterable {
        case confirm, dismiss, reopen

        public var label: String {
            switch self {
            case .confirm: "确认"
            case .dismiss: "排除"
            case .reopen: "重新待确认"
            }
        }
    }

    /// The state after `event`, or nil when the step makes no sense from here (confirming
    /// what is confirmed, reopening what is pending). A person may change their mind: a
    /// confirmed reason can be dismissed and the other way round, each with a note.
    public func after(_ event: Event) -> ReasonReviewState? {
        switch (self, event) {
        case (.pending, .confirm): .confirmed
        case (.pending, .dismiss): .dismissed
        case (.pending, .reopen): nil
        case (.confirmed, .confirm): nil
        case (.confirmed, .dismiss): .dismissed
        case (.confirmed, .reopen): .pending
        case (.dismissed, .confirm): .confirmed
        case (.dismissed, .dismiss): nil
        case (.dismissed, .reopen): .pending
        }
    }
}

/// The latest decision on one reason.
public struct ReasonDecision: Sendable, Codable, Hashable {
    public var state: ReasonReviewState
    public var note: String?
    public var by: String
    /// UTC ISO 8601.
    public var at: String

    public init(state: ReasonReviewState, note: String?, by: String, at: String) {
        self.state = state
        self.note = note
        self.by = by
        self.at = at
    }
}
