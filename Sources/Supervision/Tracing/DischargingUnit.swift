/// A discharging unit (排污单位): the company, plant, farm or estate whose wastewater reaches
/// an outfall.
public struct DischargingUnit: LedgerEntity {
    public static let kind = EntityKind.unit

    public var id: Int64?
    public var name: String
    /// 统一社会信用代码 (GB 32100-2015, 18 characters with a check character), if known.
    public var creditCode: String?
    /// 排污许可证编号
    public var permitNumber: String?
    public var industry: String?
    public var address: String?
    public var lon: Double?
    public var lat: Double?
    /// Outfalls whose sharing this unit's permit records (借道 is sharing that is not recorded).
    public var permittedOutfallIDs: [Int64]

    public init(
        id: Int64? = nil, name: String, creditCode: String? = nil, permitNumber: String? = nil, industry: String? = nil,
        address: String? = nil, lon: Double? = nil, lat: Double? = nil, permittedOutfallIDs: [Int64] = []
    ) {
        self.id = id
        self.name = name
        self.creditCode = creditCode
        self.permitNumber = permitNumber
        self.industry = industry
        self.address = address
        self.lon = lon
        self.lat = lat
        self.permittedOutfallIDs = permittedOutfallIDs
    }
}
