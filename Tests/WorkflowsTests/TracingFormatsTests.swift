import Foundation
import GeoKit
import OutfallModel
import Registry
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// Units from a spreadsheet written by openpyxl, channels from a GeoPackage and a Shapefile
/// written by ogr2ogr: files from the tools people use, not from our own writers.
struct TracingFormatsTests {
    let scratch = TemporaryDirectory()

    func sampleLedger(_ name: String = "sample") throws -> Ledger {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file(name + ".sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return Ledger(registry: registry)
    }

    @Test func unitsFromAnXLSXSheetWithChineseHeaders() throws {
        let ledger = try sampleLedger()
        let path = scratch.file("units.xlsx")
        let script = """
            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "排污单位"
            ws.append(["单位名称", "统一社会信用代码", "行业", "经度", "纬度"])
            ws.append(["柳城糖厂", "91350100M000100Y43", "制糖", 109.235, 24.629])
            ws.append(["某建材企业", "91450222MA5K00000C", "建材", 109.234, 24.638])
            ws.append(["某纸业", "914502220000004000", "造纸", None, None])
            wb.save(sys.argv[1])
            """
        let made = try Shell.run("python3", ["-c", script, path])
        #expect(made.status == 0, "\(made.stderr)")
        let report = try ledger.importUnits(path: path, actor: "张三")
        #expect(report.created.count == 3)
        let units = try ledger.units()
        #expect(units.map(\.creditCode) == ["91350100M000100Y43", "91450222MA5K00000C", "914502220000004000"])
        #expect(units[0].lon == 109.235 && units[1].industry == "建材")
        // A unit without a location is a unit all the same.
        #expect(units[2].lon == nil && units[2].lat == nil)
    }

    @Test func aBadRowOfASpreadsheetIsNamedByItsRow() throws {
        let ledger = try sampleLedger()
        let path = scratch.file("bad.xlsx")
        let script = """
            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["单位名称", "统一社会信用代码"])
            ws.append(["甲厂", "91350100M000100Y43"])
            ws.append(["乙厂", "91350100M000100Y49"])
            wb.save(sys.argv[1])
            """
        #expect(try Shell.run("python3", ["-c", script, path]).status == 0)
        #expect { try ledger.importUnits(path: path, actor: "张三") } throws: { "\($0)".contains("第 3 行") && "\($0)".contains("校验码应为 3") }
        #expect(try ledger.units().isEmpty)
    }

    @Test func unitsAsGeoJSONPointsAndANonPointRefused() throws {
        let ledger = try sampleLedger()
        let bad = scratch.write("u.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"甲厂"},"geometry":{"type":"Point","coordinates":[109.235,24.629]}},
            {"type":"Feature","properties":{"name":"乙厂"},"geometry":{"type":"LineString","coordinates":[[109.235,24.629],[109.236,24.63]]}}]}
            """)
        #expect { try ledger.importUnits(path: bad, actor: "张三") } throws: { "\($0)".contains("第 2 个要素") && "\($0)".contains("应为点") }
        #expect(try ledger.units().isEmpty)
    }

    func channelGeoJSON(_ ledger: Ledger) throws -> String {
        let o9 = try #require(try ledger.registry.store.fetchAll(Outfall.self).first { $0.key.hasSuffix(":O-09") })
        return scratch.write("c-\(UUID().uuidString).geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"一号管","kind":"pipe","outfall":"\(o9.key)"},
             "geometry":{"type":"LineString","coordinates":[[109.2340,24.6290],[\(o9.location.lon),\(o9.location.lat + 0.0001)]]}}]}
            """)
    }

    @Test func channelsFromAGeoPackageAndAShapefile() throws {
        // ogr2ogr writes Shapefile texts as ISO-8859-1 unless told otherwise.
        for (name, driver, options) in [("c.gpkg", "GPKG", [String]()), ("c.shp", "ESRI Shapefile", ["-lco", "ENCODING=UTF-8"])] {
            let ledger = try sampleLedger(driver == "GPKG" ? "gpkg" : "shp")
            let source = try channelGeoJSON(ledger)
            let target = scratch.file(name)
            let converted = try Shell.run("ogr2ogr", ["-f", driver] + options + [target, source])
            #expect(converted.status == 0, "\(converted.stderr)")
            let report = try ledger.importChannels(path: target, actor: "张三")
            #expect(report.created.count == 1, "\(name)")
            let channel = try #require(try ledger.channels().first)
            #expect(channel.name == "一号管" && channel.kind == .pipe && channel.coordinates.count == 2)
        }
    }

    @Test func aHandEnteredPartyInTheOutfallFileIsFlagged() throws {
        let ledger = try sampleLedger()
        let o13 = try #require(try ledger.registry.store.fetchAll(Outfall.self).first { $0.key.hasSuffix(":O-13") })
        _ = try ledger.change(actor: "张三") { tx in
            try tx.save(OutfallFile(id: o13.id, lifecycle: .verified, enteredResponsible: "柳城县人民政府"))
        }
        let report = try ledger.responsibleParty(of: o13.key)
        #expect(report.party.kind == .undetermined)
        // Both the layer's 某建材企业（示意） and the file's entry lack a trace behind them.
        #expect(report.entered.count == 2 && report.entered.allSatisfy { $0.disagreement != nil })
    }

    @Test func aChannelInGaussKrugerIsConvertedBeforeItsEndIsChecked() throws {
        let ledger = try sampleLedger()
        let o9 = try #require(try ledger.registry.store.fetchAll(Outfall.self).first { $0.key.hasSuffix(":O-09") })
        let metric = try GeodeticConverter(metricEPSG: 4545).toMetric([o9.location])[0]
        // 200 m west to 10 m north of the outfall, in CGCS2000 / 3-degree Gauss-Kruger CM 108E metres.
        let file = scratch.write("gk.geojson", """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4545"}},"features":[
            {"type":"Feature","properties":{"name":"高斯管","kind":"管道","outfall":"\(o9.key)"},
             "geometry":{"type":"LineString","coordinates":[[\(metric.x - 200),\(metric.y)],[\(metric.x),\(metric.y + 10)]]}}]}
            """)
        _ = try ledger.importChannels(path: file, actor: "张三")
        let channel = try #require(try ledger.channels().first)
        let end = try #require(channel.coordinates.last)
        let distance = Geodesic.cgcs2000.distance(Coordinate(lon: end[0], lat: end[1]), o9.location)
        #expect(abs(distance - 10) < 0.1, "\(distance)")
    }
}
