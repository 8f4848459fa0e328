import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Registry
import RegistryStore
import Testing

/// Shapefile, GeoPackage, KML/KMZ and XLSX files made by GDAL's ogr2ogr (an independent
/// writer) and by hand, imported through the registry.
struct ImportFormatsTests {
    let dir = TemporaryDirectory()

    /// Three outfalls as GeoJSON, converted by ogr2ogr into `format`.
    func made(_ format: String, _ name: String, options: [String] = []) throws -> String {
        let source = dir.write("src.geojson", json: GeoJSON.collection([
            GeoJSON.feature(id: "1", .point(Coordinate(lon: 109.2301, lat: 24.6702)), ["名称": "大埔镇某村生活污水散排口", "类型": "农村生活污水散排口", "责任主体": "大埔镇人民政府"]),
            GeoJSON.feature(id: "2", .point(Coordinate(lon: 109.25, lat: 24.55)), ["名称": "凤山镇某养殖场排污口", "类型": "规模化畜禽养殖排污口", "责任主体": "某养殖场"]),
            GeoJSON.feature(id: "3", .point(Coordinate(lon: 109.33, lat: 24.47)), ["名称": "六塘镇某排口", "类型": "暂无法确定", "责任主体": "待查"]),
        ]))
        let target = dir.file(name)
        let result = try Shell.run("ogr2ogr", ["-f", format, target, source] + options)
        #expect(result.status == 0, "\(result.stderr)")
        return target
    }

    func names(_ registry: Registry) throws -> [String] {
        try registry.store.fetchAll(Outfall.self).map(\.name).sorted()
    }

    @Test func gbkShapefileWithoutCodePageIsDecodedAsGBK() throws {
        let shp = try made("ESRI Shapefile", "gbk.shp", options: ["-lco", "ENCODING=CP936"])
        try? FileManager.default.removeItem(atPath: dir.file("gbk.cpg"))
        let registry = try Registry.empty(in: dir)
        let report = try registry.importFile(.outfalls, shp)
        #expect(report.encoding == "GBK")
        #expect(try names(registry) == ["六塘镇某排口", "凤山镇某养殖场排污口", "大埔镇某村生活污水散排口"])
        #expect(try registry.store.fetchAll(Outfall.self).first?.responsible == "大埔镇人民政府")
    }

    @Test func utf8ShapefileWithCodePageAndGaussKrugerPrjIsIdentified() throws {
        let shp = try made("ESRI Shapefile", "gk.shp", options: ["-t_srs", "EPSG:4545", "-lco", "ENCODING=UTF-8"])
        let registry = try Registry.empty(in: dir)
        let report = try registry.importFile(.outfalls, shp)
        #expect(report.crs == .gaussKruger108)
        let outfall = try #require(try registry.store.fetchAll(Outfall.self).first { $0.name.hasPrefix("大埔镇") })
        #expect(abs(outfall.location.lon - 109.2301) < 1e-8 && abs(outfall.location.lat - 24.6702) < 1e-8)
        #expect(outfall.origin.crs == .gaussKruger108)
    }

    @Test func zippedShapefileImportsAndTwoInOneZipAreRefused() throws {
        let shp = try made("ESRI Shapefile", "z.shp", options: ["-lco", "ENCODING=UTF-8"])
        let zip = dir.file("z.zip")
        let parts = ["z.shp", "z.shx", "z.dbf", "z.prj", "z.cpg"]
        #expect(try Shell.run("zip", ["-q", "-j", zip] + parts.map(dir.file)).status == 0)
        let registry = try Registry.empty(in: dir)
        #expect(try registry.importFile(.outfalls, zip).added == 3)
        _ = shp
        let twice = dir.file("two.zip")
        #expect(try Shell.run("bash", ["-c", "cd \(dir.path) && mkdir -p b && cp z.* b/ && zip -q -r two.zip z.shp z.shx z.dbf b"]).status == 0)
        #expect(throws: ImportError.self) { try registry.importFile(.outfalls, twice) }
    }

    @Test func unidentifiableProjectionAsksForCRS() throws {
        let shp = try made("ESRI Shapefile", "odd.shp", options: ["-t_srs", "+proj=tmerc +lat_0=0 +lon_0=108.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"])
        let registry = try Registry.empty(in: dir)
        do {
            _ = try registry.importFile(.outfalls, shp)
            Issue.record("should ask for --crs")
        } catch {
            #expect(error.description.contains("--crs"), "\(error)")
        }
    }

    @Test func geoPackageAndXLSXImport() throws {
        let gpkg = try made("GPKG", "o.gpkg")
        let registry = try Registry.empty(in: dir)
        #expect(try registry.importFile(.outfalls, gpkg).added == 3)
        // An Excel sheet of points with 经度/纬度 columns.
        let csv = dir.write("pts.csv", "编号,名称,类型,经度,纬度\nX1,某散排口,城镇生活污水散排口,109.24,24.65\nX2,某雨洪排口,城镇雨洪排口,109°14′24″,24°39′\n")
        let xlsx = dir.file("pts.xlsx")
        #expect(try Shell.run("ogr2ogr", ["-f", "XLSX", xlsx, csv]).status == 0)
        let report = try registry.importFile(.outfalls, xlsx)
        #expect(report.added == 2)
        let dms = try #require(try registry.store.fetchAll(Outfall.self).first { $0.name == "某雨洪排口" })
        #expect(abs(dms.location.lon - 109.24) < 1e-9 && abs(dms.location.lat - 24.65) < 1e-9)
    }

    @Test func kmlPlacemarksWithExtendedDataImport() throws {
        let kml = try made("LIBKML", "o.kml")
        let registry = try Registry.empty(in: dir)
        #expect(try registry.importFile(.outfalls, kml).added == 3)
        #expect(try names(registry).contains("六塘镇某排口"))
    }

    @Test func kmzWithAPathLeavingTheArchiveIsRefused() throws {
        let kmz = dir.file("evil.kmz")
        let script = """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr('doc.kml', '<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>')
                z.writestr('../../etc/evil.txt', 'x')
            """
        #expect(try Shell.run("python3", ["-c", script, kmz]).status == 0)
        let registry = try Registry.empty(in: dir)
        do {
            _ = try registry.importFile(.outfalls, kmz)
            Issue.record("should be refused")
        } catch {
            #expect(error.description.contains("path traversal"), "\(error)")
        }
    }

    @Test func zipBombIsRefusedBeforeExtracting() throws {
        let kmz = dir.file("bomb.kmz")
        let script = """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('doc.kml', b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' + b' ' * (300 * 1024 * 1024) + b'</Document></kml>')
            """
        #expect(try Shell.run("python3", ["-c", script, kmz]).status == 0)
        #expect(FileManager.default.fileExists(atPath: kmz))
        let registry = try Registry.empty(in: dir)
        do {
            _ = try registry.importFile(.outfalls, kmz)
            Issue.record("should be refused")
        } catch {
            #expect(error.description.contains("zip bomb"), "\(error)")
        }
    }

    @Test func kmzExportRoundTripsThroughImport() throws {
        let sample = try SampleData()
        let original = try Registry.create(path: dir.file("a.sqlite"), settings: sample.settings)
        _ = try sample.load(into: original, actor: "t")
        try sample.loadRules(into: original, actor: "t")
        let kmz = dir.file("o.kmz")
        _ = try original.export(ExportRequest(layers: [.outfalls], format: "kmz", path: kmz))
        let copy = try Registry.create(path: dir.file("b.sqlite"), settings: sample.settings)
        #expect(try copy.importFile(.outfalls, kmz).added == 42)
        let a = try original.store.fetchAll(Outfall.self).sorted { $0.key < $1.key }
        let b = try copy.store.fetchAll(Outfall.self).sorted { $0.key < $1.key }
        #expect(a.map(\.key) == b.map(\.key))
        #expect(a.map(\.canonicalProperties) == b.map(\.canonicalProperties))
    }
}
