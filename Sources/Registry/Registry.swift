import Foundation
import GeoKit
import OutfallModel
import RegistryStore
import Siting

/// The registry's use cases, shared by the CLI and (later) the web server: create or open a
/// database, import layers, summarise and list what is in it.
///
/// ## Topics
/// - Opening: ``open(path:)``, ``create(path:settings:force:)``
/// - Importing: ``importLayer(_:)``, ``SampleData``
/// - Reading: ``layerSummaries()``, ``outfalls(matching:)``
public struct Registry: Sendable {
    public let store: RegistryStore
    public let settings: RegistrySettings
    /// Makes the zone predicates each siting worker asks: GEOS. The seam lets a test put in
    /// one that fails (through `@testable import`), to prove that checks and screening fail
    /// closed.
    var sitingPredicates: @Sendable () -> ZonePredicates = { GEOSZonePredicates() }

    public init(store: RegistryStore) throws(StoreError) {
        self.store = store
        self.settings = try store.settings()
    }

    public static func open(path: String) throws(StoreError) -> Registry {
        try Registry(store: RegistryStore.open(path: path))
    }

    public static func create(path: String, settings: RegistrySettings, force: Bool = false) throws(StoreError) -> Registry {
        try Registry(store: RegistryStore.create(path: path, settings: settings, force: force))
    }

    /// Imports one file into one layer, all or nothing, then brings derived data (snaps to
    /// the river network) up to date. If that second step fails, the import stands and the
    /// derived data is recomputed by the next command that needs it — and the report says so,
    /// with the reason, rather than leaving the planner to find stale snaps.
    public func importLayer(_ request: ImportRequest) throws(ImportError) -> ImportReport {
        var report = try LayerImporter(store: store, settings: settings).run(request)
        if request.layer == .rivers || request.layer == .outfalls {
            do { try refreshSnaps() } catch {
                report.notices.append("导入已完成，但吸附到河网未能完成（下一条需要吸附结果的命令会重新计算）：\(error) (imported; snapping to the river network failed and will be redone by the next command that needs it)")
            }
        }
        // The zones' envelopes are stored now, so that the first check after the import does
        // not convert every zone; if that fails the check builds them itself, and says why.
        if request.layer == .zones {
            do { _ = try zoneEnvelopeIndex() } catch {
                report.notices.append("导入已完成，但区域索引未能建立（下一次核查会重新建立）：\(error) (imported; the zone index could not be built and will be rebuilt by the next check)")
            }
        }
        return report
    }

    /// Every layer with its feature count and the provenance of what was imported into it.
    public func layerSummaries() throws(StoreError) -> [LayerSummary] {
        let sources = try store.sources()
        var summaries: [LayerSummary] = []
        for layer in LayerKind.allCases {
            summaries.append(LayerSummary(layer: layer, count: try store.count(layer), sources: sources.filter { $0.layer == layer }))
        }
        return summaries
    }
}

/// A layer's size and where its features came from.
public struct LayerSummary: Sendable {
    public var layer: LayerKind
    public var count: Int
    public var sources: [SourceRecord]

    /// Whether any imported file of this layer is schematic.
    public var isSchematic: Bool { sources.contains(where: \.schematic) }
}
