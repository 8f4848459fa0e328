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
    /// Outfalls read and written at a time: what an export holds in memory.
    public var pageSize = 2048

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
    /// Outfalls that changed while being exported and went out without reach or verdict
    /// (shown as 未核查) rather than with ones that no longer hold.
    public var withheld = 0
}

extension Registry {
    /// Writes layers, with verdicts, snaps and townships, in a GIS format. The outfalls are
    /// read from the store a page at a time as they are written; if their stored snaps or
    /// verdicts turn out stale, they are brought up to date and the file written again.
    public func export(_ request: ExportRequest) throws(RegistryError) -> ExportReport {
        guard let writer = LayerFormats.writer(format: request.format, iconDirectory: ResourceLocator.styles().map { $0 + "/icons/png" }) else {
            throw .invalid("不支持的导出格式“\(request.format)”：应为 \(LayerFormats.writerNames.joined(separator: "、")) (unknown format)")
        }
        return try export(request, with: writer)
    }

    /// ``export(_:)`` through a given writer (a format of one's own, or one that watches).
    public func export(_ request: ExportRequest, with writer: any LayerWriter) throws(RegistryError) -> ExportReport {
        let epsg = request.epsg ?? 4490
        if !writer.allowsProjectedCRS && epsg != 4490 && epsg != 4326 {
            throw .invalid("\(writer.formatName) 只能用经纬度（RFC 7946 / KML 2.2），不能指定 --crs EPSG:\(epsg)；GeoPackage、Shapefile、CSV 可以")
        }
        let styles = try styleSheet()
        let isLonLat = epsg == 4490 || epsg == 4326
        let options = ExportOptions(precision: request.precision ?? (isLonLat ? 7 : 3), epsg: epsg, chineseHeaders: request.chineseHeaders)
        return try retryingIfStale { (stale: StaleRows) throws(RegistryError) in
            let written = FeatureTally()
            let streams = try exportStreams(request, epsg: epsg, stale: stale, withheld: written).map { stream in
                let kind = stream.kind
                return stream.observingPages { written.add($0, to: kind) }
            }
            do throws(ExportError) {
                try writer.write(streams, to: request.path, options: options, styles: styles)
            } catch {
                if case .sourceFailed(let reason) = error { try wrapping { throw reason } }
                throw .invalid("\(error)")
            }
            return ExportReport(
                path: request.path, counts: request.layers.map { ($0, written.count($0)) }, withheld: written.withheld)
        }
    }

    /// Runs `body`; if it met stale stored snaps or verdicts, brings them up to date and runs
    /// it once more. Stale ones then mean someone is changing the registry meanwhile: that
    /// run withholds what they derived rather than fail or show it.
    func retryingIfStale<T>(_ body: (StaleRows) throws(RegistryError) -> T) throws(RegistryError) -> T {
        do {
            return try body(.fail)
        } catch {
            guard case .store(.derivedResultsStale) = error else { throw error }
            try refreshDerivedResults()
            return try body(.withhold)
        }
    }

    /// The layers a request exports, as streams: filtered, trimmed to what the public may see
    /// and reprojected as it asks.
    private func exportStreams(_ request: ExportRequest, epsg: Int, stale: StaleRows, withheld: FeatureTally) throws(RegistryError) -> [LayerStream] {
        let schematic = Set(try wrapping { try store.sources() }.filter(\.schematic).map(\.layer))
        var streams: [LayerStream] = []
        for kind in request.layers {
            var stream =
                kind == .outfalls
                ? try outfallStream(schematic: schematic.contains(kind), pageSize: request.pageSize, stale: stale, withheld: withheld)
                : ExportLayer(kind: kind, features: try exportFeatures(kind), schematic: schematic.contains(kind)).stream
            let filters = request.filters
            if !filters.isEmpty { stream = stream.mapFeatures { Self.matches($0, filters) ? $0 : nil } }
            if request.publicOnly { stream = Disclosure.publicView(stream) }
            if epsg != 4490 && epsg != 4326 {
                stream = stream.mapFeatures(making: {
                    let transformer = try CoordinateTransformer(fromEPSG: 4490, toEPSG: epsg, context: PROJContext())
                    return { feature in
                        var projected = feature
                        projected.geometry = try feature.geometry.converted { try transformer.transform($0) }
                        return projected
                    }
                })
            }
            streams.append(stream)
        }
        return streams
    }

    /// Whether a feature meets every `FIELD=VALUE` condition.
    private static func matches(_ f: ExportFeature, _ filters: [(field: String, value: String)]) -> Bool {
        filters.allSatisfy { filter in
            filter.field == "id" ? String(f.id) == filter.value : f.properties[filter.field]?.displayText == filter.value
        }
    }

    /// The outfalls as a stream of pages read from the store, with the columns they declare.
    private func outfallStream(schematic: Bool, pageSize: Int, stale: StaleRows, withheld: FeatureTally) throws(RegistryError) -> LayerStream {
        let outfalls = try OutfallFeatures(registry: self)
        let store = store
        let (names, kinds) = try wrapping { try outfalls.schema(store) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return LayerStream(
            kind: .outfalls, schematic: schematic, fieldNames: names, fieldKinds: kinds, styleKeys: outfalls.styleKeys,
            pages: { body in
                try store.forEachOutfallPage(
                    screeningSignature: outfalls.signature, pageSize: pageSize, parts: cores, stale: stale,
                    { rows in
                        withheld.addWithheld(rows.count(where: \.withheld))
                        return try outfalls.features(rows)
                    }, body)
            })
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
            if !filters.isEmpty { features = features.filter { Self.matches($0, filters) } }
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

    /// Every outfall's feature, in memory (the server's layers; exports stream them instead).
    private func outfallFeatures() throws(RegistryError) -> [ExportFeature] {
        let outfalls = try OutfallFeatures(registry: self)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return try retryingIfStale { (stale: StaleRows) throws(RegistryError) in
            var features: [ExportFeature] = []
            try wrapping {
                try store.forEachOutfallPage(screeningSignature: outfalls.signature, parts: cores, stale: stale, { try outfalls.features($0) }) {
                    features.append(contentsOf: $0)
                }
            }
            return features
        }
    }
}

extension JSONObject {
    /// Adds `other`'s members that are not here yet, in their order.
    mutating func merge(_ other: JSONObject) {
        for member in other where self[member.key] == nil { self[member.key] = member.value }
    }
}

/// How many features of each layer were written, counted as the pages go by.
final class FeatureTally: @unchecked Sendable {
    // Read and written only with `lock` held.
    private var counts: [LayerKind: Int] = [:]
    private var withheldOutfalls = 0
    private let lock = NSLock()

    func add(_ n: Int, to kind: LayerKind) { lock.withLock { counts[kind, default: 0] += n } }

    /// Outfalls read without their stale derived results (``StaleRows/withhold``).
    func addWithheld(_ n: Int) { lock.withLock { withheldOutfalls += n } }

    var withheld: Int { lock.withLock { withheldOutfalls } }

    func count(_ kind: LayerKind) -> Int { lock.withLock { counts[kind] ?? 0 } }
}
