import Foundation
import GeoKit
import OutfallModel
import Rivers

/// Everything the siting check needs, prepared once and shared read-only by every worker:
/// the rules, the zones in the metric CRS with a spatial index, and for the river rules the
/// stretches of network upstream of every intake and section, indexed by edge.
///
/// ## Topics
/// - Building: ``init(rules:zones:intakes:sections:network:converter:candidatesInZoneOrder:)``, ``ZoneEnvelopeIndex``
/// - Checking: ``check(_:engine:)``, ``screen(_:predicates:)``, ``SitingEngine``, ``ZonePredicates``, ``SitingError``
public struct SitingModel: Sendable {
    public let rules: SitingRuleSet
    public let zones: [Zone]
    let zoneMetric: [Geometry]
    let zoneEnvelopes: [Envelope]
    let zoneIndex: EnvelopeIndex
    let zoneFeatures: [FindingFeature]
    /// What the rules ask of each zone, apart from its geometry: reading these never copies
    /// a zone's coordinates.
    let zoneTraits: [ZoneTraits]
    public let network: RiverNetwork?
    let upstream: UpstreamIndex
    /// The farthest any rule looks from an outfall (near-zone distances).
    let reach: Double
    /// See ``init(rules:zones:intakes:sections:network:converter:candidatesInZoneOrder:)``.
    let candidatesInZoneOrder: Bool

    /// A point within this distance (metres) of a zone's boundary counts as on it, hence
    /// inside: it absorbs the sub-millimetre differences that converting polygons and points
    /// between lon/lat and metres introduces, and errs on the side of the zone.
    public static let boundaryTolerance = 0.01

    /// `candidatesInZoneOrder`: a check tests the zones near it in the order of `zones`
    /// rather than the order its spatial index finds them. A model of only the zones one check
    /// needs (``ZoneEnvelopeIndex/candidates(for:rules:)``, which lists them in the order the
    /// model of every zone tests them) sets it, so that its findings come out in the same order.
    public init(
        rules: SitingRuleSet, zones: [Zone], intakes: [Intake], sections: [MonitoringSection], network: RiverNetwork?,
        converter: GeodeticConverter, candidatesInZoneOrder: Bool = false
    ) throws(SitingError) {
        self.rules = rules
        self.zones = zones
        (zoneMetric, zoneEnvelopes) = try Self.metric(zones, converter: converter)
        zoneIndex = EnvelopeIndex(envelopes: zoneEnvelopes)
        self.candidatesInZoneOrder = candidatesInZoneOrder
        zoneTraits = zones.map { ZoneTraits(kind: $0.kind, level: $0.level, targetClass: $0.targetClass, attains: $0.attains) }
        zoneFeatures = zones.map { zone in
            FindingFeature(
                layer: .zones, id: zone.id, key: zone.key, name: zone.name, kind: zone.kind.rawValue, level: zone.level?.rawValue,
                label: zone.kindAndLevelLabel)
        }
        self.network = network
        reach = Self.reach(of: rules)
        do {
            upstream = try UpstreamIndex(rules: rules, intakes: intakes, sections: sections, network: network, converter: converter)
        } catch {
            throw .crs(error)
        }
    }

    /// The zones in the metric CRS and their envelopes, as every model (and the stored
    /// ``ZoneEnvelopeIndex``) computes them, so that the envelopes are the same to the bit.
    static func metric(_ zones: [Zone], converter: GeodeticConverter) throws(SitingError) -> (geometries: [Geometry], envelopes: [Envelope]) {
        var metric: [Geometry] = []
        metric.reserveCapacity(zones.count)
        do {
            for zone in zones { metric.append(try zone.geometry.converted { try converter.toMetric($0) }) }
        } catch let error as CRSError {
            throw .crs(error)
        } catch {
            throw .crs(.transformFailed(.cgcs2000, .epsg(converter.metricEPSG), "\(error)"))
        }
        // A zone without a finite envelope would never be a candidate, hence never found: it
        // is refused here, naming it, rather than silently left out of every check.
        var envelopes: [Envelope] = []
        envelopes.reserveCapacity(metric.count)
        for (zone, geometry) in zip(zones, metric) {
            guard let e = geometry.envelope, e.minX.isFinite, e.minY.isFinite, e.maxX.isFinite, e.maxY.isFinite else {
                throw .zoneNotEvaluated(
                    zone: FindingFeature(
                        layer: .zones, id: zone.id, key: zone.key, name: zone.name, kind: zone.kind.rawValue, level: zone.level?.rawValue,
                        label: zone.kindAndLevelLabel),
                    operation: "envelope", reason: "区域几何为空或坐标不是有限数值 (empty geometry or non-finite coordinates)")
            }
            envelopes.append(e)
        }
        return (metric, envelopes)
    }

    /// How far from an outfall's point the river network must be known for its check to be
    /// the whole network's check, when its point is snapped with `snap`: the snap's own
    /// radius, or the upstream tests' reach from wherever the point snaps.
    public static func networkRadius(of rules: SitingRuleSet, snap: SnapOptions) -> Double {
        max(snap.radius, snap.maxDistance + UpstreamIndex.networkReach(of: rules))
    }

    /// The farthest any of `rules` looks from an outfall (near-zone distances).
    static func reach(of rules: SitingRuleSet) -> Double {
        rules.rules.map(\.condition.reach).max() ?? 0
    }

    /// The metric area whose zones (by envelope) a check of `subject` tests: around the
    /// outfall and its receiving point, widened by the farthest any rule looks.
    static func searchArea(for subject: SitingSubject, reach: Double) -> Envelope {
        var area = Envelope(minX: subject.metric.x, minY: subject.metric.y, maxX: subject.metric.x, maxY: subject.metric.y)
        if let r = subject.receiving { area.expand(toInclude: r) }
        return area.expanded(by: reach)
    }

    /// Checks one place with a worker's engine. Throws when a zone could not be tested:
    /// the check fails closed rather than leaving that zone out.
    public func check(_ subject: SitingSubject, engine: SitingEngine) throws(SitingError) -> SitingVerdict {
        try engine.evaluate(subject, in: self)
    }

    /// Checks many places on every core, each worker with its own engine (by default GEOS on
    /// a context of its own). Throws the first failure in subject order: a screening with
    /// one place that could not be checked is not stored as if it were complete.
    public func screen(
        _ subjects: [SitingSubject], predicates: @escaping @Sendable () -> ZonePredicates = { GEOSZonePredicates() }
    ) throws(SitingError) -> [SitingVerdict] {
        let results = subjects.parallelMap(state: { SitingEngine(model: self, predicates: predicates()) }) { engine, subject in
            Result { () throws(SitingError) -> SitingVerdict in try engine.evaluate(subject, in: self) }
        }
        var verdicts: [SitingVerdict] = []
        verdicts.reserveCapacity(results.count)
        for result in results { verdicts.append(try result.get()) }
        return verdicts
    }
}

struct ZoneTraits: Sendable {
    var kind: ZoneKind
    var level: ZoneLevel?
    var targetClass: WaterClass?
    var attains: Bool?
}

/// What is being checked: a place, and what kind of outfall would be there.
public struct SitingSubject: Sendable {
    /// The outfall's point, metric CRS.
    public var metric: Coordinate
    /// Where it meets the river (the snapped centreline point, metric) and the network
    /// location there; nil when it does not snap.
    public var receiving: Coordinate?
    public var networkLocation: NetworkLocation?
    public var type: OutfallType?
    /// A proposed outfall (or a planner's check), as opposed to an existing one.
    public var isNew: Bool

    public init(metric: Coordinate, receiving: Coordinate?, networkLocation: NetworkLocation?, type: OutfallType?, isNew: Bool) {
        self.metric = metric
        self.receiving = receiving
        self.networkLocation = networkLocation
        self.type = type
        self.isNew = isNew
    }
}
