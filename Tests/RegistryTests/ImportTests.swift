import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Testing

struct ImportTests {
    let dir = TemporaryDirectory()

    @Test func fileFailingOnFeature37IsRejectedWholeAndNothingIsWritten() throws {
        let registry = try Registry.empty(in: dir)
        var features = (1...40).map { GeoJSON.outfall($0, lon: 109.20 + Double($0) * 0.001, lat: 24.60) }
        // Feature 37 has latitude and longitude swapped.
        features[36] = GeoJSON.outfall(37, lon: 24.60, lat: 109.237)
        let path = dir.write("outfalls.geojson", json: GeoJSON.collection(features))

        #expect {
            try registry.importFile(.outfalls, path)
        } throws: { error in
            guard case ImportError.rejected(let file, let problems, let total) = error else { return false }
            return file == "outfalls.geojson" && total == 1 && problems.first?.position == .feature(37)
                && problems.first?.reason.contains("经纬度颠倒") == true
        }
        #expect(try registry.store.count(.outfalls) == 0)
        #expect(try registry.store.sources().isEmpty)
        #expect(try registry.store.auditLog().isEmpty)
    }

    @Test func everyBadFeatureIsReportedNotJustTheFirst() throws {
        let registry = try Registry.empty(in: dir)
        let features: [JSONValue] = [
            GeoJSON.outfall(1, lon: 109.2, lat: 24.6),
            GeoJSON.feature(.point(Coordinate(lon: 109.2, lat: 24.6)), JSONObject([("类型", "城镇雨洪排口")])),  // no name
            GeoJSON.outfall(3, lon: 109.2, lat: 24.6, type: "不存在的类型"),
            GeoJSON.outfall(4, lon: 0, lat: 0),
        ]
        let path = dir.write("bad.geojson", json: GeoJSON.collection(features))
        do {
            _ = try registry.importFile(.outfalls, path)
            Issue.record("import should have failed")
        } catch {
            guard case .rejected(_, let problems, let total) = error else { Issue.record("wrong error \(error)"); return }
            #expect(total == 3)
            #expect(problems.map(\.position) == [.feature(2), .feature(3), .feature(4)])
            #expect(problems[0].reason.contains("name"))
            #expect(problems[1].reason.contains("不存在的类型"))
            #expect(problems[2].reason.contains("(0, 0)"))
            #expect(error.description.contains("bad.geojson 第 2 个要素"))
        }
    }

    @Test func reimportingTheSameFileAddsNothing() throws {
        let registry = try Registry.empty(in: dir)
        let path = dir.write("o.geojson", json: GeoJSON.collection((1...5).map { GeoJSON.outfall($0, lon: 109.2, lat: 24.6 + Double($0) * 0.001) }))
        let first = try registry.importFile(.outfalls, path)
        let second = try registry.importFile(.outfalls, path)
        #expect(first.added == 5)
        #expect((second.added, second.updated, second.unchanged) == (0, 0, 5))
        #expect(try registry.store.count(.outfalls) == 5)
    }

    @Test func featuresWithoutIdsAreRecognisedByNameAndGeometry() throws {
        let registry = try Registry.empty(in: dir)
        let feature = GeoJSON.feature(.point(Coordinate(lon: 109.2, lat: 24.6)), JSONObject([("name", "无编号排口"), ("type", "other")]))
        let path = dir.write("noid.geojson", json: GeoJSON.collection([feature]))
        _ = try registry.importFile(.outfalls, path)
        let again = try registry.importFile(.outfalls, path)
        #expect(again.unchanged == 1)
        let stored = try registry.store.fetchAll(Outfall.self)
        #expect(stored.count == 1)
        #expect(stored[0].key.hasPrefix("auto:"))
    }

    @Test func changedFeatureIsUpdatedAndTheOldVersionKeptInTheAuditLog() throws {
        let registry = try Registry.empty(in: dir)
        _ = try registry.importFile(.outfalls, dir.write("o.geojson", json: GeoJSON.collection([GeoJSON.outfall(1, lon: 109.2, lat: 24.6)])))
        let moved = GeoJSON.collection([GeoJSON.outfall(1, lon: 109.21, lat: 24.6, type: "城镇污水处理厂排污口")])
        let report = try registry.importFile(.outfalls, dir.write("o.geojson", json: moved))
        #expect(report.updated == 1)
        let outfall = try #require(try registry.store.fetchAll(Outfall.self).first)
        #expect(outfall.type == .urbanWWTP)
        #expect(outfall.localCode == "LC-450222-US-00001")  // issued at first import, kept
        let log = try registry.store.auditLog(layer: .outfalls)
        #expect(log.map(\.action) == ["insert", "update"])
        // The insert lists every field, the update only what changed, before → after.
        #expect(log[0].changes.contains { $0.field == "name" && $0.before == nil && $0.after != nil })
        #expect(log[0].note?.contains("import #") == true)
        #expect(log[1].changes.contains { $0.field == "type" && $0.before == "urban_storm" && $0.after == "urban_wwtp" })
        #expect(!log[1].changes.contains { $0.field == "name" })
        #expect(log[1].actor == "tester")
    }

    @Test func idsAreScopedByFileSoTwoFilesNumberedFromOneDoNotCollide() throws {
        let registry = try Registry.empty(in: dir)
        _ = try registry.importFile(.outfalls, dir.write("a.geojson", json: GeoJSON.collection([GeoJSON.outfall(1, lon: 109.2, lat: 24.6)])))
        _ = try registry.importFile(.outfalls, dir.write("b.geojson", json: GeoJSON.collection([GeoJSON.outfall(1, lon: 109.3, lat: 24.7)])))
        #expect(try registry.store.fetchAll(Outfall.self).map(\.key) == ["a:O1", "b:O1"])
    }

    @Test func nationalCodeIdentifiesAnOutfallAcrossFiles() throws {
        let registry = try Registry.empty(in: dir)
        func file(_ name: String, lon: Double) -> String {
            dir.write(name, json: GeoJSON.collection([GeoJSON.feature(
                id: "x", .point(Coordinate(lon: lon, lat: 24.6)),
                JSONObject([("name", "某排口"), ("type", "other"), ("national_code", "4502220001")]))]))
        }
        _ = try registry.importFile(.outfalls, file("first.geojson", lon: 109.2))
        let report = try registry.importFile(.outfalls, file("second.geojson", lon: 109.2001))
        #expect(report.updated == 1)
        #expect(try registry.store.count(.outfalls) == 1)
    }

    @Test func duplicateIdsInOneFileAreRefused() throws {
        let registry = try Registry.empty(in: dir)
        let path = dir.write("dup.geojson", json: GeoJSON.collection([GeoJSON.outfall(1, lon: 109.2, lat: 24.6), GeoJSON.outfall(1, lon: 109.3, lat: 24.6)]))
        #expect(throws: ImportError.self) { try registry.importFile(.outfalls, path) }
        #expect(try registry.store.count(.outfalls) == 0)
    }

    @Test func bowTieZoneIsRepairedAndTheRepairReported() throws {
        let registry = try Registry.empty(in: dir)
        let bowTie = Geometry.polygon(Polygon(exterior: [
            Coordinate(lon: 109.20, lat: 24.60), Coordinate(lon: 109.22, lat: 24.62), Coordinate(lon: 109.22, lat: 24.60),
            Coordinate(lon: 109.20, lat: 24.62), Coordinate(lon: 109.20, lat: 24.60),
        ]))
        let zone = GeoJSON.feature(id: "z1", bowTie, JSONObject([("名称", "自相交区"), ("类别", "饮用水水源保护区"), ("级别", "一级")]))
        let report = try registry.importFile(.zones, dir.write("z.geojson", json: GeoJSON.collection([zone])))
        #expect(report.notices.count == 1)
        #expect(report.notices[0].contains("自相交区") && report.notices[0].contains("MakeValid"))
        let stored = try #require(try registry.store.fetchAll(Zone.self).first)
        #expect(stored.geometry.polygons.count == 2)
        #expect(stored.level == .level1)
        #expect(try registry.store.sources(layer: .zones).first?.warnings == report.notices)
    }

    @Test func unclosedRingIsRefusedNotRepaired() throws {
        let registry = try Registry.empty(in: dir)
        let open = Geometry.polygon(Polygon(exterior: [
            Coordinate(lon: 109.20, lat: 24.60), Coordinate(lon: 109.22, lat: 24.60), Coordinate(lon: 109.22, lat: 24.62), Coordinate(lon: 109.20, lat: 24.62),
        ]))
        let zone = GeoJSON.feature(open, JSONObject([("name", "开口区"), ("kind", "navigation")]))
        #expect(throws: ImportError.self) { try registry.importFile(.zones, dir.write("z.geojson", json: GeoJSON.collection([zone]))) }
    }

    @Test func unknownZoneKindAndMissingLevelNameTheProperty() throws {
        let registry = try Registry.empty(in: dir)
        let square = GeoJSON.square(109.2, 24.6, 0.01)
        let features = [
            GeoJSON.feature(square, JSONObject([("name", "甲"), ("kind", "军事禁区")])),
            GeoJSON.feature(square, JSONObject([("name", "乙"), ("kind", "drinking_water")])),
            GeoJSON.feature(square, JSONObject([("name", "丙"), ("kind", "nature_reserve"), ("level", "一级")])),
            GeoJSON.feature(square, JSONObject([("name", "丁"), ("kind", "水功能区")])),
        ]
        do {
            _ = try registry.importFile(.zones, dir.write("z.geojson", json: GeoJSON.collection(features)))
            Issue.record("should fail")
        } catch {
            guard case .rejected(_, let problems, _) = error else { Issue.record("\(error)"); return }
            #expect(problems.count == 4)
            #expect(problems[0].reason.contains("军事禁区"))
            #expect(problems[1].reason.contains("level"))
            #expect(problems[2].reason.contains("核心区"))
            #expect(problems[3].reason.contains("target_class"))
        }
    }

    @Test func wrongGeometryTypeForTheLayerIsRefused() throws {
        let registry = try Registry.empty(in: dir)
        let line = GeoJSON.feature(.lineString([Coordinate(lon: 109.2, lat: 24.6), Coordinate(lon: 109.3, lat: 24.6)]), JSONObject([("name", "x"), ("type", "other")]))
        do {
            _ = try registry.importFile(.outfalls, dir.write("l.geojson", json: GeoJSON.collection([line])))
            Issue.record("should fail")
        } catch {
            #expect(error.description.contains("LineString"))
        }
    }

    @Test func gcj02InputIsConvertedAndTheOriginalKept() throws {
        let registry = try Registry.empty(in: dir)
        let wgs = Coordinate(lon: 109.2415, lat: 24.658)
        let gcj = ChinaOffset.wgs84ToGCJ02(wgs)
        let path = dir.write("amap.geojson", json: GeoJSON.collection([GeoJSON.feature(
            id: "a", .point(gcj), JSONObject([("name", "高德取点"), ("type", "other")]))]))
        let report = try registry.importFile(.outfalls, path, crs: .gcj02)
        #expect(report.crs == .gcj02)
        let stored = try #require(try registry.store.fetchAll(Outfall.self).first)
        #expect(Geodesic.wgs84.distance(stored.location, wgs) < 0.01)
        #expect(stored.origin.crs == .gcj02)
        #expect(stored.origin.originalGeometry == .point(gcj))
    }

    @Test func projectedInputIn4545IsConverted() throws {
        let registry = try Registry.empty(in: dir)
        // 109.24 E, 24.65 N is E 625536.82, N 2727851.20 in EPSG:4545 (NOTES-swift-geo.md).
        let path = dir.write("gk.geojson", json: GeoJSON.collection([GeoJSON.feature(
            id: "g", .point(Coordinate(x: 625536.82, y: 2727851.20)), JSONObject([("name", "投影坐标排口"), ("type", "other")]))]))
        _ = try registry.importFile(.outfalls, path, crs: .gaussKruger108)
        let stored = try #require(try registry.store.fetchAll(Outfall.self).first)
        #expect(abs(stored.location.lon - 109.24) < 1e-7)
        #expect(abs(stored.location.lat - 24.65) < 1e-7)
    }

    @Test func projectedCoordinatesWithoutCRSAreRefusedWithAHint() throws {
        let registry = try Registry.empty(in: dir)
        let path = dir.write("gk.geojson", json: GeoJSON.collection([GeoJSON.feature(
            id: "g", .point(Coordinate(x: 625536.82, y: 2727851.20)), JSONObject([("name", "投影坐标排口"), ("type", "other")]))]))
        do {
            _ = try registry.importFile(.outfalls, path)
            Issue.record("should fail")
        } catch {
            #expect(error.description.contains("--crs"))
        }
    }

    @Test func declaredCRSConflictingWithTheOptionIsRefused() throws {
        let registry = try Registry.empty(in: dir)
        var collection = GeoJSON.collection([GeoJSON.outfall(1, lon: 109.2, lat: 24.6)]).objectValue ?? JSONObject()
        collection["crs"] = ["type": "name", "properties": ["name": "urn:ogc:def:crs:EPSG::4545"]]
        let path = dir.write("c.geojson", json: .object(collection))
        #expect(throws: ImportError.self) { try registry.importFile(.outfalls, path, crs: .gcj02) }
    }

    @Test func gbkCSVWithDMSCoordinatesImports() throws {
        let registry = try Registry.empty(in: dir)
        let report = try registry.importFile(.outfalls, Fixture.path("outfalls-gbk.csv"))
        #expect(report.encoding == "GBK")
        #expect(report.added == 3)
        let outfalls = try registry.store.fetchAll(Outfall.self)
        #expect(outfalls.map(\.name) == ["柳城县大埔镇某村生活污水散排口", "柳城县凤山镇某养殖场排污口（含逗号,测试）", "柳城县六塘镇某排口"])
        #expect(outfalls.map(\.type) == [.ruralDomesticScattered, .largeLivestock, .undetermined])
        // 109°15'30" = 109.258333…, 24°33'00" = 24.55
        #expect(abs(outfalls[1].location.lon - (109 + 15.5 / 60)) < 1e-9)
        #expect(abs(outfalls[1].location.lat - 24.55) < 1e-9)
        #expect(outfalls[0].extra["受纳水体"] == .string("融江"))
        #expect(outfalls[0].key == "outfalls-gbk:G1")
    }

    @Test func csvRowWithTheWrongNumberOfColumnsIsNamedByLine() throws {
        let registry = try Registry.empty(in: dir)
        let path = dir.write("o.csv", "名称,类型,经度,纬度\n甲,other,109.2,24.6\n乙,other,109.2\n")
        do {
            _ = try registry.importFile(.outfalls, path)
            Issue.record("should fail")
        } catch {
            #expect(error.description.contains("o.csv 第 3 行"))
        }
    }

    @Test func unknownPropertiesAreKept() throws {
        let registry = try Registry.empty(in: dir)
        let feature = GeoJSON.feature(id: "k", .point(Coordinate(lon: 109.2, lat: 24.6)), JSONObject([
            ("name", "保留属性"), ("type", "other"), ("河长", "张三"), ("monthly_cod", [12.5, 13.1]),
        ]))
        _ = try registry.importFile(.outfalls, dir.write("k.geojson", json: GeoJSON.collection([feature])))
        let stored = try #require(try registry.store.fetchAll(Outfall.self).first)
        #expect(stored.extra.keys == ["河长", "monthly_cod"])
        #expect(stored.extra["monthly_cod"] == [12.5, 13.1])
    }
}
