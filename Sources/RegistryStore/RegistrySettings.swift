import GeoKit
import OutfallModel

/// What a registry is set up for: its region and the county whose codes it issues.
public struct RegistrySettings: Hashable, Sendable {
    public var region: Region
    /// The county adcode used in local registry codes, e.g. "450222".
    public var countyAdcode: String

    /// EPSG code of the projected CRS for lengths and distances (4545 for Liucheng).
    public var metricEPSG: Int
    /// Default maximum snap distance (m) and the margin that makes a snap ambiguous.
    public var snapMaxDistance: Double
    public var snapAmbiguityMargin: Double

    public init(
        region: Region, countyAdcode: String, metricEPSG: Int = 4545, snapMaxDistance: Double = 500,
        snapAmbiguityMargin: Double = 10
    ) {
        self.region = region
        self.countyAdcode = countyAdcode
        self.metricEPSG = metricEPSG
        self.snapMaxDistance = snapMaxDistance
        self.snapAmbiguityMargin = snapAmbiguityMargin
    }

    public static let liucheng = RegistrySettings(region: .liucheng, countyAdcode: "450222")
}
