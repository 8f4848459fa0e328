/// A level-1 suspected outfall (一级排查：疑似排污口) from satellite/UAV interpretation or a
/// report: a task for the field teams until a reviewed survey verifies or dismisses it.
public struct Suspect: LedgerEntity {
    public static let kind = EntityKind.suspect

    public var id: Int64?
    /// The interpreter's own number for the point, if the list has one.
    public var sourceNumber: String?
    public var lon: Double
    public var lat: Double
    /// What the source says (影像解译、无人机、群众举报…).
    public var source: String
    public var description: String?
    /// Open until a reviewed survey settles it.
    public var status: SuspectStatus
    /// The outfall it became (verified) — set when a survey of it is accepted.
    public var outfallID: Int64?
    /// The import (file name and SHA-256) it came from.
    public var importedFrom: String?

    public init(
        id: Int64? = nil, sourceNumber: String? = nil, lon: Double, lat: Double, source: String, description: String? = nil,
        status: SuspectStatus = .open, outfallID: Int64? = nil, importedFrom: String? = nil
    ) {
        self.id = id
        self.sourceNumber = sourceNumber
        self.lon = lon
        self.lat = lat
        self.source = source
        self.description = description
        self.status = status
        self.outfallID = outfallID
        self.importedFrom = importedFrom
    }
}

public enum SuspectStatus: String, Codable, Sendable, CaseIterable {
    /// 待核实
    case open
    /// 已核实为排污口
    case verified
    /// 非排污口
    case notOutfall = "not_outfall"

    public var label: String {
        switch self {
        case .open: "待核实"
        case .verified: "已核实为排污口"
        case .notOutfall: "非排污口"
        }
    }
}
