/// A remediation case (一口一策) for one abnormal outfall: its class and measures, who leads it,
/// by when, the seed's conditions, its evidence and its state. Every step is an event in the
/// history, with its actor and the date the work was done.
public struct RemediationCase: LedgerEntity {
    public static let kind = EntityKind(rawValue: "case")

    public var id: Int64?
    public var outfallID: Int64
    public var remediationClass: RemediationClass
    /// 截污纳管, 封堵/拆除, 合并入园区或城镇污水处理设施, 规范化建设, 检查井, 树标立牌, …
    public var measures: [String]
    /// The lead department (牵头部门, from the plan's list).
    public var department: String
    public var township: String?
    /// 责任主体 as derived when the case was opened.
    public var responsibleParty: String?
    /// 完成时限 (`YYYY-MM-DD`, China).
    public var deadline: String
    /// 过渡期: until when, and why (units that cannot finish soon).
    public var transitionUntil: String?
    public var transitionReason: String?
    /// The seed's conditions.
    public var publicUnitOrEstate: Bool
    public var historical: Bool
    public var affectsFloodSafety: Bool
    public var state: CaseState
    public var evidence: [CaseEvidence]
    public var verification: CaseVerification?
    /// When a compliant sample was taken after the work (an outfall that exceeded needs one).
    public var compliantSampleOn: String?
    public var exceededLimit: Bool
    /// The last return's reason, while returned.
    public var returnReason: String?
    /// Who reported the work done (nobody reviews their own).
    public var submittedBy: String?
    public var countyClosedBy: String?

    public init(
        id: Int64? = nil, outfallID: Int64, remediationClass: RemediationClass, measures: [String] = [], department: String,
        township: String? = nil, responsibleParty: String? = nil, deadline: String, transitionUntil: String? = nil,
        transitionReason: String? = nil, publicUnitOrEstate: Bool = false, historical: Bool = false, affectsFloodSafety: Bool = false,
        state: CaseState = .pending, evidence: [CaseEvidence] = [], verification: CaseVerification? = nil, compliantSampleOn: String? = nil,
        exceededLimit: Bool = false, returnReason: String? = nil, submittedBy: String? = nil, countyClosedBy: String? = nil
    ) {
        self.id = id
        self.outfallID = outfallID
        self.remediationClass = remediationClass
        self.measures = measures
        self.department = department
        self.township = township
        self.responsibleParty = responsibleParty
        self.deadline = deadline
        self.transitionUntil = transitionUntil
        self.transitionReason = transitionReason
        self.publicUnitOrEstate = publicUnitOrEstate
        self.historical = historical
        self.affectsFloodSafety = affectsFloodSafety
        self.state = state
        self.evidence = evidence
        self.verification = verification
        self.compliantSampleOn = compliantSampleOn
        self.exceededLimit = exceededLimit
        self.returnReason = returnReason
        self.submittedBy = submittedBy
        self.countyClosedBy = countyClosedBy
    }

    /// What the file holds, for the transition function.
    public func facts(reason: String?) -> CaseFacts {
        func has(_ kind: CaseEvidence.Kind) -> Bool { evidence.contains { $0.kind == kind } }
        return CaseFacts(
            remediationClass: remediationClass, hasBeforePhoto: has(.before), hasDuringPhoto: has(.during), hasAfterPhoto: has(.after),
            hasSignboard: has(.signboard), hasSamplingPoint: has(.samplingPoint), hasVerification: verification != nil,
            exceededLimit: exceededLimit, hasCompliantSampleAfterWork: compliantSampleOn != nil, affectsFloodSafety: affectsFloodSafety,
            hasWaterAuthorityOpinion: has(.waterAuthorityOpinion), hasReason: !(reason ?? "").isEmpty)
    }

    /// Past its deadline, not closed, and not within a transition period, on `date` (`YYYY-MM-DD`).
    public func isOverdue(on date: String) -> Bool {
        guard !state.isClosedOut, state != .countyClosed else { return false }
        if let until = transitionUntil, date <= until { return false }
        return date > deadline
    }
}

/// One piece of evidence in a case file: a stored attachment (by digest) of a kind.
public struct CaseEvidence: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case before, during, after, signboard, samplingPoint = "sampling_point", document, waterAuthorityOpinion = "water_opinion"

        public var label: String {
            switch self {
            case .before: "整治前照片"
            case .during: "整治中照片"
            case .after: "整治后照片"
            case .signboard: "标识牌照片"
            case .samplingPoint: "采样点照片"
            case .document: "文件资料"
            case .waterAuthorityOpinion: "水利部门意见"
            }
        }
    }

    public var kind: Kind
    public var sha256: String
    public var fileName: String
    public var addedOn: String

    public init(kind: Kind, sha256: String, fileName: String, addedOn: String) {
        self.kind = kind
        self.sha256 = sha256
        self.fileName = fileName
        self.addedOn = addedOn
    }
}

/// The county's check before pre-close-out: who checked, when, on site, what was found.
public struct CaseVerification: Codable, Sendable, Equatable {
    public var checkedBy: String
    public var checkedOn: String
    public var onSite: Bool
    public var note: String?

    public init(checkedBy: String, checkedOn: String, onSite: Bool, note: String? = nil) {
        self.checkedBy = checkedBy
        self.checkedOn = checkedOn
        self.onSite = onSite
        self.note = note
    }
}
