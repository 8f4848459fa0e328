import GeoKit
import OutfallModel

/// What a registry is set up for: its region and the county whose codes it issues.
public struct RegistrySettings: Hashable, Sendable {
    public var region: Region
    /// The county adcode used in local registry codes, e.g. "450222".
    public var countyAdcode: String

    public init(region: Region, countyAdcode: String) {
        self.region = region
        self.countyAdcode = countyAdcode
    }

    public static let liucheng = RegistrySettings(region: .liucheng, countyAdcode: "450222")
}
