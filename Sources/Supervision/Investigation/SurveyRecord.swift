/// A field survey record (二级/三级排查现场记录), as filled in on the national campaign sheet
/// (SUPERVISION.md): it waits for review and, once accepted, creates or updates an outfall.
public struct SurveyRecord: LedgerEntity {
    public static let kind = EntityKind.survey

    public var id: Int64?
    /// The row's own number in the field sheet (记录编号), unique within an import.
    public var recordNumber: String
    /// 任务来源: the suspect it verifies, if any.
    public var suspectID: Int64?
    /// The outfall it updates, if the team surveyed a known one (by key, local or national code).
    public var outfallID: Int64?
    /// The HJ 1232 level the survey belongs to: 2 = staff verifying suspects on the banks (二级),
    /// 3 = senior staff on hard cases (三级). Level 1 is the remote interpretation that made the suspect.
    public var level: Int
    public var surveyedOn: String
    public var name: String
    public var nationalCode: String?
    public var lon: Double
    public var lat: Double
    public var township: String?
    public var village: String?
    public var receivingWater: String?
    /// HJ 1312 type, by enum name (`OutfallType.rawValue`) or 暂无法确定.
    public var outfallType: String
    /// 入河方式: 明渠, 暗管, 泵站…
    public var dischargeWay: String?
    /// 纳入国家平台
    public var nationalPlatform: NationalPlatform
    /// 是否排放 at the time of the survey.
    public var discharging: Bool?
    /// Colour, turbidity, odour, oil film, as noted.
    public var appearance: String?
    /// 责任主体 as written on the sheet, or nil for "暂无法确定，需进一步溯源".
    public var responsibleAsWritten: String?
    /// Problem types from the list in SUPERVISION.md (未发现问题, 污水应纳未纳, …).
    public var problems: [String]
    public var quickTests: QuickTests
    public var sampleSent: String?
    public var teamLeader: String?
    public var teamPhone: String?
    public var members: String?
    /// Photos with their captions (近景1, 近景2, 标识牌, 远景), by attachment SHA-256.
    public var photos: [SurveyPhoto]
    public var review: ReviewState
    public var reviewNote: String?
    /// The import (file name and SHA-256) it came from.
    public var importedFrom: String?
    /// Problems found on import that a reviewer should see (photo far from the point, time off…).
    public var flags: [String]

    public init(
        id: Int64? = nil, recordNumber: String, suspectID: Int64? = nil, outfallID: Int64? = nil, level: Int = 2, surveyedOn: String,
        name: String, nationalCode: String? = nil, lon: Double, lat: Double, township: String? = nil, village: String? = nil,
        receivingWater: String? = nil, outfallType: String, dischargeWay: String? = nil, nationalPlatform: NationalPlatform = .unknown,
        discharging: Bool? = nil, appearance: String? = nil, responsibleAsWritten: String? = nil, problems: [String] = [],
        quickTests: QuickTests = QuickTests(), sampleSent: String? = nil, teamLeader: String? = nil, teamPhone: String? = nil,
        members: String? = nil, photos: [SurveyPhoto] = [], review: ReviewState = .pending, reviewNote: String? = nil,
        importedFrom: String? = nil, flags: [String] = []
    ) {
        self.id = id
        self.recordNumber = recordNumber
        self.suspectID = suspectID
        self.outfallID = outfallID
        self.level = level
        self.surveyedOn = surveyedOn
        self.name = name
        self.nationalCode = nationalCode
        self.lon = lon
        self.lat = lat
        self.township = township
        self.village = village
        self.receivingWater = receivingWater
        self.outfallType = outfallType
        self.dischargeWay = dischargeWay
        self.nationalPlatform = nationalPlatform
        self.discharging = discharging
        self.appearance = appearance
        self.responsibleAsWritten = responsibleAsWritten
        self.problems = problems
        self.quickTests = quickTests
        self.sampleSent = sampleSent
        self.teamLeader = teamLeader
        self.teamPhone = teamPhone
        self.members = members
        self.photos = photos
        self.review = review
        self.reviewNote = reviewNote
        self.importedFrom = importedFrom
        self.flags = flags
    }
}

/// On-site quick tests kept with a survey record (mg/L unless stated).
public struct QuickTests: Codable, Sendable, Equatable {
    public var cod: Double?
    public var ammonia: Double?
    public var totalPhosphorus: Double?
    public var totalNitrogen: Double?
    public var pH: Double?
    /// m³/d
    public var flow: Double?
    /// °C
    public var temperature: Double?
    /// μS/cm
    public var conductivity: Double?

    public init(
        cod: Double? = nil, ammonia: Double? = nil, totalPhosphorus: Double? = nil, totalNitrogen: Double? = nil, pH: Double? = nil,
        flow: Double? = nil, temperature: Double? = nil, conductivity: Double? = nil
    ) {
        self.cod = cod
        self.ammonia = ammonia
        self.totalPhosphorus = totalPhosphorus
        self.totalNitrogen = totalNitrogen
        self.pH = pH
        self.flow = flow
        self.temperature = temperature
        self.conductivity = conductivity
    }
}

/// A photo of a survey record: the stored attachment and its caption on the sheet.
public struct SurveyPhoto: Codable, Sendable, Equatable {
    /// 近景1, 近景2, 标识牌, 远景, or another caption.
    public var caption: String
    public var sha256: String
    public var fileName: String

    public init(caption: String, sha256: String, fileName: String) {
        self.caption = caption
        self.sha256 = sha256
        self.fileName = fileName
    }
}

/// Review of a field submission: 待审核 → 通过 / 退回 (with a reason). A returned record can be
/// corrected and resubmitted.
public enum ReviewState: String, Codable, Sendable, CaseIterable {
    case pending
    case accepted
    case returned

    public var label: String {
        switch self {
        case .pending: "待审核"
        case .accepted: "通过"
        case .returned: "退回"
        }
    }

    public enum Event: String, Codable, Sendable, CaseIterable {
        case accept, `return`, resubmit
    }

    /// The one transition function of a review.
    public func after(_ event: Event) -> Result<ReviewState, LifecycleRefusal> {
        switch (self, event) {
        case (.pending, .accept): .success(.accepted)
        case (.pending, .return): .success(.returned)
        case (.returned, .resubmit): .success(.pending)
        case (.accepted, .accept), (.accepted, .return), (.accepted, .resubmit):
            .failure(.init("已审核通过并录入台账，不能再变更；如有错误请新建排查记录"))
        case (.returned, .accept), (.returned, .return): .failure(.init("已退回，请修改后重新提交"))
        case (.pending, .resubmit): .failure(.init("已在待审核中"))
        }
    }
}
