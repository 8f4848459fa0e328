import GeoKit
import OutfallModel
import Rivers

/// The network upstream of every intake and monitoring section that a river rule watches,
/// travelled once and indexed by edge, so that asking "is this outfall within N km upstream
/// of an intake?" is a lookup, not a navigation per outfall.
struct UpstreamIndex: Sendable {
    struct Entry: Sendable {
        var target: UpstreamTarget
        var feature: FindingFeature
        var span: Traversal.Span
    }

    private var byEdge: [Int: [Entry]] = [:]

    init(rules: SitingRuleSet, intakes: [Intake], sections: [MonitoringSection], network: RiverNetwork?, converter: GeodeticConverter) throws(CRSError) {
        guard let network, !network.isEmpty else { return }
        let (intakeReach, sectionReach) = Self.distances(of: rules)

        var targets: [(UpstreamTarget, FindingFeature, Coordinate, Double)] = []
        if intakeReach > 0 {
            for intake in intakes {
                targets.append((.intakes, FindingFeature(layer: .intakes, id: intake.id, key: intake.key, name: intake.name, kind: nil, level: nil, label: "饮用水取水口"),
                                intake.location, intakeReach))
            }
        }
        for section in sections {
            guard let m = sectionReach[section.kind] else { continue }
            targets.append((.sections([section.kind]), FindingFeature(layer: .sections, id: section.id, key: section.key, name: section.name,
                                                                       kind: section.kind.rawValue, level: nil, label: section.kind.label),
                            section.location, m))
        }
        guard !targets.isEmpty else { return }
        let metric = try converter.toMetric(targets.map(\.2))
        for (target, p) in zip(targets, metric) {
            let snap = network.snap(metric: p, options: Self.snapOptions)
            guard let start = snap.best, snap.status == .ok || snap.status == .ambiguous else { continue }
            let trip = network.navigate(from: start.location, direction: .upstream, distance: target.3)
            for span in trip.spans { byEdge[span.edge, default: []].append(Entry(target: target.0, feature: target.1, span: span)) }
        }
    }

    /// How intakes and sections are snapped to the network.
    static let snapOptions = SnapOptions()

    /// How far upstream the rules look from intakes, and from each kind of section.
    static func distances(of rules: SitingRuleSet) -> (intakes: Double, sections: [SectionKind: Double]) {
        var intakeReach = 0.0
        var sectionReach: [SectionKind: Double] = [:]
        func collect(_ condition: SitingCondition) {
            switch condition {
            case .upstreamOf(.intakes, let m): intakeReach = max(intakeReach, m)
            case .upstreamOf(.sections(let kinds), let m): for k in kinds { sectionReach[k] = max(sectionReach[k] ?? 0, m) }
            case .all(let cs), .any(let cs): cs.forEach(collect)
            default: break
            }
        }
        rules.rules.forEach { collect($0.condition) }
        return (intakeReach, sectionReach)
    }

    /// How far from an outfall's receiving point the network must be known for its upstream
    /// tests to be answered as on the whole network. An intake or section that can matter
    /// snaps within the farthest upstream distance of that point (a network distance is
    /// never shorter than the straight line), so it lies within that plus ``snapOptions``'
    /// maximum distance, and the edges its snap weighs lie within that distance of it again.
    /// Ones farther away cannot matter: wherever they snap, the point is too far downstream.
    static func networkReach(of rules: SitingRuleSet) -> Double {
        let (intakes, sections) = distances(of: rules)
        let farthest = max(intakes, sections.values.max() ?? 0)
        return farthest > 0 ? farthest + 2 * snapOptions.maxDistance : 0
    }

    /// Features of `target` downstream of `location` within `metres`, with network distances.
    func targets(downstreamOf location: NetworkLocation, _ target: UpstreamTarget, within metres: Double) -> [(FindingFeature, Double)] {
        var found: [String: (FindingFeature, Double)] = [:]
        for entry in byEdge[location.edge] ?? [] {
            guard entry.span.from - 1e-6 <= location.along, location.along <= entry.span.to + 1e-6 else { continue }
            switch (target, entry.target) {
            case (.intakes, .intakes): break
            case (.sections(let wanted), .sections(let have)) where !wanted.isDisjoint(with: have): break
            default: continue
            }
            let d = max(0, entry.span.entryDistance + (entry.span.to - location.along))
            guard d <= metres else { continue }
            if d < found[entry.feature.key]?.1 ?? .infinity { found[entry.feature.key] = (entry.feature, d) }
        }
        return Array(found.values)
    }
}
