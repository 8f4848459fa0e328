import Foundation
import GeoKit
import JSON
import OutfallModel
import TestSupport
import Testing
@testable import LayerFormats

/// Our GeoPackage writer checked by independent readers: SQLite's own `rtreecheck`, GDAL's
/// `validate_gpkg.py` (the GeoPackage requirements, one by one) and brute-force box queries
/// against the spatial index, at sizes that give the packed R-tree one to three levels.
struct GeoPackageWriterTests {
    static let validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"

    func styles() throws -> StyleSheet {
        let data = try #require(FileManager.default.contents(atPath: Shell.repositoryRoot + "/Styles/styles.json"))
        return try StyleSheet(json: [UInt8](data))
    }

    /// Points spread over the county by a fixed linear congruential sequence.
    func points(_ count: Int) -> ExportLayer {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let features = (0..<count).map { i in
            ExportFeature(
                id: Int64(i + 1), geometry: .point(Coordinate(lon: 109.0 + next() * 0.6, lat: 24.4 + next() * 0.6)),
                properties: JSONObject([("name", .string("排口\(i)")), ("measure_m", .number(Double(i) / 4)), ("n", .number(Double(i)))]),
                styleClass: "clear")
        }
        return ExportLayer(kind: .outfalls, features: features, schematic: false)
    }

    func zones() -> ExportLayer {
        let square = { (x: Double, y: Double, d: Double) in
            [Coordinate(lon: x, lat: y), Coordinate(lon: x + d, lat: y), Coordinate(lon: x + d, lat: y + d), Coordinate(lon: x, lat: y + d), Coordinate(lon: x, lat: y)]
        }
        let features = (0..<30).map { i in
            let x = 109.0 + Double(i % 6) * 0.1, y = 24.4 + Double(i / 6) * 0.1
            let polygon = Polygon(exterior: square(x, y, 0.08), holes: i % 2 == 0 ? [square(x + 0.02, y + 0.02, 0.01).reversed()] : [])
            return ExportFeature(id: Int64(100 + i), geometry: .polygon(polygon), properties: JSONObject([("name", .string("区\(i)"))]), styleClass: "other")
        }
        return ExportLayer(kind: .zones, features: features, schematic: true)
    }

    /// rtreecheck, then 25 boxes: the R-tree finds every id whose stored envelope (or
    /// point) meets the box, and nothing farther than float rounding from it.
    static let checks = """
        import sqlite3, struct, sys, random
        c = sqlite3.connect(sys.argv[1])
        for table in sys.argv[2:]:
            print(table, c.execute("select rtreecheck('rtree_%s_geom')" % table).fetchone()[0])
            boxes = {}
            for fid, g in c.execute('select fid, geom from "%s"' % table):
                flags = g[3]
                if (flags >> 1) & 7 == 1:
                    minx, maxx, miny, maxy = struct.unpack('<4d', g[8:40])
                else:
                    x, y = struct.unpack('<2d', g[8 + 5:8 + 21])
                    minx, maxx, miny, maxy = x, x, y, y
                boxes[fid] = (minx, maxx, miny, maxy)
            rng = random.Random(7)
            agree = 0
            for _ in range(25):
                x, y, d = 109 + rng.random() * 0.6, 24.4 + rng.random() * 0.6, rng.random() * 0.1
                found = {r[0] for r in c.execute('select id from "rtree_%s_geom" where maxx >= ? and minx <= ? and maxy >= ? and miny <= ?' % table, (x, x + d, y, y + d))}
                def meets(f, m):
                    a, b, e, h = boxes[f]
                    return b >= x - m and a <= x + d + m and h >= y - m and e <= y + d + m
                brute = {f for f in boxes if meets(f, 0)}
                # The index keeps 32-bit boxes rounded outwards: it may also return rows a
                # float's width (< 1e-5 degree here) outside the box, never miss one.
                agree += brute <= found and all(meets(f, 1e-5) for f in found)
            print(table, "agree", agree, "rows", len(boxes))
        """

    @Test(arguments: [0, 1, 51, 52, 2_700, 20_000])
    func packedSpatialIndexPassesSQLiteAndGDALChecks(count: Int) throws {
        let path = NSTemporaryDirectory() + "gpkg-\(UUID().uuidString).gpkg"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GeoPackageLayerWriter().write([points(count), zones()], to: path, options: ExportOptions(precision: 7, epsg: 4490), styles: try styles())
        let validation = try Shell.run("python3", [Self.validator, path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let result = try Shell.run("python3", ["-c", Self.checks, path, "outfalls", "zones"])
        #expect(result.stdout == "outfalls ok\noutfalls agree 25 rows \(count)\nzones ok\nzones agree 25 rows 30\n", "\(result.stdout)\(result.stderr)")
    }

    @Test func columnsAreTypedAndFidIsTheRegistryID() throws {
        let path = NSTemporaryDirectory() + "gpkg-\(UUID().uuidString).gpkg"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GeoPackageLayerWriter().write([points(3)], to: path, options: ExportOptions(precision: 7, epsg: 4490), styles: try styles())
        let result = try Shell.run("ogrinfo", ["-ro", "-al", "-q", path, "outfalls"])
        #expect(result.stdout.contains("OGRFeature(outfalls):3"), "\(result.stdout)")
        #expect(result.stdout.contains("name (String) = 排口2"))
        #expect(result.stdout.contains("measure_m (Real) = 0.5"))
        #expect(result.stdout.contains("n (Integer64) = 2"))
    }

    @Test func aFailedWriteLeavesNoFile() throws {
        let path = NSTemporaryDirectory() + "no-such-dir-\(UUID().uuidString)/x.gpkg"
        #expect(throws: ExportError.self) {
            try GeoPackageLayerWriter().write([points(3)], to: path, options: ExportOptions(precision: 7, epsg: 4490), styles: try styles())
        }
        #expect(!FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: path + ".partial"))
    }
}

/// Looking a field up by position falls back to its name when a feature lists its
/// properties in another order; kinds are worked out over every feature.
struct ExportLayerFieldTests {
    @Test func valuesAndKindsWhateverTheOrder() {
        let a = ExportFeature(id: 1, geometry: .point(Coordinate(x: 0, y: 0)), properties: JSONObject([("a", 1), ("b", "x"), ("c", 2.5)]), styleClass: "")
        let b = ExportFeature(id: 2, geometry: .point(Coordinate(x: 0, y: 0)), properties: JSONObject([("c", 3), ("a", true), ("d", nil)]), styleClass: "")
        let layer = ExportLayer(kind: .outfalls, features: [a, b], schematic: false)
        #expect(layer.fieldNames == ["a", "b", "c", "d"])
        let stream = layer.stream
        #expect(stream.value(0, in: b) == .bool(true))
        #expect(stream.value(2, in: b) == .number(3))
        #expect(stream.value(1, in: b) == nil)
        let kinds = layer.fieldKinds()
        #expect(!kinds[0].isNumeric && !kinds[0].isBool)  // 1 and true: text
        #expect(!kinds[1].isNumeric)
        #expect(kinds[2].isNumeric && !kinds[2].isInteger)
        #expect(!kinds[3].isNumeric && !kinds[3].isBool)  // only null
    }
}

/// A stream whose features fail to read half-way (the registry's error) ends every writer
/// with that error, and leaves neither the file nor a partial one — the file that was there
/// before stays as it was.
struct FailingStreamTests {
    struct ReadFailed: Error {}

    func failingStream() -> LayerStream {
        let first = (1...3).map { i in
            ExportFeature(id: Int64(i), geometry: .point(Coordinate(lon: 109.4, lat: 24.6)), properties: JSONObject([("name", .string("排口\(i)"))]), styleClass: "clear")
        }
        return LayerStream(
            kind: .outfalls, schematic: false, fieldNames: ["name"], fieldKinds: [.text], styleKeys: [StyleKey(styleClass: "clear", icon: "other")],
            pages: { body in
                try body(first)
                throw ReadFailed()
            })
    }

    @Test(arguments: ["geojson", "kml", "kmz", "gpkg", "csv", "shp"])
    func aSourceFailureLeavesTheOldFile(format: String) throws {
        let dir = NSTemporaryDirectory() + "failing-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.\(format)"
        try Data("before".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try #require(LayerFormats.writer(format: format, iconDirectory: nil))
        let styles = try GeoPackageWriterTests().styles()
        do {
            try writer.write([failingStream()], to: path, options: ExportOptions(precision: 7, epsg: 4490), styles: styles)
            Issue.record("the write should have failed")
        } catch {
            guard case .sourceFailed(let reason) = error, reason is ReadFailed else {
                Issue.record("expected the source's error, got \(error)")
                return
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "before")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.\(format)"])
    }
}
