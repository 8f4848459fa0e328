/// A tip from the public (群众举报) about an outfall or a discharge: where, what, photos, and
/// how it was handled. Who sent it is NOT here: that lives in ``TipIdentity`` (its own kind),
/// so the tip, its history and every page built from it carry no trace of the tipster.
///
/// ## Topics
/// - Handling: ``state``, ``answer``, ``outfallID``, ``confirmed``, ``TipState/after(_:facts:)``
/// - What the public sees: ``trackingNumber``, ``state``, ``answer`` only
public struct Tip: LedgerEntity {
    public static let kind = EntityKind(rawValue: "tip")

    public var id: Int64?
    /// 查询码: what the tipster keeps to follow the tip (``TrackingNumber``).
    public var trackingNumber: String
    /// When it was submitted, UTC ISO 8601.
    public var submittedAt: String
    /// Where the tipster says the problem is (CGCS2000 / WGS 84 degrees).
    public var lon: Double
    public var lat: Double
    /// How the location was given: `map` (a click), `gps` (the phone's position), `text` (typed).
    public var locationSource: String
    public var description: String
    public var photos: [TipPhoto]
    public var state: TipState
    /// The published answer (公开答复): shown on the tracking page once resolved or rejected.
    public var answer: String?
    /// The outfall the tip concerns, linked by the handler.
    public var outfallID: Int64?
    /// The handler found it true (情况属实); then ``abnormalReasonID`` is the reason it added.
    public var confirmed: Bool
    public var abnormalReasonID: Int64?
    /// The nearest outfall when it was submitted, and how far (metres): the handler's starting point.
    public var nearestOutfallID: Int64?
    public var nearestDistanceM: Double?

    public init(
        id: Int64? = nil, trackingNumber: String, submittedAt: String, lon: Double, lat: Double, locationSource: String, description: String,
        photos: [TipPhoto] = [], state: TipState = .received, answer: String? = nil, outfallID: Int64? = nil, confirmed: Bool = false,
        abnormalReasonID: Int64? = nil, nearestOutfallID: Int64? = nil, nearestDistanceM: Double? = nil
    ) {
        self.id = id
        self.trackingNumber = trackingNumber
        self.submittedAt = submittedAt
        self.lon = lon
        self.lat = lat
        self.locationSource = locationSource
        self.description = description
        self.photos = photos
        self.state = state
        self.answer = answer
        self.outfallID = outfallID
        self.confirmed = confirmed
        self.abnormalReasonID = abnormalReasonID
        self.nearestOutfallID = nearestOutfallID
        self.nearestDistanceM = nearestDistanceM
    }
}

/// A photo sent with a tip: the attachment's digest and what its EXIF said.
public struct TipPhoto: Codable, Sendable, Equatable {
    public var sha256: String
    public var mediaType: String
    public var byteCount: Int64
    public var width: Int?
    public var height: Int?
    public var takenAt: String?
    public var lon: Double?
    public var lat: Double?

    public init(sha256: String, mediaType: String, byteCount: Int64, width: Int? = nil, height: Int? = nil, takenAt: String? = nil, lon: Double? = nil, lat: Double? = nil) {
        self.sha256 = sha256
        self.mediaType = mediaType
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.takenAt = takenAt
        self.lon = lon
        self.lat = lat
    }
}

/// Who sent a tip: the contact they chose to give (optional) and the address it came from.
/// Its own kind, id = the tip's id, so that only a use case that checks ``Permission/handleTips``
/// ever reads it; history events of this kind never name an outfall, so no outfall history
/// shows them.
public struct TipIdentity: LedgerEntity {
    public static let kind = EntityKind(rawValue: "tip.identity")

    public var id: Int64?
    public var name: String?
    public var phone: String?
    /// The client address the tip came from (for abuse, and the rate limit's record).
    public var address: String

    public init(id: Int64? = nil, name: String? = nil, phone: String? = nil, address: String) {
        self.id = id
        self.name = name
        self.phone = phone
        self.address = address
    }
}
