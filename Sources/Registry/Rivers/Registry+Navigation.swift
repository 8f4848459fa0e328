import GeoKit
import OutfallModel
import RegistryStore
import Rivers

/// Where a navigation starts.
public enum NavigationStart: Sendable {
    case outfall(Int64)
    case intake(Int64)
    case section(Int64)
    case point(GivenPoint)
}

/// A reach (or the travelled stretch of one) on a navigation.
public struct TravelledReach: Sendable {
    public var reach: ReachInfo
    /// Measures at the two ends of the travelled stretch (upstream end first).
    public var fromMeasure: Double
    public var toMeasure: Double
    /// Network distance from the start where the stretch is entered.
    public var entryDistance: Double
    public var length: Double
    /// The stretch, CGCS2000 lon/lat, in flow direction.
    public var geometry: [Coordinate]
}

/// A registered feature met on the way.
public struct NavigationHit: Sendable {
    public var layer: LayerKind
    public var id: Int64
    public var key: String
    public var name: String
    /// Network distance from the start (for zones: where the path enters the zone).
    public var networkDistance: Double
    public var river: String?
    public var measure: Double?
    /// Kind and level (zones), kind (sections), type (outfalls), in Chinese.
    public var detail: String?
}

public struct NavigationReport: Sendable {
    public var start: SnapCandidate
    public var startDescription: String
    public var direction: FlowDirection
    public var distance: Double
    public var mainstemOnly: Bool
    public var reaches: [TravelledReach]
    /// Everything met, nearest first.
    public var features: [NavigationHit]
}

extension Registry {
    /// Travels up- or downstream from an outfall, intake, section or point and lists every
    /// registered feature on the way with its network distance.
    public func navigate(from start: NavigationStart, direction: FlowDirection, distance: Double, mainstemOnly: Bool = false) throws(RegistryError) -> NavigationReport {
        guard distance.isFinite, distance > 0 else { throw .invalid("距离须为正数 (distance must be positive)") }
        let network = try riverNetwork()
        guard !network.isEmpty else { throw .invalid("河流图层为空，无法导航：请先导入 rivers (no rivers)") }
        try refreshSnaps(network: network)
        return try wrapping {
            let converter = GeodeticConverter(metricEPSG: settings.metricEPSG)
            let (origin, label, excluded) = try startLocation(start, network: network, converter: converter)
            let trip = network.navigate(from: origin.location, direction: direction, distance: distance, mainstemOnly: mainstemOnly)
            var hits = try pointHits(trip, network: network, converter: converter, excluding: excluded)
            hits += try zoneHits(trip, network: network, converter: converter)
            hits.sort { ($0.networkDistance, $0.layer.rawValue, $0.id) < ($1.networkDistance, $1.layer.rawValue, $1.id) }
            let reaches = try trip.spans.map { span in
                let edge = network.edges[span.edge]
                return TravelledReach(
                    reach: network.reaches[edge.reach],
                    fromMeasure: network.measure(at: NetworkLocation(edge: span.edge, along: span.from)),
                    toMeasure: network.measure(at: NetworkLocation(edge: span.edge, along: span.to)),
                    entryDistance: span.entryDistance, length: span.to - span.from,
                    geometry: try converter.fromMetric(network.geometry(of: span)))
            }
            return NavigationReport(
                start: origin, startDescription: label, direction: direction, distance: distance, mainstemOnly: mainstemOnly,
                reaches: reaches, features: hits)
        }
    }

    private func startLocation(
        _ start: NavigationStart, network: RiverNetwork, converter: GeodeticConverter
    ) throws -> (SnapCandidate, String, (LayerKind, Int64)?) {
        func snapped(_ location: Coordinate, _ label: String) throws -> SnapCandidate {
            let result = network.snap(metric: try converter.toMetric([location])[0], options: defaultSnapOptions)
            guard let best = result.best, result.status == .ok || result.status == .ambiguous else {
                throw RegistryError.invalid("\(label) 未能吸附到河网（\(result.status.rawValue)），无法导航 (start does not snap)")
            }
            return best
        }
        switch start {
        case .point(let given):
            return (try snapped(try locate(given), "点 \(given.coordinate)"), "点 \(given.coordinate)", nil)
        case .intake(let id):
            guard let intake = try store.fetch(Intake.self, id: id) else { throw RegistryError.notFound("取水口 ID \(id)") }
            return (try snapped(intake.location, "取水口“\(intake.name)”"), "取水口“\(intake.name)”", (.intakes, id))
        case .section(let id):
            guard let section = try store.fetch(MonitoringSection.self, id: id) else { throw RegistryError.notFound("断面 ID \(id)") }
            return (try snapped(section.location, "断面“\(section.name)”"), "断面“\(section.name)”", (.sections, id))
        case .outfall(let id):
            guard let outfall = try store.fetch(Outfall.self, id: id) else { throw RegistryError.notFound("排污口 ID \(id)") }
            let snaps = try store.snaps()
            guard let snap = snaps[id], let location = snap.location(in: network) else {
                throw RegistryError.invalid("排污口“\(outfall.name)”未能吸附到河网，请先用 outfalls pin 指定河段 (outfall does not snap)")
            }
            let result = network.snap(metric: try converter.toMetric([outfall.location])[0], pinnedTo: network.edges[location.edge].reach)
            guard var best = result.best else { throw RegistryError.invalid("排污口“\(outfall.name)”无法定位到河段") }
            best.location = location
            return (best, "排污口“\(outfall.name)”", (.outfalls, id))
        }
    }

    private func pointHits(
        _ trip: Traversal, network: RiverNetwork, converter: GeodeticConverter, excluding excluded: (LayerKind, Int64)?
    ) throws -> [NavigationHit] {
        var located: [(LayerKind, Int64, String, String, String?, NetworkLocation)] = []
        let snaps = try store.snaps()
        for outfall in try store.fetchAll(Outfall.self) {
            guard let id = outfall.id, let location = snaps[id]?.location(in: network) else { continue }
            located.append((.outfalls, id, outfall.key, outfall.name, outfall.type.label, location))
        }
        let intakes = try store.fetchAll(Intake.self)
        let sections = try store.fetchAll(MonitoringSection.self)
        let points: [(LayerKind, Int64?, String, String, String?, Coordinate)] =
            intakes.map { (.intakes, $0.id, $0.key, $0.name, nil, $0.location) }
            + sections.map { (.sections, $0.id, $0.key, $0.name, $0.kind.label, $0.location) }
        let metric = try converter.toMetric(points.map(\.5))
        for (point, p) in zip(points, metric) {
            let result = network.snap(metric: p, options: defaultSnapOptions)
            guard let id = point.1, let best = result.best, result.status == .ok || result.status == .ambiguous else { continue }
            located.append((point.0, id, point.2, point.3, point.4, best.location))
        }
        return located.compactMap { layer, id, key, name, detail, location in
            if let excluded, excluded.0 == layer, excluded.1 == id { return nil }
            guard let d = trip.distance(to: location, in: network) else { return nil }
            return NavigationHit(
                layer: layer, id: id, key: key, name: name, networkDistance: d,
                river: network.reaches[network.edges[location.edge].reach].river, measure: network.measure(at: location), detail: detail)
        }
    }

    /// Zones the path runs into, with the network distance where it first enters each.
    private func zoneHits(_ trip: Traversal, network: RiverNetwork, converter: GeodeticConverter) throws -> [NavigationHit] {
        let geos = GEOSContext()
        let spanLines = trip.spans.map { network.geometry(of: $0) }
        guard let pathEnvelope = Envelope(covering: spanLines.joined()) else { return [] }
        var hits: [NavigationHit] = []
        for zone in try store.fetchAll(Zone.self) {
            guard let zoneID = zone.id else { continue }
            let metricZone = try zone.geometry.converted { try converter.toMetric($0) }
            guard let envelope = metricZone.envelope, envelope.intersects(pathEnvelope) else { continue }
            let polygon = try geos.geometry(metricZone).prepared()
            var entry: Double?
            for (span, line) in zip(trip.spans, spanLines) {
                let path = try geos.geometry(.lineString(line))
                guard try polygon.intersects(path) else { continue }
                let inside = try polygon.base.intersection(path).value()
                let polyline = network.line(span.edge)
                for c in inside.coordinates {
                    let d = trip.distance(along: span, at: polyline.project(c).along)
                    entry = min(entry ?? d, d)
                }
            }
            guard let entry else { continue }
            hits.append(NavigationHit(
                layer: .zones, id: zoneID, key: zone.key, name: zone.name, networkDistance: max(0, entry), river: nil, measure: nil,
                detail: zone.kindAndLevelLabel))
        }
        return hits
    }
}
