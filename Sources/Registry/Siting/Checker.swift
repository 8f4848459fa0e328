import GeoKit
import OutfallModel
import RegistryStore
import Rivers
import Siting

/// What a siting check reads — the river network, the siting model, the township areas, the
/// rules — loaded once (or, for one check, the network and zones near its place), with the GEOS and PROJ state a check needs. `outfalls check` makes one
/// for one check; the server keeps one per worker and makes new ones when ``signature`` (the
/// versions of the layers and rules) changes.
///
/// Not for concurrent use: it holds a GEOS context and a PROJ context.
public final class Checker {
    /// How the zones are loaded.
    public enum ZoneLoading: Sendable {
        /// Every zone converted and indexed once, up front: for a checker that answers many
        /// checks (the server's workers).
        case all
        /// For each check only the zones it tests, found by the stored zone envelopes
        /// (``Registry/zoneEnvelopeIndex()``): one check in a process (`outfalls check`,
        /// an application's pre-check) then costs the same with 50 zones or 5,000.
        case nearEachPlace
    }

    private enum Zones {
        case all(SitingModel, SitingEngine)
        case nearEachPlace(index: ZoneEnvelopeIndex, zonesVersion: Int64, intakes: [Intake], sections: [MonitoringSection])
    }

    /// The layer and rule versions this was loaded from.
    public let signature: String
    private let registry: Registry
    /// The whole network, for a checker that answers many checks; nil when each check reads
    /// the network near its place.
    private let network: RiverNetwork?
    private let rules: SitingRuleSet
    private let zones: Zones
    private let converter: GeodeticConverter
    private let areas: AreaLocator
    private let usesSchematicData: Bool

    public init(registry: Registry, zones loading: ZoneLoading = .all) throws(RegistryError) {
        self.registry = registry
        signature = try registry.layerSignature()
        converter = registry.geodeticConverterFromStoredPipelines()
        switch loading {
        case .all:
            let network = try registry.riverNetwork()
            self.network = network
            let model = try registry.sitingModel(network: network)
            rules = model.rules
            zones = .all(model, SitingEngine(model: model, predicates: registry.sitingPredicates()))
        case .nearEachPlace:
            network = nil
            rules = try registry.rules()
            let (index, version) = try registry.zoneEnvelopeIndex()
            let (intakes, sections) = try wrapping {
                (try registry.store.fetchAll(Intake.self), try registry.store.fetchAll(MonitoringSection.self))
            }
            zones = .nearEachPlace(index: index, zonesVersion: version, intakes: intakes, sections: sections)
        }
        areas = try wrapping { try AreaLocator(areas: try registry.store.fetchAll(AdministrativeArea.self), context: GEOSContext()) }
        usesSchematicData = try wrapping { try registry.store.sources().contains(where: \.schematic) }
    }

    /// Checks whether an outfall of `type` may be set at `point` (审批/登记前核查).
    public func check(_ point: GivenPoint, type: OutfallType?) throws(RegistryError) -> CheckReport {
        let location = try registry.locate(point, converter: converter)
        let options = registry.defaultSnapOptions
        let metric = try wrapping { try converter.toMetric([location])[0] }
        let network: RiverNetwork
        if let whole = self.network {
            network = whole
        } else {
            network = try registry.riverNetwork(near: metric, within: SitingModel.networkRadius(of: rules, snap: options) + 1)
        }
        let snap = try wrapping {
            var snaps = [network.snap(metric: metric, options: options)]
            try network.fillLonLat(&snaps, converter: converter)
            return snaps[0]
        }
        let snapped = snap.status == .ok || snap.status == .ambiguous ? snap.best : nil
        let subject = SitingSubject(
            metric: metric, receiving: snapped?.snappedMetric, networkLocation: snapped?.location, type: type, isNew: true)
        let model: SitingModel
        let engine: SitingEngine
        switch zones {
        case .all(let m, let e):
            (model, engine) = (m, e)
        case .nearEachPlace(let index, let version, let intakes, let sections):
            model = try registry.sitingModel(
                for: subject, zoneIndex: index, zonesVersion: version, rules: rules, intakes: intakes, sections: sections,
                network: network, converter: converter)
            engine = SitingEngine(model: model, predicates: registry.sitingPredicates())
        }
        defer { registry.rememberPipelines(of: converter) }
        return try wrapping {
            CheckReport(
                input: point, location: location, snap: snap, maxSnapDistance: options.maxDistance, type: type,
                verdict: try model.check(subject, engine: engine), township: try areas.area(containing: location)?.name,
                rulesVersion: model.rules.version, rulesTitle: model.rules.title, usesSchematicData: usesSchematicData)
        }
    }
}

extension Registry {
    /// Checks whether an outfall of `type` may be set at `point` (审批/登记前核查). One check:
    /// only the zones near the place are converted and prepared.
    public func check(_ point: GivenPoint, type: OutfallType?) throws(RegistryError) -> CheckReport {
        try Checker(registry: self, zones: .nearEachPlace).check(point, type: type)
    }

    /// The versions of every layer but the outfalls, and of the rules: what checks depend on.
    public func layerSignature() throws(RegistryError) -> String {
        try wrapping { try store.screeningSignature() }
    }
}
