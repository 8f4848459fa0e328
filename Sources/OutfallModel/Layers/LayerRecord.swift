import GeoKit
import JSON

/// What every feature of every layer has: a stable key, a name, a geometry in CGCS2000
/// lon/lat, the properties the schema does not know (kept, never dropped), and where its
/// coordinates came from.
///
/// Each layer's record type decodes itself from a feature's properties, resolving the
/// Chinese aliases of DESIGN.md's layer schema and refusing values it cannot interpret.
public protocol LayerRecord: Sendable, Equatable {
    static var layer: LayerKind { get }

    /// Database row id; nil until stored.
    var id: Int64? { get set }
    /// Identity across re-imports (see docs/data-model.md, "Feature identity").
    var key: String { get set }
    var name: String { get }
    var geometry: Geometry { get set }
    var extra: JSONObject { get set }
    var origin: CoordinateOrigin { get set }

    /// The schema's properties in canonical names and forms, in schema order.
    var canonicalProperties: JSONObject { get }

    /// Reads the schema's properties from `properties` (aliases accepted); everything not
    /// consumed becomes ``extra``.
    init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem)
}

extension LayerRecord {
    /// Canonical properties followed by the extra ones: what an export writes.
    public var allProperties: JSONObject {
        var all = canonicalProperties
        for member in extra where all[member.key] == nil { all[member.key] = member.value }
        return all
    }
}

/// Where a feature's coordinates came from: the CRS they were given in and, when that was
/// not CGCS2000/WGS84 lon/lat, the original geometry, so that nothing is silently "fixed".
public struct CoordinateOrigin: Hashable, Sendable {
    public var crs: CRS
    /// The geometry as given, when it differs from the stored one.
    public var originalGeometry: Geometry?

    public init(crs: CRS, originalGeometry: Geometry? = nil) {
        self.crs = crs
        self.originalGeometry = originalGeometry
    }

    public static let cgcs2000 = CoordinateOrigin(crs: .cgcs2000)
}
