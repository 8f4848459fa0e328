import Foundation
import JSON
import LayerFormats
import OutfallModel
import Registry
import RegistryStore
import Testing

/// Exports read the outfalls a page at a time (issue 12: an export of 100,000 held them all,
/// four times ogr2ogr's memory): every outfall once, in order, whatever the page size and
/// the number of reading threads; no page larger than asked; the same file as the layer
/// held in memory; stale verdicts refreshed rather than written.
struct StreamedExportTests {
    let dir = TemporaryDirectory()

    @Test func pagesHoldEveryOutfallOnceInOrderWhateverTheSizeAndReaders() throws {
        let registry = try dir.sampleRegistry()
        let all = try registry.outfalls().compactMap(\.outfall.id)
        #expect(all.count == 42)
        for parts in [1, 2, 3] {
            for pageSize in [1, 5, 42, 1000] {
                var ids: [Int64] = []
                var largest = 0
                try registry.store.forEachOutfallPage(screeningSignature: nil, pageSize: pageSize, parts: parts, { $0.map(\.id) }) { page in
                    largest = max(largest, page.count)
                    ids += page
                }
                #expect(ids == all, "parts \(parts), page size \(pageSize)")
                #expect(largest == min(pageSize, 42))
            }
        }
    }

    /// A stopped consumer stops the readers: the error comes back, and nothing hangs.
    @Test func aConsumerErrorEndsTheReadingThreads() throws {
        struct Stop: Error {}
        let registry = try dir.sampleRegistry()
        var pages = 0
        #expect(throws: Stop.self) {
            try registry.store.forEachOutfallPage(screeningSignature: nil, pageSize: 2, parts: 2, { $0 }) { _ in
                pages += 1
                if pages == 3 { throw Stop() }
            }
        }
        #expect(pages == 3)
        // The store is still usable: the readers let go of their connections.
        #expect(try registry.outfalls().count == 42)
    }

    @Test func theWriterNeverHoldsMoreThanAPage() throws {
        let registry = try dir.sampleRegistry()
        let watcher = PageWatcher()
        var request = ExportRequest(layers: [.outfalls, .zones], format: "watch", path: dir.file("unused"))
        request.pageSize = 4
        let report = try registry.export(request, with: watcher)
        #expect(watcher.pages[.outfalls]?.max() == 4)
        #expect(watcher.pages[.outfalls]?.reduce(0, +) == 42)
        #expect(report.counts.map(\.1) == [42, 16])
    }

    /// Streamed page by page or held in memory, the file is the same to the byte.
    @Test func aStreamedExportIsTheLayerHeldInMemory() throws {
        let registry = try dir.sampleRegistry()
        var request = ExportRequest(layers: [.outfalls], format: "geojson", path: dir.file("streamed.geojson"))
        request.pageSize = 5
        _ = try registry.export(request)
        let layer = try #require(try registry.exportLayers([.outfalls]).first)
        let styles = try registry.styleSheet()
        try GeoJSONLayerWriter().write([layer], to: dir.file("memory.geojson"), options: ExportOptions(precision: 7, epsg: 4490), styles: styles)
        let streamed = try Data(contentsOf: URL(fileURLWithPath: dir.file("streamed.geojson")))
        let memory = try Data(contentsOf: URL(fileURLWithPath: dir.file("memory.geojson")))
        #expect(streamed.count > 10_000)
        #expect(streamed == memory)
    }

    /// Outfalls imported after the last screening have none stored: the export notices as it
    /// reads, screens them and writes the file again — never a file with 未核查 for them.
    @Test func staleVerdictsAreRefreshedNotWritten() throws {
        let registry = try dir.sampleRegistry()
        _ = try registry.refreshScreening()
        let csv = "名称,类型,经度,纬度\n新排口,industrial_enterprise,109.2294705,24.6885747\n"
        _ = try registry.importFile(.outfalls, dir.write("new.csv", csv))
        var request = ExportRequest(layers: [.outfalls], format: "geojson", path: dir.file("out.geojson"))
        request.pageSize = 3
        let report = try registry.export(request)
        #expect(report.counts.map(\.1) == [43])
        let json = try JSONParser().parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("out.geojson")))))
        let features = try #require(json.objectValue?["features"]?.arrayValue)
        func property(_ feature: JSONValue, _ key: String) -> String? { feature.objectValue?["properties"]?.objectValue?[key]?.stringValue }
        let added = try #require(features.first { property($0, "name") == "新排口" })
        #expect(property(added, "verdict") == "prohibited")
        #expect(!features.contains { property($0, "verdict_label") == "未核查" })
        #expect(!FileManager.default.fileExists(atPath: dir.file("out.geojson.partial")))
    }

    /// Someone keeps importing while the export reads: the second read no longer fails but
    /// leaves out the derived results of what changed since the refresh (未核查),
    /// says how many, and every other outfall keeps its verdict.
    @Test func outfallsChangedDuringTheExportGoOutUnscreened() throws {
        let registry = try dir.sampleRegistry()
        _ = try registry.refreshScreening()
        let importer = ImportingWriter(registry: registry, dir: dir)
        let report = try registry.export(ExportRequest(layers: [.outfalls], format: "watch", path: dir.file("unused")), with: importer)
        #expect(importer.attempts == 2)
        #expect(report.withheld == 1)
        #expect(report.counts.map(\.1) == [44])
        let verdicts = Dictionary(uniqueKeysWithValues: importer.lastRun.map { ($0.name, $0.verdictLabel) })
        #expect(verdicts["新排口1"] == "禁止设置（违法设置）")
        #expect(verdicts["新排口2"] == "未核查")
        #expect(importer.lastRun.filter { $0.verdictLabel == "未核查" }.count == 1)
        // The import snapped it, and that snap is current: only the verdict is left out.
        #expect(importer.lastRun.first { $0.name == "新排口2" }?.reach == "RJ-2")
    }

    /// The outfalls' columns are declared, not guessed from the values: measure_m is a real
    /// column even where every measure happens to be whole, and text columns stay text.
    @Test func theOutfallColumnsAreDeclared() throws {
        let registry = try dir.sampleRegistry()
        let watcher = PageWatcher()
        _ = try registry.export(ExportRequest(layers: [.outfalls], format: "watch", path: dir.file("unused")), with: watcher)
        let (names, kinds) = try #require(watcher.schema[.outfalls])
        let measure = try #require(names.firstIndex(of: "measure_m"))
        #expect(kinds[measure].isNumeric && !kinds[measure].isInteger)
        let code = try #require(names.firstIndex(of: "national_code"))
        #expect(!kinds[code].isNumeric)
        #expect(Array(names.prefix(3)) == ["registry_key", "name", "type"])
    }
}

/// A writer that writes nothing and remembers the pages and columns it was given.
private final class PageWatcher: LayerWriter, @unchecked Sendable {
    let formatName = "watch"
    let allowsProjectedCRS = true
    // Written by `write` only, read after it returned.
    private(set) var pages: [LayerKind: [Int]] = [:]
    private(set) var schema: [LayerKind: ([String], [FieldKind])] = [:]

    func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        for layer in layers {
            schema[layer.kind] = (layer.fieldNames, layer.fieldKinds)
            try layer.forEachPage { page in pages[layer.kind, default: []].append(page.count) }
        }
    }
}

/// A writer that imports an outfall each time it starts, as another user would while the
/// export reads, and remembers the names, verdicts and reaches of its last run.
private final class ImportingWriter: LayerWriter, @unchecked Sendable {
    struct Row { var name: String; var verdictLabel: String; var reach: String? }
    let formatName = "watch"
    let allowsProjectedCRS = true
    let registry: Registry
    let dir: TemporaryDirectory
    // Written by `write` only, read after it returned.
    private(set) var attempts = 0
    private(set) var lastRun: [Row] = []

    init(registry: Registry, dir: TemporaryDirectory) {
        self.registry = registry
        self.dir = dir
    }

    func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        attempts += 1
        let csv = "名称,类型,经度,纬度\n新排口\(attempts),industrial_enterprise,109.2294705,24.6885747\n"
        do { _ = try registry.importFile(.outfalls, dir.write("new\(attempts).csv", csv)) } catch { throw .sourceFailed(error) }
        lastRun = []
        for layer in layers {
            try layer.forEachPage { page in
                for feature in page {
                    let p = feature.properties
                    lastRun.append(
                        Row(name: p["name"]?.stringValue ?? "", verdictLabel: p["verdict_label"]?.stringValue ?? "",
                            reach: p["reach_id"]?.stringValue))
                }
            }
        }
    }
}
