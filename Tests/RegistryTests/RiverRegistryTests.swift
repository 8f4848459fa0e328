import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Testing

/// Snapping and navigation on the bundled Liucheng layers, checked against what the
/// generator drew (Fixtures/liucheng-expected.json).
struct RiverRegistryTests {
    let dir = TemporaryDirectory()

    func sample() throws -> Registry {
        let sample = try SampleData()
        let registry = try Registry.create(path: dir.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return registry
    }

    func expected() throws -> JSONObject {
        try #require(try Fixture.json("liucheng-expected.json").objectValue)
    }

    @Test func everySampleOutfallSnapsToTheRiverAndBankItWasDrawnOn() throws {
        let registry = try sample()
        let snaps = try registry.outfallSnaps()
        let outfalls = Dictionary(uniqueKeysWithValues: try registry.store.fetchAll(Outfall.self).map { ($0.key, $0) })
        let entries = try expected()["outfalls"]?.arrayValue ?? []
        #expect(entries.count == 42)
        for entry in entries {
            let e = try #require(entry.objectValue)
            let id = try #require(e["id"]?.stringValue)
            let outfall = try #require(outfalls["liucheng-sample:" + id])
            let outfallID = try #require(outfall.id)
            let snap = try #require(snaps[outfallID])
            #expect(snap.status == "ok", "\(id)")
            #expect(snap.river == e["river"]?.stringValue, "\(id)")
            #expect(snap.reachCode == e["reach"]?.stringValue, "\(id)")
            #expect(snap.bank == e["bank"]?.stringValue, "\(id)")
            #expect(abs((snap.measure ?? 0) - (e["measure_m"]?.doubleValue ?? -1)) < 0.5, "\(id) measure")
            #expect(abs((snap.offset ?? 0) - (e["offset_m"]?.doubleValue ?? -1)) < 0.5, "\(id) offset")
        }
        #expect(try registry.unresolvedSnaps().isEmpty)
    }

    @Test func tenKilometresUpstreamOfTheFengshanSugarMillSection() throws {
        let registry = try sample()
        let fixture = try expected()
        let section = try #require(fixture["points"]?.objectValue?["S-1"]?.objectValue?["measure_m"]?.doubleValue)
        let liujiang = try #require(fixture["river_lengths_m"]?.objectValue?["柳江"]?.doubleValue)
        let toConfluence = liujiang - section  // the section is this far below the confluence
        var wanted: [String: Double] = [:]
        for entry in fixture["outfalls"]?.arrayValue ?? [] {
            guard let e = entry.objectValue, let id = e["id"]?.stringValue, let river = e["river"]?.stringValue,
                let measure = e["measure_m"]?.doubleValue
            else { continue }
            let d: Double? =
                switch river {
                case "柳江": measure > section ? measure - section : nil
                case "融江", "龙江": toConfluence + measure
                default: nil
                }
            if let d, d <= 10_000 { wanted["liucheng-sample:" + id] = d }
        }
        #expect(wanted.count == 7)

        let sectionID = try #require(try registry.store.fetch(MonitoringSection.self, key: "liucheng-sample:S-1")?.id)
        let report = try registry.navigate(from: .section(sectionID), direction: .upstream, distance: 10_000)
        let outfallHits = report.features.filter { $0.layer == .outfalls }
        #expect(Set(outfallHits.map(\.key)) == Set(wanted.keys))
        for hit in outfallHits {
            #expect(abs(hit.networkDistance - (wanted[hit.key] ?? -1)) < 0.5, "\(hit.name)")
        }
        #expect(report.features.map(\.networkDistance) == report.features.map(\.networkDistance).sorted())
        #expect(Set(report.reaches.map(\.reach.displayID)) == ["LIU-1", "RJ-3", "LJ-2"])
        // The travelled stretch of each tributary river is trimmed to what is left of 10 km.
        let rongjiang = try #require(report.reaches.first { $0.reach.displayID == "RJ-3" })
        #expect(abs(rongjiang.length - (10_000 - toConfluence)) < 0.5)
    }

    @Test func downstreamFromTheIntakeReachesTheCountyTownOutfalls() throws {
        let registry = try sample()
        let intake = try #require(try registry.store.fetchAll(Intake.self).first?.id)
        let report = try registry.navigate(from: .intake(intake), direction: .downstream, distance: 5_000)
        let names = report.features.filter { $0.layer == .outfalls }.map(\.name)
        #expect(names.contains("柳城县大埔镇城北雨洪排口"))
        #expect(!names.contains("柳城县大埔镇水源地上游某村生活污水散排口（示意）"))  // upstream of the intake
        #expect(report.features.contains { $0.layer == .zones && $0.name.contains("一级保护区") && $0.networkDistance < 0.01 })
    }

    @Test func pinnedOutfallSnapsToItsPinnedReachUntilUnpinned() throws {
        let registry = try sample()
        let outfall = try #require(try registry.store.fetch(Outfall.self, key: "liucheng-sample:O-01"))
        let id = try #require(outfall.id)
        let pinned = try #require(try registry.pin(outfall: id, reach: "T-RJW", note: "现场核实", actor: "张工"))
        #expect(pinned.pinned && pinned.status == "ok" && pinned.reachCode == "T-RJW")
        #expect(try registry.store.auditLog(layer: .outfalls, featureID: id).last?.action == "pin")
        let unpinned = try #require(try registry.pin(outfall: id, reach: nil, note: nil, actor: "张工"))
        #expect(!unpinned.pinned && unpinned.reachCode == "RJ-2")
        #expect(throws: RegistryError.self) { try registry.pin(outfall: id, reach: "NO-SUCH", note: nil, actor: "x") }
    }

    @Test func snapsAreRedoneWhenTheRiversChange() throws {
        let registry = try sample()
        #expect(try registry.unresolvedSnaps().isEmpty)
        // Move RJ-2 five kilometres east: the county-town outfalls no longer snap.
        let reach = try #require(try registry.store.fetch(RiverReach.self, key: "liucheng-sample:RJ-2"))
        let moved = Geometry.lineString(reach.geometry.coordinates.map { Coordinate(lon: $0.lon + 0.05, lat: $0.lat) })
        let file = dir.write("rj2.geojson", json: GeoJSON.collection([
            GeoJSON.feature(id: "RJ-2", moved, JSONObject([("name", "融江"), ("reach_id", "RJ-2")])),
        ]))
        let report = try registry.importFile(.rivers, file, scope: "liucheng-sample")
        #expect(report.updated == 1)
        #expect(!report.notices.isEmpty)  // the moved reach no longer joins its neighbours
        let unresolved = try registry.unresolvedSnaps()
        #expect(unresolved.contains { $0.outfall.name == "柳城县城污水处理厂排污口" && $0.snap.status == "too_far" })
    }

    @Test func riverDrawnAgainstTheFlowIsReportedOnImport() throws {
        let registry = try Registry.empty(in: dir)
        let file = dir.write("r.geojson", json: GeoJSON.collection([
            GeoJSON.feature(id: "A", .lineString([Coordinate(lon: 109.20, lat: 24.70), Coordinate(lon: 109.20, lat: 24.65)]), ["name": "主河"]),
            GeoJSON.feature(id: "B", .lineString([Coordinate(lon: 109.20, lat: 24.65), Coordinate(lon: 109.15, lat: 24.65)]), ["name": "支流"]),
            GeoJSON.feature(id: "C", .lineString([Coordinate(lon: 109.20, lat: 24.65), Coordinate(lon: 109.20, lat: 24.60)]), ["name": "主河"]),
        ]))
        let report = try registry.importFile(.rivers, file)
        #expect(report.notices.count == 1)
        #expect(report.notices[0].contains("B") && report.notices[0].contains("画反"))
        #expect(try registry.store.sources(layer: .rivers).first?.warnings == report.notices)
    }

    @Test func pointsOutsideTheRegionAreRefusedBeforeSnapping() throws {
        let registry = try sample()
        #expect(throws: RegistryError.self) { try registry.snap(GivenPoint(Coordinate(x: 24.65, y: 109.23))) }
        let gcj = ChinaOffset.wgs84ToGCJ02(Coordinate(lon: 109.2318, lat: 24.6702))
        let snap = try registry.snap(GivenPoint(gcj, crs: .gcj02))
        #expect(Geodesic.wgs84.distance(snap.location, Coordinate(lon: 109.2318, lat: 24.6702)) < 0.01)
    }
}
