import GeoKit
import OutfallModel
import RegistryStore
import Rivers

/// The nearest monitoring section downstream of an outfall, and how far along the network.
public struct DownstreamSection: Sendable, Equatable {
    public var sectionID: Int64
    public var name: String
    public var networkDistance: Double
}

extension Registry {
    /// For every snapped outfall, the nearest section of `kind` downstream within `distance`
    /// metres of network, by outfall id. The network is built and the sections snapped once,
    /// then each outfall travels downstream on its own: linear in the number of outfalls,
    /// where ``navigate(from:direction:distance:mainstemOnly:)`` per outfall would reload
    /// every layer each time. `outfallIDs` limits the work to those outfalls (a dossier needs one).
    public func nearestDownstreamSections(
        kind: SectionKind, within distance: Double, outfallIDs: Set<Int64>? = nil
    ) throws(RegistryError) -> [Int64: DownstreamSection] {
        guard distance.isFinite, distance > 0 else { throw .invalid("距离须为正数 (distance must be positive)") }
        let network = try riverNetwork()
        guard !network.isEmpty else { return [:] }
        try refreshSnaps(network: network)
        return try wrapping {
            let converter = GeodeticConverter(metricEPSG: settings.metricEPSG)
            let sections = try store.fetchAll(MonitoringSection.self).filter { $0.kind == kind }
            guard !sections.isEmpty else { return [:] }
            let metric = try converter.toMetric(sections.map(\.location))
            var located: [(MonitoringSection, Int64, NetworkLocation)] = []
            for (section, p) in zip(sections, metric) {
                let result = network.snap(metric: p, options: defaultSnapOptions)
                guard let id = section.id, let best = result.best, result.status == .ok || result.status == .ambiguous else { continue }
                located.append((section, id, best.location))
            }
            var nearest: [Int64: DownstreamSection] = [:]
            for (outfallID, snap) in try store.snaps() where outfallIDs?.contains(outfallID) ?? true {
                guard let start = snap.location(in: network) else { continue }
                let trip = network.navigate(from: start, direction: .downstream, distance: distance)
                for (section, sectionID, location) in located {
                    guard let d = trip.distance(to: location, in: network) else { continue }
                    if let known = nearest[outfallID], (known.networkDistance, known.sectionID) <= (d, sectionID) { continue }
                    nearest[outfallID] = DownstreamSection(sectionID: sectionID, name: section.name, networkDistance: d)
                }
            }
            return nearest
        }
    }
}
