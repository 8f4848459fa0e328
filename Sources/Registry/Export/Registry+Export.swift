import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import RegistryStore
import Siting

/// What to export.
public struct ExportRequest: Sendable {
    public var layers: [LayerKind]
    public var format: String
    public var path: String
    /// `FIELD=VALUE` conditions, all of which a feature must meet.
    public var filters: [(field: String, value: String)]
    public var precision: Int?
    /// Output CRS (EPSG code); nil: CGCS2000 lon/lat.
    public var epsg: Int?
    public var chineseHeaders: Bool
    /// Only the fields the public may see (``Disclosure``): downloads by visitors.
    public var publicOnly: Bool

    public init(
        layers: [LayerKind], format: String, path: String, filters: [(field: String, value: String)] = [], precision: Int? = nil,
        epsg: Int? = nil, chineseHeaders: Bool = false, publicOnly: Bool = false
    ) {
        self.publicOnly = publicOnly
        self.layers = layers
        self.format = format
        self.path = path
        self.filters = filters
        self.precision = precision
        self.epsg = epsg
        self.chineseHeaders = chineseHeaders
    }
}

public struct ExportReport: Sendable {
    public var path: String
    public var counts: [(LayerKind, Int)]
}

extension Registry {
    /// Writes layers, with verdicts, snaps and townships, in a GIS format.
    public func export(_ request: ExportRequest) throws(RegistryError) -> ExportReport {
        guard let writer = LayerFormats.writer(format: request.format, iconDirectory: ResourceLocator.styles().map { $0 + "/icons/png" }) else {
            throw .invalid("不支持的导出格式“\(request.format)”：应为 \(LayerFormats.writerNames.joined(separator: "、")) (unknown format)")
        }
        let epsg = request.epsg ?? 4490
        if !writer.allowsProjectedCRS && epsg != 4490 && epsg != 4326 {
            throw .invalid("\(writer.formatName) 只能用经纬度（RFC 7946 / KML 2.2），不能指定 --crs EPSG:\(epsg)；GeoPackage、Shapefile、CSV 可以")
        }
        let styles = try styleSheet()
        var layers = try exportLayers(request.layers, filters: request.filters)
        if request.publicOnly { layers = layers.map(Disclosure.publicView) }
        if epsg != 4490 && epsg != 4326 {
            layers = try wrapping {
                let transformer = try CoordinateTransformer(fromEPSG: 4490, toEPSG: epsg, context: PROJContext())
                return try layers.map { layer in
                    var projected = layer
                    projected.features = try layer.features.map { f in
                        var g = f
                        g.geometry = try f.geometry.converted { try transformer.transform($0) }
                        return g
                    }
                    return projected
                }
            }
        }
        let isLonLat = epsg == 4490 || epsg == 4326
        let options = ExportOptions(precision: request.precision ?? (isLonLat ? 7 : 3), epsg: epsg, chineseHeaders: request.chineseHeaders)
        do {
            try writer.write(layers, to: request.path, options: options, styles: styles)
        } catch {
            throw .invalid("\(error)")
        }
        let report = ExportReport(path: request.path, counts: layers.map { ($0.kind, $0.features.count) })
        // Freeing 100,000 features takes tens of milliseconds that the caller — often a
        // process about to exit — need not wait for.
        let finished = layers
        layers = []
        DispatchQueue.global(qos: .background).async { _ = finished.count }
        return report
    }

    /// The style sheet shipped in Styles/.
    public func styleSheet() throws(RegistryError) -> StyleSheet {
        guard let directory = ResourceLocator.styles(),
            let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("styles.json"))
        else { throw .invalid("找不到样式文件 Styles/styles.json：请设置 OUTFALLS_STYLES (styles not found)") }
        do { return try StyleSheet(json: [UInt8](data)) } catch { throw .invalid("\(error)") }
    }

    /// Layers as exports show them: canonical properties, what the registry derives (labels,
    /// township, snap, verdict, legal basis), then the feature's own extra properties.
    public func exportLayers(_ kinds: [LayerKind], filters: [(field: String, value: String)] = []) throws(RegistryError) -> [ExportLayer] {
        let schematic = Set(try wrapping { try store.sources() }.filter(\.schematic).map(\.layer))
        var result: [ExportLayer] = []
        for kind in kinds {
            var features = try exportFeatures(kind)
            if !filters.isEmpty {
                features = features.filter { f in
                    filters.allSatisfy { filter in
                        filter.field == "id" ? String(f.id) == filter.value : f.properties[filter.field]?.displayText == filter.value
                    }
                }
            }
            result.append(ExportLayer(kind: kind, features: features, schematic: schematic.contains(kind)))
        }
        return result
    }

    private func exportFeatures(_ kind: LayerKind) throws(RegistryError) -> [ExportFeature] {
        switch kind {
        case .outfalls: return try outfallFeatures()
        case .zones:
            return try wrapping { try store.fetchAll(Zone.self) }.map { z in
                var p = JSONObject([("registry_key", .string(z.key))])
                p.merge(z.canonicalProperties)
                p["kind_label"] = .string(z.kind.label)
                p["level_label"] = z.level.map { .string($0.label) } ?? .null
                p.merge(z.extra)
                let cls = z.level.map { "\(z.kind.rawValue)/\($0.rawValue)" } ?? z.kind.rawValue
                return ExportFeature(id: z.id ?? 0, geometry: z.geometry, properties: p, styleClass: cls)
            }
        case .rivers:
            return try plain(RiverReach.self, cls: { _ in "rivers" })
        case .intakes:
            return try plain(Intake.self, cls: { _ in "intakes" }, icon: "intake")
        case .sections:
            return try wrapping { try store.fetchAll(MonitoringSection.self) }.map { s in
                var p = JSONObject([("registry_key", .string(s.key))])
                p.merge(s.canonicalProperties)
                p["kind_label"] = .string(s.kind.label)
                p.merge(s.extra)
                return ExportFeature(id: s.id ?? 0, geometry: s.geometry, properties: p, styleClass: s.kind.rawValue, icon: "section")
            }
        case .areas:
            return try wrapping { try store.fetchAll(AdministrativeArea.self) }.map { a in
                var p = JSONObject([("registry_key", .string(a.key))])
                p.merge(a.canonicalProperties)
                p["level_label"] = .string(a.level.label)
                p.merge(a.extra)
                return ExportFeature(id: a.id ?? 0, geometry: a.geometry, properties: p, styleClass: a.level.rawValue)
            }
        }
    }

    private func plain<R: StoredRecord>(_ type: R.Type, cls: (R) -> String, icon: String? = nil) throws(RegistryError) -> [ExportFeature] {
        try wrapping { try store.fetchAll(R.self) }.map { r in
            var p = JSONObject([("registry_key", .string(r.key))])
            p.merge(r.canonicalProperties)
            p.merge(r.extra)
            return ExportFeature(id: r.id ?? 0, geometry: r.geometry, properties: p, styleClass: cls(r), icon: icon)
        }
    }

    private func outfallFeatures() throws(RegistryError) -> [ExportFeature] {
        // Read with their stored snaps and screenings in one join, which also says whether any
        // is stale; if so they are refreshed and read again. Without rules there are no
        // verdicts: outfalls go out unscreened rather than not at all.
        var basis: [String: String] = [:]
        let screened = try storedRules() != nil
        if screened { for rule in try rules().rules { basis[rule.id] = rule.basis } }
        let signature = screened ? try screeningSignature() : nil
        // The township otherwise comes with the screening.
        let areas = screened ? [] : try wrapping { try store.fetchAll(AdministrativeArea.self) }
        let icons = try styleSheet().style(.outfalls).icons
        let known = basis
        @Sendable func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        // Built on the thread that read the rows, a part per core.
        // The store's reading threads cannot throw through the transform: a township lookup
        // that fails is kept here and thrown once the read is done, never exported as "none".
        let lookupFailure = FirstFailure<AreaLookupError>()
        @Sendable func features(_ rows: [OutfallSummary]) -> [ExportFeature] {
            var rows = rows
            if !screened {
                do {
                    let locator = try AreaLocator(areas: areas, context: GEOSContext())
                    for i in rows.indices { rows[i].township = try locator.area(containing: rows[i].location)?.name }
                } catch {
                    lookupFailure.record(error)
                    return []
                }
            }
            // The legal basis of each combination of rules, worked out once: a county has a
            // few dozen combinations among its 100,000 outfalls.
            var bases: [String: String] = [:]
            return rows.map { o in
                let verdict = screened ? o.verdict.flatMap(Severity.init(rawValue:)) : nil
                let rules = screened ? o.rules : ""
                let basis: String
                if let cached = bases[rules] {
                    basis = cached
                } else {
                    var texts: [String] = []
                    for id in rules.split(separator: ",") { if let b = known[String(id)], !texts.contains(b) { texts.append(b) } }
                    basis = texts.joined(separator: "；")
                    bases[rules] = basis
                }
                let measure: JSONValue = o.measure.map { .number(($0 * 10).rounded() / 10) } ?? .null
                let bankLabel: JSONValue = o.bank.map { .string($0 == "left" ? "左岸" : $0 == "right" ? "右岸" : "—") } ?? .null
                typealias M = JSONObject.Member
                // Built in one go rather than key by key: at 100,000 outfalls, looking up each
                // key in a growing object costs more than the rest of the export.
                var members: [M] = [
                    M(key: "registry_key", value: .string(o.key)),
                    M(key: "name", value: .string(o.name)),
                    M(key: "type", value: .string(o.type.rawValue)),
                    M(key: "type_label", value: .string(o.type.label)),
                    M(key: "status", value: text(o.status?.rawValue)),
                    M(key: "national_code", value: text(o.nationalCode)),
                    M(key: "local_code", value: text(o.localCode)),
                    M(key: "responsible", value: text(o.responsible)),
                    M(key: "category_label", value: .string(o.type.category.label)),
                    M(key: "status_label", value: text(o.status?.label)),
                    M(key: "approval_track", value: .string(o.type.approvalTrack.rawValue)),
                    M(key: "approval_track_label", value: .string(o.type.approvalTrack.label)),
                    M(key: "township", value: text(o.township)),
                    M(key: "river", value: text(o.river)),
                    M(key: "reach_id", value: text(o.reachCode ?? o.reachKey)),
                    M(key: "measure_m", value: measure),
                    M(key: "bank", value: text(o.bank)),
                    M(key: "bank_label", value: bankLabel),
                    M(key: "snap_status", value: text(o.snapStatus)),
                    M(key: "verdict", value: text(verdict?.rawValue)),
                    M(key: "verdict_label", value: .string(verdict?.label ?? "未核查")),
                    M(key: "rules", value: .string(rules)),
                    M(key: "basis", value: .string(basis)),
                ]
                for member in o.extra where !members.contains(where: { $0.key == member.key }) { members.append(member) }
                return ExportFeature(
                    id: o.id, geometry: .point(o.location), properties: JSONObject(distinct: members),
                    styleClass: verdict?.rawValue ?? "unscreened", icon: icons[o.type.category.rawValue] ?? "other")
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var read = try wrapping { try store.outfallSummaries(screeningSignature: signature, parts: cores, features) }
        if read.stale {
            try refreshDerivedResults()
            read = try wrapping { try store.outfallSummaries(screeningSignature: signature, parts: cores, features) }
        }
        if let failure = lookupFailure.first { throw .areaLookup(failure) }
        return read.items
    }
}

extension JSONObject {
    /// Adds `other`'s members that are not here yet, in their order.
    mutating func merge(_ other: JSONObject) {
        for member in other where self[member.key] == nil { self[member.key] = member.value }
    }
}

/// The first error recorded by any of several threads.
final class FirstFailure<E: Error & Sendable>: @unchecked Sendable {
    private var error: E?
    private let lock = NSLock()

    func record(_ e: E) { lock.withLock { if error == nil { error = e } } }

    var first: E? { lock.withLock { error } }
}
