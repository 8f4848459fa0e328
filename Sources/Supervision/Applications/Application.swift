import Foundation

/// An application to set a new, changed or enlarged outfall (生态环境部令第35号): who applies,
/// what and where, the documents, the siting check frozen on filing (and dated re-checks),
/// the opinions gathered, the decision or registration, and its state. Every step is an event
/// in the history with its actor.
public struct Application: LedgerEntity {
    public static let kind = EntityKind(rawValue: "application")

    public var id: Int64?
    public var kind: ApplicationKind
    public var track: ApplicationTrack
    public var applicant: Applicant
    /// The outfall's name as it will enter the registry.
    public var outfallName: String
    /// HJ 1312 type, by its stable English name (`industrial_enterprise`…), and its label.
    public var outfallType: String
    public var outfallTypeLabel: String
    /// Stored position, CGCS2000 lon/lat.
    public var lon: Double
    public var lat: Double
    /// The position as given, and its CRS (`EPSG:4490`, `GCJ-02`…).
    public var origin: GivenPosition
    /// 设计排放能力 (m³/d).
    public var capacityM3PerDay: Double?
    /// 受纳水体 as stated by the applicant.
    public var receivingWater: String?
    public var documents: [ApplicationDocument]
    /// The check on filing first, then the re-checks, oldest first. Never edited.
    public var checks: [FrozenCheck]
    public var consultations: [Consultation]
    public var decision: ApplicationDecision?
    public var registration: ApplicationStep?
    public var publication: ApplicationStep?
    public var withdrawal: ApplicationStep?
    public var state: ApplicationState
    /// `YYYY-MM-DD` (China): the day the case was filed; the decision period counts from it.
    public var filedOn: String
    public var filedBy: String
    /// The outfall the approval or registration entered into the registry (新增).
    public var outfallID: Int64?

    public init(
        id: Int64? = nil, kind: ApplicationKind, track: ApplicationTrack, applicant: Applicant, outfallName: String, outfallType: String,
        outfallTypeLabel: String, lon: Double, lat: Double, origin: GivenPosition, capacityM3PerDay: Double? = nil, receivingWater: String? = nil,
        documents: [ApplicationDocument] = [], checks: [FrozenCheck], consultations: [Consultation] = [], decision: ApplicationDecision? = nil,
        registration: ApplicationStep? = nil, publication: ApplicationStep? = nil, withdrawal: ApplicationStep? = nil, state: ApplicationState? = nil,
        filedOn: String, filedBy: String, outfallID: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.track = track
        self.applicant = applicant
        self.outfallName = outfallName
        self.outfallType = outfallType
        self.outfallTypeLabel = outfallTypeLabel
        self.lon = lon
        self.lat = lat
        self.origin = origin
        self.capacityM3PerDay = capacityM3PerDay
        self.receivingWater = receivingWater
        self.documents = documents
        self.checks = checks
        self.consultations = consultations
        self.decision = decision
        self.registration = registration
        self.publication = publication
        self.withdrawal = withdrawal
        self.state = state ?? .initial(for: track)
        self.filedOn = filedOn
        self.filedBy = filedBy
        self.outfallID = outfallID
    }

    /// The check decisions go by: the latest (the filing check until a re-check is made).
    public var currentCheck: FrozenCheck? { checks.last }

    /// Opinions the current check calls for.
    public var consultationsNeeded: [ConsultingAuthority] { currentCheck?.consultationsNeeded ?? [] }

    /// Needed opinions not on file.
    public var missingConsultations: [ConsultingAuthority] {
        let given = Set(consultations.map(\.authority))
        return consultationsNeeded.filter { !given.contains($0) }
    }

    /// What the file holds, for the transition function. No check on file fails closed: it
    /// counts as prohibited.
    public func facts(reason: String?) -> ApplicationFacts {
        guard let check = currentCheck else {
            return ApplicationFacts(verdict: .prohibited, prohibitedBasis: ["没有核查结果，不能判断 (no siting check on file)"], hasReason: !(reason ?? "").isEmpty)
        }
        return ApplicationFacts(
            verdict: check.verdict, prohibitedBasis: check.prohibitedBasis, blockingFindings: check.blockingFindings.map(\.title),
            missingConsultations: missingConsultations, hasReason: !(reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
}

/// The applicant: a unit, by its 统一社会信用代码 when it has one, and its name.
public struct Applicant: Codable, Sendable, Equatable {
    public var name: String
    public var creditCode: String?
    /// The registered discharging unit, when the code or name matched one.
    public var unitID: Int64?

    public init(name: String, creditCode: String? = nil, unitID: Int64? = nil) {
        self.name = name
        self.creditCode = creditCode
        self.unitID = unitID
    }
}

/// A position as a person gave it.
public struct GivenPosition: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var crs: String

    public init(x: Double, y: Double, crs: String) {
        self.x = x
        self.y = y
        self.crs = crs
    }
}

/// A document in the file: a stored attachment (by digest) of a kind.
public struct ApplicationDocument: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// 论证报告 (审批)
        case report
        /// 简要分析材料 (审批, smaller outfalls)
        case briefAnalysis = "brief_analysis"
        /// 登记表 (登记)
        case registrationForm = "registration_form"
        /// An authority's opinion letter.
        case opinion
        case other

        public var label: String {
            switch self {
            case .report: "论证报告"
            case .briefAnalysis: "简要分析材料"
            case .registrationForm: "登记表"
            case .opinion: "征求意见复函"
            case .other: "其他材料"
            }
        }

        /// The document a track's filing brings when none is named.
        public static func filing(for track: ApplicationTrack) -> Kind {
            switch track {
            case .approval: .report
            case .registration: .registrationForm
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

/// 同意 / 不予同意, with reasons, by whom and when.
public struct ApplicationDecision: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case approved, refused

        public var label: String {
            switch self {
            case .approved: "同意"
            case .refused: "不予同意"
            }
        }
    }

    public var outcome: Outcome
    public var reasons: String
    public var decidedBy: String
    /// `YYYY-MM-DD` (China).
    public var decidedOn: String

    public init(outcome: Outcome, reasons: String, decidedBy: String, decidedOn: String) {
        self.outcome = outcome
        self.reasons = reasons
        self.decidedBy = decidedBy
        self.decidedOn = decidedOn
    }
}

/// A dated step by someone: registration, publication, withdrawal (with its reason).
public struct ApplicationStep: Codable, Sendable, Equatable {
    public var by: String
    /// `YYYY-MM-DD` (China).
    public var on: String
    public var note: String?

    public init(by: String, on: String, note: String? = nil) {
        self.by = by
        self.on = on
        self.note = note
    }
}

extension Application {
    /// The last day for the decision (or registration) by `calendar`.
    public func deadline(_ calendar: WorkingCalendar) -> String? { calendar.deadline(filedOn: filedOn) }

    /// Still open and past its deadline on `today` (`YYYY-MM-DD`).
    public func isOverdue(on today: String, calendar: WorkingCalendar) -> Bool {
        guard state.isOpen, let last = deadline(calendar) else { return false }
        return today > last
    }
}
