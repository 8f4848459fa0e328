import GeoKit

/// Finds which administrative area (township) a point lies in — 属地. A point on a shared
/// boundary belongs to the first area in layer order that covers it.
public struct AreaLocator {
    private let areas: [AdministrativeArea]
    private let prepared: [PreparedGeometry]

    /// Indexes the areas of `level` (townships by default). Areas whose geometry GEOS cannot
    /// take are left out; they were checked at import.
    public init(areas: [AdministrativeArea], level: AreaLevel = .township, context: GEOSContext) {
        var kept: [AdministrativeArea] = []
        var prepared: [PreparedGeometry] = []
        for area in areas where area.level == level {
            guard let p = try? context.geometry(area.geometry).prepared() else { continue }
            kept.append(area)
            prepared.append(p)
        }
        self.areas = kept
        self.prepared = prepared
    }

    public func area(containing point: Coordinate) -> AdministrativeArea? {
        for (area, geometry) in zip(areas, prepared) {
            guard let envelope = area.geometry.envelope, envelope.contains(point) else { continue }
            if (try? geometry.covers(point)) == true { return area }
        }
        return nil
    }
}
