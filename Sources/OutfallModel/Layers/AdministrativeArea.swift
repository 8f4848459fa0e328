import GeoKit
import JSON

/// An administrative area (county or township), used to say which township an outfall
/// belongs to (属地) and to count per township.
public struct AdministrativeArea: LayerRecord {
    public static let layer = LayerKind.areas

    public var id: Int64?
    public var key: String
    public var name: String
    /// 区划代码: 6 digits for a county, 9 or 12 for a township.
    public var adcode: String?
    public var level: AreaLevel
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin

    public init(
        id: Int64? = nil, key: String, name: String, adcode: String?, level: AreaLevel, geometry: Geometry,
        extra: JSONObject = JSONObject(), origin: CoordinateOrigin = .cgcs2000
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.adcode = adcode
        self.level = level
        self.geometry = geometry
        self.extra = extra
        self.origin = origin
    }

    public init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem) {
        var reader = PropertyReader(properties)
        let name = try reader.requiredString(.areaName)
        let adcode = reader.string(.adcode)
        if let adcode, !(adcode.allSatisfy(\.isASCII) && adcode.allSatisfy(\.isNumber) && [6, 9, 12].contains(adcode.count)) {
            throw .invalidValue(property: "adcode", value: adcode, expected: "6、9 或 12 位数字的行政区划代码")
        }
        let level = try reader.requiredTerm(AreaLevel.self, .areaLevel)
        self.init(key: key, name: name, adcode: adcode, level: level, geometry: geometry, extra: reader.extra, origin: origin)
    }

    public var canonicalProperties: JSONObject {
        JSONObject([("name", .string(name)), ("adcode", adcode.map(JSONValue.string) ?? .null), ("level", .string(level.rawValue))])
    }
}
