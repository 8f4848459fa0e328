/// What the inspectors found at one drawn object (检查结果): the on-site findings, a samples
/// reference, photos (attachments by SHA-256), who and when. A result with a problem adds an
/// abnormal reason (source "inspection") to the outfall.
public struct InspectionResult: LedgerEntity {
    public static let kind = EntityKind(rawValue: "inspection.result")

    public var id: Int64?
    public var drawID: Int64
    public var outfallID: Int64
    /// 现场检查情况 (public: the summary the county publishes).
    public var finding: String
    public var problem: Bool
    /// 采样编号 or the lab report's reference.
    public var samples: String?
    public var photos: [ResultPhoto]
    /// The username who recorded it (one of the inspectors drawn for the object).
    public var inspector: String
    /// YYYY-MM-DD, China time.
    public var date: String
    /// The abnormal reason the problem added.
    public var abnormalID: Int64?

    public init(
        id: Int64? = nil, drawID: Int64, outfallID: Int64, finding: String, problem: Bool, samples: String?, photos: [ResultPhoto] = [],
        inspector: String, date: String, abnormalID: Int64? = nil
    ) {
        self.id = id
        self.drawID = drawID
        self.outfallID = outfallID
        self.finding = finding
        self.problem = problem
        self.samples = samples
        self.photos = photos
        self.inspector = inspector
        self.date = date
        self.abnormalID = abnormalID
    }
}

public struct ResultPhoto: Codable, Sendable, Equatable {
    public var sha256: String
    public var fileName: String

    public init(sha256: String, fileName: String) {
        self.sha256 = sha256
        self.fileName = fileName
    }
}

/// A link between an inspector and a discharging unit (a relative works there, a former
/// employer…): the inspector is never drawn for that unit's outfalls (回避).
public struct InspectionConflict: LedgerEntity {
    public static let kind = EntityKind(rawValue: "inspection.conflict")

    public var id: Int64?
    public var username: String
    public var unitID: Int64
    public var note: String?

    public init(id: Int64? = nil, username: String, unitID: Int64, note: String?) {
        self.id = id
        self.username = username
        self.unitID = unitID
        self.note = note
    }
}

/// County settings of the 双随机 draws and the signboards, kept in the ledger (a change is in
/// the history).
public struct InspectionSettings: LedgerEntity {
    public static let kind = EntityKind(rawValue: "settings.inspection")
    public static let documentID: Int64 = 1

    public var id: Int64?
    /// Whether the public site names the drawn inspectors (by their account name). 双随机一公开
    /// publishes the 执法检查人员 of each check; default yes 〔待核实：本县公开口径〕.
    public var publishInspectorNames: Bool
    /// The public site's address, for the signboards' QR codes (`<url>/public/outfalls/<id>`).
    public var publicURL: String?
    /// 监督电话 on the signboards and the public pages 〔待核实〕.
    public var supervisionPhone: String?

    public init(id: Int64? = InspectionSettings.documentID, publishInspectorNames: Bool = true, publicURL: String? = nil, supervisionPhone: String? = nil) {
        self.id = id
        self.publishInspectorNames = publishInspectorNames
        self.publicURL = publicURL
        self.supervisionPhone = supervisionPhone
    }
}
