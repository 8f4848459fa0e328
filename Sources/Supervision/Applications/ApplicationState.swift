import Foundation

/// Where an application stands. 审批: 已受理 → 审查中 → 已决定 → 已公开; 登记: 已提交 → 已登记 →
/// 已公开; 已撤回 from any open step. JSON uses the English names, pages the Chinese labels.
public enum ApplicationState: String, Codable, Sendable, CaseIterable {
    /// 已受理 (审批)
    case accepted
    /// 审查中 (审批): opinions being gathered.
    case underReview = "under_review"
    /// 已决定 (审批): 同意 or 不予同意, with reasons.
    case decided
    /// 已提交 (登记)
    case submitted
    /// 已登记 (登记)
    case registered
    /// 已公开: the decision or the registration is on the public site.
    case published
    /// 已撤回 by the applicant.
    case withdrawn

    public var label: String {
        switch self {
        case .accepted: "已受理"
        case .underReview: "审查中"
        case .decided: "已决定"
        case .submitted: "已提交"
        case .registered: "已登记"
        case .published: "已公开"
        case .withdrawn: "已撤回"
        }
    }

    /// Still waiting for a decision or a registration: counts toward the decision period and
    /// may be withdrawn.
    public var isOpen: Bool {
        switch self {
        case .accepted, .underReview, .submitted: true
        case .decided, .registered, .published, .withdrawn: false
        }
    }

    /// The state a new application starts in on its track.
    public static func initial(for track: ApplicationTrack) -> ApplicationState {
        switch track {
        case .approval: .accepted
        case .registration: .submitted
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let found = Self.allCases.first(where: { $0.rawValue == t.lowercased() || $0.label == t }) else { return nil }
        self = found
    }
}

/// What can happen to an application.
public enum ApplicationEvent: String, Codable, Sendable, CaseIterable {
    /// 征求意见: an authority's opinion is recorded.
    case consult
    /// 同意 (审批)
    case approve
    /// 不予同意 (审批)
    case refuse
    /// 登记 (登记表 accepted)
    case register
    /// 公开
    case publish
    /// 撤回
    case withdraw

    public var label: String {
        switch self {
        case .consult: "征求意见"
        case .approve: "同意"
        case .refuse: "不予同意"
        case .register: "登记"
        case .publish: "公开"
        case .withdraw: "撤回"
        }
    }
}

/// What the case file holds that a step may require, gathered by the use case.
public struct ApplicationFacts: Sendable, Equatable {
    /// The latest check's verdict (the filing check or the latest re-check).
    public var verdict: CheckVerdict
    /// The legal basis of its prohibiting findings.
    public var prohibitedBasis: [String]
    /// Findings that refuse new, changed or enlarged outfalls (function zone misses its target).
    public var blockingFindings: [String]
    /// Opinions the check calls for that are not on file.
    public var missingConsultations: [ConsultingAuthority]
    /// A reason is given with the step.
    public var hasReason: Bool

    public init(
        verdict: CheckVerdict, prohibitedBasis: [String] = [], blockingFindings: [String] = [], missingConsultations: [ConsultingAuthority] = [],
        hasReason: Bool = false
    ) {
        self.verdict = verdict
        self.prohibitedBasis = prohibitedBasis
        self.blockingFindings = blockingFindings
        self.missingConsultations = missingConsultations
        self.hasReason = hasReason
    }
}

extension ApplicationState {
    /// The one transition function of an application: the state after `event` given what the
    /// file holds, or why the step is refused.
    ///
    /// A refusal (不予同意) needs a reason but not the opinions when the site is prohibited:
    /// the law has already decided it. Approval and registration need every opinion, are
    /// refused for a prohibited site (with the basis) and a zone missing its target, and need
    /// a recorded reason when the site is restricted.
    public func after(_ event: ApplicationEvent, facts: ApplicationFacts) -> Result<ApplicationState, LifecycleRefusal> {
        switch (self, event) {
        case (.accepted, .consult), (.underReview, .consult):
            return .success(.underReview)
        case (.submitted, .consult):
            return .success(.submitted)
        case (.accepted, .approve), (.underReview, .approve):
            if let refusal = Self.settingRefusal(facts, step: "同意") { return .failure(refusal) }
            return .success(.decided)
        case (.submitted, .register):
            if let refusal = Self.settingRefusal(facts, step: "登记") { return .failure(refusal) }
            return .success(.registered)
        case (.accepted, .refuse), (.underReview, .refuse):
            if !facts.hasReason { return .failure(.init("不予同意须写明理由")) }
            if facts.verdict != .prohibited, !facts.missingConsultations.isEmpty {
                return .failure(.init("尚缺\(Self.names(facts.missingConsultations))意见，意见齐全前不能作出决定"))
            }
            return .success(.decided)
        case (.decided, .publish), (.registered, .publish):
            return .success(.published)
        case (.accepted, .withdraw), (.underReview, .withdraw), (.submitted, .withdraw):
            return facts.hasReason ? .success(.withdrawn) : .failure(.init("撤回须说明原因"))
        case (.submitted, .approve), (.submitted, .refuse):
            return .failure(.init("登记类申请不作审批决定，请办理登记"))
        case (.accepted, .register), (.underReview, .register):
            return .failure(.init("审批类申请须作出审批决定，不能直接登记"))
        case (.accepted, .publish), (.underReview, .publish):
            return .failure(.init("尚未作出决定，不能公开"))
        case (.submitted, .publish):
            return .failure(.init("尚未登记，不能公开"))
        case (.decided, .consult), (.decided, .approve), (.decided, .refuse), (.decided, .withdraw):
            return .failure(.init("已作出决定；决定只能公开"))
        case (.decided, .register), (.registered, .register):
            return .failure(.init("已办结，不能再登记"))
        case (.registered, .consult), (.registered, .approve), (.registered, .refuse), (.registered, .withdraw):
            return .failure(.init("已登记；登记只能公开"))
        case (.published, .publish):
            return .failure(.init("已公开"))
        case (.published, .consult), (.published, .approve), (.published, .refuse), (.published, .register), (.published, .withdraw):
            return .failure(.init("已公开，办结的申请不再变更"))
        case (.withdrawn, _):
            return .failure(.init("已撤回，申请不再办理；如需设置请重新申请"))
        }
    }

    /// Why an outfall may not be set (approved or registered) on what the file holds, or nil.
    static func settingRefusal(_ facts: ApplicationFacts, step: String) -> LifecycleRefusal? {
        if facts.verdict == .prohibited {
            let basis = facts.prohibitedBasis.isEmpty ? "" : "：" + facts.prohibitedBasis.joined(separator: "；")
            return .init("核查结论为禁止设置，不能\(step)\(basis)")
        }
        if !facts.blockingFindings.isEmpty {
            return .init("受纳水体所在水功能区水质未达标，不得新设、改设或扩大排污口（城镇污水处理厂除外）：" + facts.blockingFindings.joined(separator: "；"))
        }
        if !facts.missingConsultations.isEmpty {
            return .init("尚缺\(names(facts.missingConsultations))意见，意见齐全前不能\(step)")
        }
        if facts.verdict == .restricted, !facts.hasReason {
            return .init("核查结论为严格控制，\(step)须记录理由")
        }
        return nil
    }

    static func names(_ authorities: [ConsultingAuthority]) -> String {
        authorities.map(\.label).joined(separator: "、")
    }
}
