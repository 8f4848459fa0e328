import GeoKit
import OutfallModel
import Registry
import Rivers
import Supervision

/// Where a point of the ledger (a suspect, a survey record) lies by the registry's layers:
/// its township (属地, from the areas layer) and the river and bank it snaps to. Derived,
/// never stored: recomputed from the layers each time it is asked for.
public struct PointPlacement: Sendable, Hashable {
    public var township: String?
    public var river: String?
    /// `left` / `right`, looking downstream; nil on the centreline or when not snapped.
    public var bank: String?
    /// The snap status (`ok`, `ambiguous`, `too_far`, `none`).
    public var snapStatus: String
    /// Metres along the river from its downstream end, when snapped.
    public var measure: Double?

    /// Whether the point snapped cleanly to one reach.
    public var isSnapped: Bool { snapStatus == SnapResult.Status.ok.rawValue }
}

extension Ledger {
    /// The placement of each point (CGCS2000 lon/lat), in order: one network and one area
    /// index for all of them.
    public func placements(of points: [Coordinate]) throws(LedgerError) -> [PointPlacement] {
        guard !points.isEmpty else { return [] }
        do {
            let network = try registry.riverNetwork()
            let areas = try AreaLocator(areas: try registry.store.fetchAll(AdministrativeArea.self), context: GEOSContext())
            // One converter and one pass for all points (points were checked against the region on import).
            let converter = GeodeticConverter(metricEPSG: registry.settings.metricEPSG)
            let snaps = try network.snap(points, options: registry.defaultSnapOptions, converter: converter)
            return try zip(points, snaps).map { point, snap in
                let best = snap.status == .none ? nil : snap.best
                return PointPlacement(
                    township: try areas.area(containing: point)?.name, river: best?.river, bank: best?.bank?.rawValue,
                    snapStatus: snap.status.rawValue, measure: best?.measure)
            }
        } catch {
            throw Self.ledgerError(error)
        }
    }
}
