/// A stored file (photo, scan, PDF) as the ledger knows it. The bytes live outside the
/// database, named by their SHA-256 (the attachment store); the same file attached twice is
/// stored once. The id is the store's; `sha256` is the file's name.
public struct AttachmentRecord: LedgerEntity {
    public static let kind = EntityKind.attachment

    public var id: Int64?
    public var sha256: String
    public var fileName: String
    /// `image/jpeg`, `image/png` or `application/pdf` — decided from the bytes, not the name.
    public var mediaType: String
    public var byteCount: Int64
    /// Photo metadata read from EXIF, when there is any.
    public var takenAt: String?
    public var lon: Double?
    public var lat: Double?
    public var width: Int?
    public var height: Int?
    /// The entity it belongs to (a survey, a trace…).
    public var owner: EntityRef?
    public var caption: String?

    public init(
        id: Int64? = nil, sha256: String, fileName: String, mediaType: String, byteCount: Int64, takenAt: String? = nil,
        lon: Double? = nil, lat: Double? = nil, width: Int? = nil, height: Int? = nil, owner: EntityRef? = nil, caption: String? = nil
    ) {
        self.id = id
        self.sha256 = sha256
        self.fileName = fileName
        self.mediaType = mediaType
        self.byteCount = byteCount
        self.takenAt = takenAt
        self.lon = lon
        self.lat = lat
        self.width = width
        self.height = height
        self.owner = owner
        self.caption = caption
    }
}
