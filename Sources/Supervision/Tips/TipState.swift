import Foundation

/// Where a tip from the public (群众举报) stands. JSON uses the stable English names; pages and
/// the tracking page the Chinese labels.
public enum TipState: String, Codable, Sendable, CaseIterable {
    /// 已收到: submitted, nobody has taken it up yet.
    case received
    /// 核查中: a handler is verifying it (on site, against the ledger).
    case verifying
    /// 已办结: handled, with an answer the tipster can read on the tracking page.
    case resolved
    /// 不予受理: not taken up (outside the bureau's remit, no usable content), with the reason published.
    case rejected

    public var label: String {
        switch self {
        case .received: "已收到"
        case .verifying: "核查中"
        case .resolved: "已办结"
        case .rejected: "不予受理"
        }
    }

    /// Resolved or rejected: nothing more happens unless a handler reopens it.
    public var isClosed: Bool { self == .resolved || self == .rejected }

    /// The state named on the command line or in a form: the English name or the Chinese label.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let found = Self.allCases.first(where: { $0.rawValue == t || $0.label == t }) else { return nil }
        self = found
    }
}

/// What a handler can do to a tip.
public enum TipEvent: String, Codable, Sendable, CaseIterable {
    /// 开始核查.
    case verify
    /// 办结, with a published answer (and, when the tip proved true, the outfall it concerns).
    case resolve
    /// 不予受理, with the reason published as the answer.
    case reject
    /// 重新核查: a closed tip taken up again (a follow-up, an answer found wanting), with a reason.
    case reopen

    public var label: String {
        switch self {
        case .verify: "开始核查"
        case .resolve: "办结"
        case .reject: "不予受理"
        case .reopen: "重新核查"
        }
    }
}

/// What the handler brings to a step, checked by the transition function.
public struct TipFacts: Sendable, Equatable {
    /// A non-empty answer for the public (办结 and 不予受理 publish one).
    public var hasAnswer: Bool
    /// The handler found the tip true (情况属实): it becomes an abnormal reason of an outfall …
    public var confirmed: Bool
    /// … so an outfall must be linked.
    public var hasOutfall: Bool
    /// A reason for reopening.
    public var hasReason: Bool

    public init(hasAnswer: Bool = false, confirmed: Bool = false, hasOutfall: Bool = false, hasReason: Bool = false) {
        self.hasAnswer = hasAnswer
        self.confirmed = confirmed
        self.hasOutfall = hasOutfall
        self.hasReason = hasReason
    }
}

extension TipState {
    /// The one transition function of a tip: the state after `event` given what the handler
    /// brings, or why the step is refused.
    public func after(_ event: TipEvent, facts: TipFacts) -> Result<TipState, LifecycleRefusal> {
        switch (self, event) {
        case (.received, .verify):
            return .success(.verifying)
        case (.verifying, .resolve):
            if !facts.hasAnswer { return .failure(.init("办结须填写公开答复（举报人凭查询码可见）")) }
            if facts.confirmed && !facts.hasOutfall { return .failure(.init("情况属实须指明涉及的排污口")) }
            return .success(.resolved)
        case (.received, .reject), (.verifying, .reject):
            if facts.confirmed { return .failure(.init("不予受理的举报不能认定属实")) }
            return facts.hasAnswer ? .success(.rejected) : .failure(.init("不予受理须说明理由（公开答复）"))
        case (.resolved, .reopen), (.rejected, .reopen):
            return facts.hasReason ? .success(.verifying) : .failure(.init("重新核查须说明原因"))
        case (.received, .resolve):
            return .failure(.init("须先开始核查"))
        case (.verifying, .verify):
            return .failure(.init("已在核查中"))
        case (.resolved, .verify), (.resolved, .resolve), (.resolved, .reject),
            (.rejected, .verify), (.rejected, .resolve), (.rejected, .reject):
            return .failure(.init("已\(label)；如需继续处理请“重新核查”并说明原因"))
        case (.received, .reopen), (.verifying, .reopen):
            return .failure(.init("只有已办结或不予受理的举报可以重新核查"))
        }
    }
}
