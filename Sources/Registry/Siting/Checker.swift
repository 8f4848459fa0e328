import GeoKit
import OutfallModel
import RegistryStore
import Rivers
import Siting

/// What a siting check reads — the river network, the siting model, the township areas, the
/// rules — loaded once, with the GEOS and PROJ state a check needs. `outfalls check` makes one
/// for one check; the server keeps one per worker and makes new ones when ``signature`` (the
/// versions of the layers and rules) changes.
///
/// Not for concurrent use: it holds a GEOS context and a PROJ context.
public final class Checker {
    /// The layer and rule versions this was loaded from.
    public let signature: String
    private let registry: Registry
    private let network: RiverNetwork
    private let model: SitingModel
    private let engine: SitingEngine
    private let converter: GeodeticConverter
    private let areas: AreaLocator
    private let usesSchematicData: Bool

    public init(registry: Registry) throws(RegistryError) {
        self.registry = registry
        signature = try registry.layerSignature()
        network = try registry.riverNetwork()
        model = try registry.sitingModel(network: network)
        engine = SitingEngine(model: model, predicates: registry.sitingPredicates())
        converter = GeodeticConverter(metricEPSG: registry.settings.metricEPSG)
        areas = try wrapping { try AreaLocator(areas: try registry.store.fetchAll(AdministrativeArea.self), context: GEOSContext()) }
        usesSchematicData = try wrapping { try registry.store.sources().contains(where: \.schematic) }
    }

    /// Checks whether an outfall of `type` may be set at `point` (审批/登记前核查).
    public func check(_ point: GivenPoint, type: OutfallType?) throws(RegistryError) -> CheckReport {
        let location = try registry.locate(point, converter: converter)
        let options = registry.defaultSnapOptions
        return try wrapping {
            let metric = try converter.toMetric([location])[0]
            var snaps = [network.snap(metric: metric, options: options)]
            try network.fillLonLat(&snaps, converter: converter)
            let snap = snaps[0]
            let snapped = snap.status == .ok || snap.status == .ambiguous ? snap.best : nil
            let subject = SitingSubject(
                metric: metric, receiving: snapped?.snappedMetric, networkLocation: snapped?.location, type: type, isNew: true)
            return CheckReport(
                input: point, location: location, snap: snap, maxSnapDistance: options.maxDistance, type: type,
                verdict: try model.check(subject, engine: engine), township: try areas.area(containing: location)?.name,
                rulesVersion: model.rules.version, rulesTitle: model.rules.title, usesSchematicData: usesSchematicData)
        }
    }
}

extension Registry {
    /// Checks whether an outfall of `type` may be set at `point` (审批/登记前核查).
    public func check(_ point: GivenPoint, type: OutfallType?) throws(RegistryError) -> CheckReport {
        try Checker(registry: self).check(point, type: type)
    }

    /// The versions of every layer but the outfalls, and of the rules: what checks depend on.
    public func layerSignature() throws(RegistryError) -> String {
        try wrapping { try store.screeningSignature() }
    }
}
