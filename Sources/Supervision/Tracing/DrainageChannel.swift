/// A drainage channel (排污通道): pipe, ditch, culvert or pump station line carrying a unit's
/// wastewater to an outfall. Coordinates are lon/lat (CGCS2000), first vertex at the unit end,
/// last at the outfall.
public struct DrainageChannel: LedgerEntity {
    public static let kind = EntityKind.channel

    public var id: Int64?
    public var name: String
    public var kind: ChannelKind
    public var unitID: Int64?
    public var outfallID: Int64?
    public var coordinates: [[Double]]
    /// Problems found when it was imported (downstream end not at an outfall…).
    public var flags: [String]
    public var importedFrom: String?

    public init(
        id: Int64? = nil, name: String, kind: ChannelKind, unitID: Int64? = nil, outfallID: Int64? = nil, coordinates: [[Double]],
        flags: [String] = [], importedFrom: String? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.unitID = unitID
        self.outfallID = outfallID
        self.coordinates = coordinates
        self.flags = flags
        self.importedFrom = importedFrom
    }
}

public enum ChannelKind: String, Codable, Sendable, CaseIterable {
    case pipe, ditch, culvert, pumpStation = "pump_station", other

    public var label: String {
        switch self {
        case .pipe: "管道"
        case .ditch: "明渠/沟渠"
        case .culvert: "涵洞"
        case .pumpStation: "泵站"
        case .other: "其他"
        }
    }
}
