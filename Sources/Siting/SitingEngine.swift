import GeoKit
import OutfallModel
import Rivers

/// One worker's view of a ``SitingModel``: the ``ZonePredicates`` it asks (by default GEOS on
/// a context of its own, with the zones it has needed so far prepared), so engines are never
/// shared between threads.
///
/// It fails closed: when a zone cannot be tested the check throws ``SitingError`` naming the
/// zone, rather than treating the zone as absent.
public final class SitingEngine {
    private let predicates: ZonePredicates

    public init(model: SitingModel, predicates: ZonePredicates = GEOSZonePredicates()) {
        self.predicates = predicates
    }

    /// Zone tests for one subject, each made at most once.
    private struct ZoneFacts {
        var coversOutfall: Bool
        var coversReceiving: Bool
        var distance: Double?
    }

    func evaluate(_ subject: SitingSubject, in model: SitingModel) throws(SitingError) -> SitingVerdict {
        // A NaN point is inside no envelope, so it would come out clear of every zone.
        guard subject.metric.isFinite, subject.receiving?.isFinite ?? true else {
            throw .placeNotEvaluated("\(subject.metric)")
        }
        var candidates: [Int] = []
        model.zoneIndex.query(SitingModel.searchArea(for: subject, reach: model.reach), into: &candidates)
        if model.candidatesInZoneOrder { candidates.sort() }
        var facts: [Int: ZoneFacts] = [:]
        let predicates = predicates

        func failed(_ i: Int, _ operation: String, _ error: GEOSError) -> SitingError {
            .zoneNotEvaluated(zone: model.zoneFeatures[i], operation: operation, reason: error.description)
        }
        func factsFor(_ i: Int) throws(SitingError) -> ZoneFacts {
            if let known = facts[i] { return known }
            let envelope = model.zoneEnvelopes[i].expanded(by: SitingModel.boundaryTolerance)
            func covers(_ c: Coordinate?) throws(SitingError) -> Bool {
                // Outside the zone's envelope (widened by the tolerance) a point cannot be in it.
                guard let c, envelope.contains(c) else { return false }
                do {
                    return try predicates.covers(zone: i, of: model, point: c, tolerance: SitingModel.boundaryTolerance)
                } catch {
                    throw failed(i, "covers", error)
                }
            }
            let f = ZoneFacts(coversOutfall: try covers(subject.metric), coversReceiving: try covers(subject.receiving), distance: nil)
            facts[i] = f
            return f
        }
        func distance(_ i: Int) throws(SitingError) -> Double {
            if let d = facts[i]?.distance { return d }
            let d: Double
            do { d = try predicates.distance(zone: i, of: model, to: subject.metric) } catch { throw failed(i, "distance", error) }
            guard d.isFinite else { throw failed(i, "distance", GEOSError(operation: "distance", message: "not a finite number: \(d)")) }
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

        func matches(_ condition: SitingCondition) throws(SitingError) -> [(FindingFeature, Double)] {
            var found: [(FindingFeature, Double)] = []
            switch condition {
            case .insideZone(let filter, let place):
                for i in candidates {
                    let t = model.zoneTraits[i]
                    guard filter.matches(kind: t.kind, level: t.level), covered(try factsFor(i), at: place) else { continue }
                    found.append((model.zoneFeatures[i], 0))
                }
            case .nearZone(let filter, let metres):
                for i in candidates {
                    let t = model.zoneTraits[i]
                    guard filter.matches(kind: t.kind, level: t.level), !(try factsFor(i)).coversOutfall else { continue }
                    let d = try distance(i)
                    if d <= metres { found.append((model.zoneFeatures[i], d)) }
                }
            case .waterFunction(let classes, let attains, let place):
                for i in candidates {
                    let zone = model.zoneTraits[i]
                    guard zone.kind == .waterFunction else { continue }
                    if let classes { guard let target = zone.targetClass, classes.contains(target) else { continue } }
                    if let attains { guard zone.attains == attains else { continue } }
                    guard covered(try factsFor(i), at: place) else { continue }
                    found.append((model.zoneFeatures[i], 0))
                }
            case .upstreamOf(let target, let metres):
                guard let location = subject.networkLocation else { return [] }
                return model.upstream.targets(downstreamOf: location, target, within: metres)
            case .all(let parts):
                for part in parts {
                    let some = try matches(part)
                    if some.isEmpty { return [] }
                    found += some
                }
            case .any(let parts):
                for part in parts { found += try matches(part) }
            }
            return found
        }

        var findings: [Finding] = []
        for rule in model.rules.rules {
            guard let severity = rule.severity(isNew: subject.isNew, type: subject.type) else { continue }
            let found = try matches(rule.condition)
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
