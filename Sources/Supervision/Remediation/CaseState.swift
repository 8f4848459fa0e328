/// Where a remediation case (一口一策) stands. JSON uses the stable English names; pages the
/// Chinese labels.
public enum CaseState: String, Codable, Sendable, CaseIterable {
    /// 待整治
    case pending
    /// 整治中
    case inProgress = "in_progress"
    /// 待核查: work reported done, evidence on file, waiting for the county's check.
    case awaitingCheck = "awaiting_check"
    /// 县级预销号: checked by the county, waiting for the city's review.
    case countyClosed = "county_closed"
    /// 已销号: closed out by the city's review.
    case closed
    /// 退回: sent back by a review step, with its reason, to be worked on again.
    case returned

    public var label: String {
        switch self {
        case .pending: "待整治"
        case .inProgress: "整治中"
        case .awaitingCheck: "待核查"
        case .countyClosed: "县级预销号"
        case .closed: "已销号"
        case .returned: "退回"
        }
    }

    /// Counted as remediated toward the 30 / 70 / ~100 % targets.
    public var isClosedOut: Bool { self == .closed }
}

/// What can happen to a case.
public enum CaseEvent: String, Codable, Sendable, CaseIterable {
    /// 开始整治 (or resume after a return).
    case start
    /// 提交核查: the department reports the work done, with its evidence.
    case submitForCheck = "submit"
    /// 县级预销号: the county's check, on site, is on file.
    case countyClose = "county_close"
    /// 销号: the city's review.
    case close
    /// 退回 at a review step, with a reason.
    case `return`
    /// 重新整治: a closed case found wanting later (it stops counting as remediated from then).
    case reopen

    public var label: String {
        switch self {
        case .start: "开始整治"
        case .submitForCheck: "提交核查"
        case .countyClose: "县级预销号"
        case .close: "销号"
        case .return: "退回"
        case .reopen: "重新整治"
        }
    }
}

/// What the case file holds that a step may require, gathered by the use case from the
/// ledger (evidence attachments, verification records, samples, consultations).
public struct CaseFacts: Sendable, Equatable {
    public var remediationClass: RemediationClass
    /// Photos before / during / after the work (the thing that stops faked progress).
    public var hasBeforePhoto: Bool
    public var hasDuringPhoto: Bool
    public var hasAfterPhoto: Bool
    /// For 保留 cases: the regularisation evidence — signboard and sampling point.
    public var hasSignboard: Bool
    public var hasSamplingPoint: Bool
    /// The county's verification record: who checked, when, on site.
    public var hasVerification: Bool
    /// The outfall exceeded a limit (from monitoring) …
    public var exceededLimit: Bool
    /// … so a compliant sample taken after the work is needed before pre-close-out.
    public var hasCompliantSampleAfterWork: Bool
    /// Closure or merger that may affect flood drainage or a levee …
    public var affectsFloodSafety: Bool
    /// … needs the water authority's opinion on file.
    public var hasWaterAuthorityOpinion: Bool
    /// A reason is given (returns and reopenings need one).
    public var hasReason: Bool

    public init(
        remediationClass: RemediationClass, hasBeforePhoto: Bool = false, hasDuringPhoto: Bool = false, hasAfterPhoto: Bool = false,
        hasSignboard: Bool = false, hasSamplingPoint: Bool = false, hasVerification: Bool = false, exceededLimit: Bool = false,
        hasCompliantSampleAfterWork: Bool = false, affectsFloodSafety: Bool = false, hasWaterAuthorityOpinion: Bool = false,
        hasReason: Bool = false
    ) {
        self.remediationClass = remediationClass
        self.hasBeforePhoto = hasBeforePhoto
        self.hasDuringPhoto = hasDuringPhoto
        self.hasAfterPhoto = hasAfterPhoto
        self.hasSignboard = hasSignboard
        self.hasSamplingPoint = hasSamplingPoint
        self.hasVerification = hasVerification
        self.exceededLimit = exceededLimit
        self.hasCompliantSampleAfterWork = hasCompliantSampleAfterWork
        self.affectsFloodSafety = affectsFloodSafety
        self.hasWaterAuthorityOpinion = hasWaterAuthorityOpinion
        self.hasReason = hasReason
    }
}

extension CaseState {
    /// The one transition function of a remediation case: the state after `event` given what
    /// the file holds, or why the step is refused.
    public func after(_ event: CaseEvent, facts: CaseFacts) -> Result<CaseState, LifecycleRefusal> {
        switch (self, event) {
        case (.pending, .start), (.returned, .start):
            return .success(.inProgress)
        case (.inProgress, .submitForCheck):
            if let missing = Self.missingEvidence(facts) { return .failure(.init("缺少整治证据：\(missing)")) }
            return .success(.awaitingCheck)
        case (.awaitingCheck, .countyClose):
            if !facts.hasVerification { return .failure(.init("缺少核查记录（核查人、时间、现场核查情况）")) }
            if facts.exceededLimit && !facts.hasCompliantSampleAfterWork {
                return .failure(.init("该排污口曾超标排放，需有整治完成后的达标监测结果"))
            }
            if facts.affectsFloodSafety && !facts.hasWaterAuthorityOpinion {
                return .failure(.init("封堵或合并可能影响防洪排涝或堤防安全，需有水利部门意见"))
            }
            return .success(.countyClosed)
        case (.countyClosed, .close):
            return .success(.closed)
        case (.awaitingCheck, .return), (.countyClosed, .return):
            return facts.hasReason ? .success(.returned) : .failure(.init("退回须说明原因"))
        case (.closed, .reopen):
            return facts.hasReason ? .success(.inProgress) : .failure(.init("重新整治须说明原因"))
        case (.pending, .submitForCheck), (.returned, .submitForCheck):
            return .failure(.init("尚未开始整治"))
        case (.pending, .countyClose), (.inProgress, .countyClose), (.returned, .countyClose):
            return .failure(.init("须先提交核查"))
        case (.pending, .close), (.inProgress, .close), (.awaitingCheck, .close), (.returned, .close):
            return .failure(.init("须先经县级预销号"))
        case (.pending, .return), (.inProgress, .return), (.returned, .return):
            return .failure(.init("只有待核查或县级预销号的案件可以退回"))
        case (.inProgress, .start), (.awaitingCheck, .start), (.countyClosed, .start):
            return .failure(.init("已在整治流程中"))
        case (.awaitingCheck, .submitForCheck), (.countyClosed, .submitForCheck):
            return .failure(.init("已提交核查"))
        case (.countyClosed, .countyClose):
            return .failure(.init("已县级预销号"))
        case (.closed, .start), (.closed, .submitForCheck), (.closed, .countyClose), (.closed, .close), (.closed, .return):
            return .failure(.init("已销号；如发现问题请“重新整治”并说明原因"))
        case (.pending, .reopen), (.inProgress, .reopen), (.awaitingCheck, .reopen), (.countyClosed, .reopen), (.returned, .reopen):
            return .failure(.init("只有已销号的案件可以重新整治"))
        }
    }

    /// What evidence a submission lacks, or nil. 保留 cases need the regularisation evidence
    /// instead of before/during/after photos of works.
    static func missingEvidence(_ facts: CaseFacts) -> String? {
        var missing: [String] = []
        if facts.remediationClass == .retain {
            if !facts.hasSignboard { missing.append("标识牌照片") }
            if !facts.hasSamplingPoint { missing.append("采样点照片") }
        } else {
            if !facts.hasBeforePhoto { missing.append("整治前照片") }
            if !facts.hasDuringPhoto { missing.append("整治中照片") }
            if !facts.hasAfterPhoto { missing.append("整治后照片") }
        }
        return missing.isEmpty ? nil : missing.joined(separator: "、")
    }
}
