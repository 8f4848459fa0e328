import GeoKit

/// Finds which administrative area (township) a point lies in — 属地. A point on a shared
/// boundary belongs to the first area in layer order that covers it.
///
/// It fails closed: an area GEOS cannot take or test is an ``AreaLookupError`` naming it, not
/// a silent "in no township" (which would put an outfall under the wrong 属地 or none).
public struct AreaLocator {
    private let areas: [AdministrativeArea]
    private let prepared: [PreparedGeometry]

    /// Indexes the areas of `level` (townships by default).
    public init(areas: [AdministrativeArea], level: AreaLevel = .township, context: GEOSContext) throws(AreaLookupError) {
        var kept: [AdministrativeArea] = []
        var prepared: [PreparedGeometry] = []
        for area in areas where area.level == level {
            do {
                prepared.append(try context.geometry(area.geometry).prepared())
            } catch {
                throw AreaLookupError(area: area.name, adcode: area.adcode, reason: error.description)
            }
            kept.append(area)
        }
        self.areas = kept
        self.prepared = prepared
    }

    public func area(containing point: Coordinate) throws(AreaLookupError) -> AdministrativeArea? {
        for (area, geometry) in zip(areas, prepared) {
            guard let envelope = area.geometry.envelope, envelope.contains(point) else { continue }
            do {
                if try geometry.covers(point) { return area }
            } catch {
                throw AreaLookupError(area: area.name, adcode: area.adcode, reason: error.description)
            }
        }
        return nil
    }
}

/// An administrative area whose geometry GEOS could not prepare or test.
public struct AreaLookupError: Error, Sendable, CustomStringConvertible {
    public var area: String
    public var adcode: String?
    public var reason: String

    public init(area: String, adcode: String?, reason: String) {
        self.area = area
        self.adcode = adcode
        self.reason = reason
    }

    public var description: String {
        "无法判断所属乡镇：行政区“\(area)”\(adcode.map { "（\($0)）" } ?? "")的边界无法计算，请检查或重新导入行政区图层 (township lookup failed for \(area): \(reason))"
    }
}
