import Foundation
import GeoKit
import JSON
import OutfallModel
import RegistryStore
import Rivers
import Siting

/// A planner's check of one place.
public struct CheckReport: Sendable {
    public var input: GivenPoint
    /// The place in CGCS2000 lon/lat.
    public var location: Coordinate
    public var snap: SnapResult
    public var maxSnapDistance: Double
    public var type: OutfallType?
    public var verdict: SitingVerdict
    public var township: String?
    public var rulesVersion: String
    public var rulesTitle: String
    /// Whether any layer the check read is schematic sample data: the report must say so.
    public var usesSchematicData: Bool
}

/// One registered outfall's screening. Its findings are expanded (rule texts, feature
/// names) only when asked for.
public struct ScreeningRow: Sendable {
    public var outfall: Outfall
    public var township: String?
    public var snap: StoredSnap?
    public var verdict: Severity
    /// Ids of the rules that fired, each once, most severe first.
    public var ruleIDs: [String]
    let storedFindings: String
    let expander: FindingExpander

    /// The findings, expanded; stored findings that cannot be read are an error naming the
    /// outfall (re-screening rewrites them), never an empty list.
    public func findingList() throws(RegistryError) -> [Finding] {
        do { return try expander.expand(storedFindings) } catch {
            throw .store(.corruptRow(table: "screening", id: outfall.id ?? 0, reason: "\(outfall.name)：\(error)"))
        }
    }

    /// Findings in the API's shape (``Finding/json``).
    public func findings() throws(RegistryError) -> JSONValue { .array(try findingList().map(\.json)) }
}

extension Registry {
    /// Everything the siting check needs, from the store.
    public func sitingModel(network given: RiverNetwork? = nil) throws(RegistryError) -> SitingModel {
        let rules = try rules()
        let network: RiverNetwork
        if let given { network = given } else { network = try riverNetwork() }
        return try wrapping {
            try SitingModel(
                rules: rules, zones: try store.fetchAll(Zone.self), intakes: try store.fetchAll(Intake.self),
                sections: try store.fetchAll(MonitoringSection.self), network: network,
                converter: GeodeticConverter(metricEPSG: settings.metricEPSG))
        }
    }

    /// Screens the registered outfalls whose results are stale (outfall, snap, layers or
    /// rules changed), in one transaction. Returns how many were redone.
    @discardableResult
    public func refreshScreening() throws(RegistryError) -> Int {
        let network = try riverNetwork()
        try refreshSnaps(network: network)
        return try refreshScreening(network: network)
    }

    /// What a stored screening must have been computed from to be current: the rules' and
    /// layers' versions and the findings format.
    func screeningSignature() throws(RegistryError) -> String {
        try wrapping { try store.screeningSignature() } + Self.findingsFormatSuffix
    }

    /// What the stored findings' format adds to a screening signature.
    static let findingsFormatSuffix = ";format=\(StoredFindings.format)"

    /// Brings stored snaps and, when rules are loaded, screenings up to date — building the
    /// river network only if something is stale, so reading fresh results stays cheap.
    func refreshDerivedResults() throws(RegistryError) {
        try refreshSnaps()
        if try storedRules() != nil { _ = try refreshScreening(network: nil) }
    }

    /// The work of ``refreshScreening()``, reusing the network a caller already built.
    private func refreshScreening(network given: RiverNetwork?) throws(RegistryError) -> Int {
        let signature = try screeningSignature()
        let stale = Set(try wrapping { try store.outfallsNeedingScreening(signature: signature) })
        guard !stale.isEmpty else { return 0 }
        let network: RiverNetwork
        if let given { network = given } else { network = try riverNetwork() }
        let model = try sitingModel(network: network)
        return try wrapping {
            let all = try store.fetchAll(Outfall.self)
            let outfalls = stale.count == all.count ? all : all.filter { $0.id.map(stale.contains) ?? false }
            let snaps = try store.snaps()
            let locator = try AreaLocator(areas: try store.fetchAll(AdministrativeArea.self), context: GEOSContext())
            let converter = GeodeticConverter(metricEPSG: settings.metricEPSG)
            let metric = try converter.toMetric(outfalls.map(\.location))
            let subjects = zip(outfalls, metric).map { outfall, p in
                let snap = outfall.id.flatMap { snaps[$0] }
                let location = snap?.location(in: network)
                return SitingSubject(
                    metric: p, receiving: location.map { network.point(at: $0) }, networkLocation: location,
                    type: outfall.type, isNew: outfall.status == .proposed)
            }
            let verdicts = try model.screen(subjects, predicates: sitingPredicates)
            let now = Timestamp.now()
            var rows: [StoredScreening] = []
            rows.reserveCapacity(outfalls.count)
            for (outfall, v) in zip(outfalls, verdicts) {
                guard let id = outfall.id else { continue }
                rows.append(StoredScreening(
                    outfallID: id, verdict: v.verdict.rawValue, findings: StoredFindings.encode(v.findings, isNew: outfall.status == .proposed),
                    rules: StoredFindings.ruleIDs(v.findings), township: try locator.area(containing: outfall.location)?.name,
                    computedAt: now))
            }
            try store.saveScreening(rows, signature: signature)
            return rows.count
        }
    }

    /// Every registered outfall with its (fresh) screening, loading each layer once.
    ///
    /// Outfalls, snaps, verdicts and rules are read as of one moment: an import meanwhile
    /// must not pair an outfall with the verdict of its earlier version. If the registry
    /// changed after the results were brought up to date, they are refreshed and read again;
    /// after seven tries (3 s of backing off) the listing stops with
    /// ``StoreError/derivedResultsStale``.
    public func screening() throws(RegistryError) -> [ScreeningRow] {
        var tries = 0
        while true {
            tries += 1
            // The network is loaded only if something is stale: listing fresh results reads them.
            try refreshSnaps()
            _ = try refreshScreening(network: nil)
            do {
                return try freshScreening()
            } catch {
                // Writers importing back to back can make every read land between an import
                // and its refresh: back off (50 ms doubling, 3 s in all) before giving up.
                guard case .store(.derivedResultsStale) = error, tries < 7 else { throw error }
                Thread.sleep(forTimeInterval: 0.05 * Double(1 << (tries - 1)))
            }
        }
    }

    /// The stored screening of every outfall, or ``StoreError/derivedResultsStale`` if any of
    /// it is out of date.
    private func freshScreening() throws(RegistryError) -> [ScreeningRow] {
        let snapshot = try wrapping { try store.screeningSnapshot(signatureSuffix: Self.findingsFormatSuffix) }
        let expander = try wrapping { try FindingExpander(rules: try rules(), store: store) }
        // The rules are read apart from the snapshot; their version is part of its signature.
        guard try screeningSignature() == snapshot.signature else { throw .store(.derivedResultsStale) }
        var rows: [ScreeningRow] = []
        rows.reserveCapacity(snapshot.outfalls.count)
        for outfall in snapshot.outfalls {
            guard let id = outfall.id, let stored = snapshot.screenings[id] else { continue }
            // A verdict that cannot be read is damage to report, never "nothing found".
            guard let verdict = Severity(rawValue: stored.verdict) else {
                throw .store(.corruptRow(table: "screening", id: id, reason: "\(outfall.name)：未知的核查结论“\(stored.verdict)”"))
            }
            rows.append(ScreeningRow(
                outfall: outfall, township: stored.township, snap: snapshot.snaps[id], verdict: verdict,
                ruleIDs: stored.rules.isEmpty ? [] : stored.rules.split(separator: ",").map(String.init),
                storedFindings: stored.findings, expander: expander))
        }
        return rows
    }
}

extension Finding {
    /// The finding as the API shows it.
    public var json: JSONValue { json(distance: .number((distance * 10).rounded() / 10)) }

    /// The finding's JSON with `distance` as its distance (``ScreeningJSONWriter`` puts a
    /// placeholder there).
    func json(distance: JSONValue) -> JSONValue {
        var feature = JSONObject([("layer", .string(self.feature.layer.rawValue))])
        feature["id"] = self.feature.id.map { .number(Double($0)) } ?? .null
        feature["name"] = .string(self.feature.name)
        feature["kind"] = self.feature.kind.map(JSONValue.string) ?? .null
        feature["level"] = self.feature.level.map(JSONValue.string) ?? .null
        feature["label"] = .string(self.feature.label)
        return .object(JSONObject([
            ("rule", .string(rule.id)),
            ("title", .string(rule.title)),
            ("severity", .string(severity.rawValue)),
            ("severity_label", .string(severity.label)),
            ("basis", .string(rule.basis)),
            ("basis_confirmed", .bool(rule.basisConfirmed)),
            ("feature", .object(feature)),
            ("distance_m", distance),
            ("authority", rule.authority.map(JSONValue.string) ?? .null),
            ("action", rule.action.map(JSONValue.string) ?? .null),
            ("note", note.map(JSONValue.string) ?? .null),
        ]))
    }
}
