import GeoKit
import JSON

/// A reach of a river: a line digitised in flow direction (first vertex upstream).
public struct RiverReach: LayerRecord {
    public static let layer = LayerKind.rivers

    public var id: Int64?
    public var key: String
    public var name: String
    /// The reach code given by the data provider (河段编码), if any.
    public var reachCode: String?
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin

    public init(
        id: Int64? = nil, key: String, name: String, reachCode: String? = nil, geometry: Geometry,
        extra: JSONObject = JSONObject(), origin: CoordinateOrigin = .cgcs2000
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.reachCode = reachCode
        self.geometry = geometry
        self.extra = extra
        self.origin = origin
    }

    public init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem) {
        var reader = PropertyReader(properties)
        let name = try reader.requiredString(.riverName)
        let code = reader.string(.reachID)
        self.init(key: key, name: name, reachCode: code, geometry: geometry, extra: reader.extra, origin: origin)
    }

    public var canonicalProperties: JSONObject {
        JSONObject([("name", .string(name)), ("reach_id", reachCode.map(JSONValue.string) ?? .null)])
    }
}
