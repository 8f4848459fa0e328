import JSON

extension Geometry {
    /// Reads a GeoJSON geometry object (RFC 7946 §3.1). Positions may carry a third value
    /// (elevation), which is dropped; fewer than two numbers is an error.
    public init(geoJSON value: JSONValue) throws(GeometryProblem) {
        guard let object = value.objectValue else {
            throw .malformed("geometry must be an object, found \(value.typeName)")
        }
        guard let type = object["type"]?.stringValue else { throw .malformed("geometry has no \"type\"") }
        if type == "GeometryCollection" { throw .unsupportedType(type) }
        guard let coordinates = object["coordinates"] else { throw .malformed("\(type) has no \"coordinates\"") }
        switch type {
        case "Point":
            self = .point(try Self.position(coordinates))
        case "MultiPoint":
            self = .multiPoint(try Self.positions(coordinates))
        case "LineString":
            self = .lineString(try Self.positions(coordinates))
        case "MultiLineString":
            self = .multiLineString(try Self.array(coordinates, "MultiLineString").map(Self.positions))
        case "Polygon":
            self = .polygon(try Self.polygon(coordinates))
        case "MultiPolygon":
            self = .multiPolygon(try Self.array(coordinates, "MultiPolygon").map(Self.polygon))
        default:
            throw .unsupportedType(type)
        }
    }

    /// The GeoJSON geometry object, coordinates unrounded.
    public var geoJSON: JSONValue {
        func pos(_ c: Coordinate) -> JSONValue { .array([.number(c.x), .number(c.y)]) }
        func line(_ cs: [Coordinate]) -> JSONValue { .array(cs.map(pos)) }
        func poly(_ p: Polygon) -> JSONValue { .array(p.rings.map(line)) }
        let coordinates: JSONValue =
            switch self {
            case .point(let c): pos(c)
            case .multiPoint(let cs), .lineString(let cs): line(cs)
            case .multiLineString(let lines): .array(lines.map(line))
            case .polygon(let p): poly(p)
            case .multiPolygon(let ps): .array(ps.map(poly))
            }
        return .object(JSONObject([("type", .string(typeName)), ("coordinates", coordinates)]))
    }

    private static func array(_ value: JSONValue, _ what: String) throws(GeometryProblem) -> [JSONValue] {
        guard let array = value.arrayValue else {
            throw .malformed("\(what) coordinates must be an array, found \(value.typeName)")
        }
        return array
    }

    private static func position(_ value: JSONValue) throws(GeometryProblem) -> Coordinate {
        guard let array = value.arrayValue else {
            throw .malformed("a position must be an array of numbers, found \(value.typeName)")
        }
        guard array.count >= 2 else { throw .malformed("a position needs at least 2 numbers, found \(array.count)") }
        guard let x = array[0].doubleValue, let y = array[1].doubleValue else {
            throw .malformed("position values must be numbers, found \(array[0].typeName), \(array[1].typeName)")
        }
        return Coordinate(x: x, y: y)
    }

    private static func positions(_ value: JSONValue) throws(GeometryProblem) -> [Coordinate] {
        var result: [Coordinate] = []
        for element in try array(value, "line") { result.append(try position(element)) }
        return result
    }

    private static func polygon(_ value: JSONValue) throws(GeometryProblem) -> Polygon {
        var rings: [[Coordinate]] = []
        for element in try array(value, "Polygon") { rings.append(try positions(element)) }
        return Polygon(rings: rings)
    }
}
