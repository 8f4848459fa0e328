import GeoKit
import OutfallModel
import Rivers

/// One worker's view of a ``SitingModel``: its own GEOS context and the GEOS prepared zone
/// geometries it has needed so far (GEOS builds a prepared geometry's index on first use,
/// so prepared geometries are never shared between threads).
public final class SitingEngine {
    private let geos = GEOSContext()
    private var prepared: [PreparedGeometry?]

    public init(model: SitingModel) {
        prepared = Array(repeating: nil, count: model.zones.count)
    }

    private func zone(_ i: Int, in model: SitingModel) -> PreparedGeometry? {
        if let p = prepared[i] { return p }
        let made = try? geos.geometry(model.zoneMetric[i]).prepared()
        prepared[i] = made
        return made
    }

    /// Zone tests for one subject, each made at most once.
    private struct ZoneFacts {
        var coversOutfall: Bool
        var coversReceiving: Bool
        var distance: Double?
    }

    func evaluate(_ subject: SitingSubject, in model: SitingModel) -> SitingVerdict {
        var area = Envelope(minX: subject.metric.x, minY: subject.metric.y, maxX: subject.metric.x, maxY: subject.metric.y)
        if let r = subject.receiving { area.expand(toInclude: r) }
        var candidates: [Int] = []
        model.zoneIndex.query(area.expanded(by: model.reach), into: &candidates)
        var facts: [Int: ZoneFacts] = [:]
        let outfallPoint = try? geos.point(subject.metric)
        let receivingPoint = subject.receiving.flatMap { try? geos.point($0) }

        func factsFor(_ i: Int) -> ZoneFacts? {
            if let known = facts[i] { return known }
            guard let p = zone(i, in: model), let outfallPoint else { return nil }
            let envelope = model.zoneEnvelopes[i].expanded(by: SitingModel.boundaryTolerance)
            func covers(_ point: GEOSGeometry?, at c: Coordinate?) -> Bool {
                guard let point, let c, envelope.contains(c) else { return false }
                if (try? p.covers(point)) == true { return true }
                return (try? p.isWithinDistance(point, SitingModel.boundaryTolerance)) == true
            }
            let f = ZoneFacts(
                coversOutfall: covers(outfallPoint, at: subject.metric), coversReceiving: covers(receivingPoint, at: subject.receiving),
                distance: nil)
            facts[i] = f
            return f
        }
        func distance(_ i: Int) -> Double? {
            if let d = facts[i]?.distance { return d }
            guard let p = zone(i, in: model), let outfallPoint, let d = try? p.distance(to: outfallPoint) else { return nil }
            facts[i]?.distance = d
            return d
        }
        func covered(_ f: ZoneFacts, at place: Place) -> Bool {
            switch place {
            case .outfall: f.coversOutfall
            case .receivingWater: subject.receiving == nil ? f.coversOutfall : f.coversReceiving
            case .either: f.coversOutfall || f.coversReceiving
            }
        }

        func matches(_ condition: SitingCondition) -> [(FindingFeature, Double)] {
            switch condition {
            case .insideZone(let filter, let place):
                return candidates.compactMap { i in
                    let t = model.zoneTraits[i]
                    guard filter.matches(kind: t.kind, level: t.level), let f = factsFor(i), covered(f, at: place) else { return nil }
                    return (model.zoneFeatures[i], 0)
                }
            case .nearZone(let filter, let metres):
                return candidates.compactMap { i in
                    let t = model.zoneTraits[i]
                    guard filter.matches(kind: t.kind, level: t.level), let f = factsFor(i), !f.coversOutfall, let d = distance(i), d <= metres
                    else { return nil }
                    return (model.zoneFeatures[i], d)
                }
            case .waterFunction(let classes, let attains, let place):
                return candidates.compactMap { i in
                    let zone = model.zoneTraits[i]
                    guard zone.kind == .waterFunction else { return nil }
                    if let classes { guard let target = zone.targetClass, classes.contains(target) else { return nil } }
                    if let attains { guard zone.attains == attains else { return nil } }
                    guard let f = factsFor(i), covered(f, at: place) else { return nil }
                    return (model.zoneFeatures[i], 0)
                }
            case .upstreamOf(let target, let metres):
                guard let location = subject.networkLocation else { return [] }
                return model.upstream.targets(downstreamOf: location, target, within: metres)
            case .all(let parts):
                var all: [(FindingFeature, Double)] = []
                for part in parts {
                    let found = matches(part)
                    if found.isEmpty { return [] }
                    all += found
                }
                return all
            case .any(let parts):
                return parts.flatMap(matches)
            }
        }

        var findings: [Finding] = []
        for rule in model.rules.rules {
            guard let severity = rule.severity(isNew: subject.isNew, type: subject.type) else { continue }
            let found = matches(rule.condition)
            for (n, (feature, d)) in found.enumerated()
            where !found[..<n].contains(where: { $0.0.layer == feature.layer && $0.0.key == feature.key }) {
                findings.append(Finding(
                    rule: rule, severity: severity, feature: feature, distance: d,
                    note: rule.newOnly && !subject.isNew ? rule.existingNote : nil))
            }
        }
        return SitingVerdict(findings: findings)
    }
}
