/// An outfall's supervision file (一口一档): what the ledger knows beyond the outfall's map
/// feature. Its id is the id of the outfall in the `outfalls` layer, so the two are one
/// outfall; the feature holds name, type, position and codes, this file the investigation.
public struct OutfallFile: LedgerEntity {
    public static let kind = EntityKind.outfall

    public var id: Int64?
    public var lifecycle: OutfallLifecycle
    /// 临时编号, used until the national code is assigned; never presented as the national code.
    public var temporaryNumber: String?
    public var nationalPlatform: NationalPlatform
    /// The suspect this outfall was found from, if any.
    public var suspectID: Int64?
    /// Survey records accepted into this file, oldest first.
    public var surveyIDs: [Int64]
    /// Outfalls merged into this one as duplicates (their files stay, cancelled, pointing here).
    public var mergedIDs: [Int64]
    /// Set on a duplicate that was merged into another outfall.
    public var mergedInto: Int64?
    /// 责任主体 as typed by a person, kept to compare with the one derived by rule.
    public var enteredResponsible: String?
    public var note: String?

    public init(
        id: Int64? = nil, lifecycle: OutfallLifecycle, temporaryNumber: String? = nil, nationalPlatform: NationalPlatform = .unknown,
        suspectID: Int64? = nil, surveyIDs: [Int64] = [], mergedIDs: [Int64] = [], mergedInto: Int64? = nil,
        enteredResponsible: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.lifecycle = lifecycle
        self.temporaryNumber = temporaryNumber
        self.nationalPlatform = nationalPlatform
        self.suspectID = suspectID
        self.surveyIDs = surveyIDs
        self.mergedIDs = mergedIDs
        self.mergedInto = mergedInto
        self.enteredResponsible = enteredResponsible
        self.note = note
    }
}
