import GeoKit
import JSON

/// A drinking-water intake (取水口).
public struct Intake: LayerRecord {
    public static let layer = LayerKind.intakes

    public var id: Int64?
    public var key: String
    public var name: String
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin

    public init(
        id: Int64? = nil, key: String, name: String, location: Coordinate,
        extra: JSONObject = JSONObject(), origin: CoordinateOrigin = .cgcs2000
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.geometry = .point(location)
        self.extra = extra
        self.origin = origin
    }

    public init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem) {
        var reader = PropertyReader(properties)
        let name = try reader.requiredString(.intakeName)
        guard case .point(let location) = geometry else { throw .wrongGeometryType(found: geometry.typeName, layer: .intakes) }
        self.init(key: key, name: name, location: location, extra: reader.extra, origin: origin)
    }

    public var location: Coordinate { geometry.point ?? Coordinate(x: .nan, y: .nan) }

    public var canonicalProperties: JSONObject { JSONObject([("name", .string(name))]) }
}

/// A water-quality monitoring section (监测断面).
public struct MonitoringSection: LayerRecord {
    public static let layer = LayerKind.sections

    public var id: Int64?
    public var key: String
    public var name: String
    public var kind: SectionKind
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin

    public init(
        id: Int64? = nil, key: String, name: String, kind: SectionKind, location: Coordinate,
        extra: JSONObject = JSONObject(), origin: CoordinateOrigin = .cgcs2000
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.kind = kind
        self.geometry = .point(location)
        self.extra = extra
        self.origin = origin
    }

    public init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem) {
        var reader = PropertyReader(properties)
        let name = try reader.requiredString(.sectionName)
        let kind = try reader.requiredTerm(SectionKind.self, .sectionKind)
        guard case .point(let location) = geometry else { throw .wrongGeometryType(found: geometry.typeName, layer: .sections) }
        self.init(key: key, name: name, kind: kind, location: location, extra: reader.extra, origin: origin)
    }

    public var location: Coordinate { geometry.point ?? Coordinate(x: .nan, y: .nan) }

    public var canonicalProperties: JSONObject {
        JSONObject([("name", .string(name)), ("kind", .string(kind.rawValue))])
    }
}
