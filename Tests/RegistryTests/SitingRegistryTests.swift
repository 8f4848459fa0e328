import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Siting
import Testing

/// The siting check and screening on the bundled Liucheng layers.
struct SitingRegistryTests {
    let dir = TemporaryDirectory()

    func sample() throws -> Registry { try dir.sampleRegistry() }

    /// A point on the 融江 centreline `metres` upstream of the county-seat intake.
    func upstreamOfIntake(_ registry: Registry, _ metres: Double) throws -> Coordinate {
        let network = try registry.riverNetwork()
        let intake = try #require(try registry.store.fetchAll(Intake.self).first)
        let snap = try registry.snap(GivenPoint(intake.location), network: network)
        let start = try #require(snap.result.best)
        let trip = network.navigate(from: start.location, direction: .upstream, distance: metres, mainstemOnly: true)
        let far = try #require(trip.spans.max { $0.entryDistance < $1.entryDistance })
        let metric = network.line(far.edge).point(at: far.from)
        return try GeodeticConverter().fromMetric([metric])[0]
    }

    @Test func inTheLevel1ZoneIsProhibitedCitingArticle64() throws {
        let registry = try sample()
        let report = try registry.check(GivenPoint(try upstreamOfIntake(registry, 500)), type: .urbanWWTP)
        #expect(report.verdict.verdict == .prohibited)
        let finding = try #require(report.verdict.findings.first { $0.rule.id == "DW-PROTECTED" })
        #expect(finding.rule.basis.contains("《中华人民共和国水污染防治法》第六十四条"))
        #expect(finding.feature.name.contains("一级保护区"))
        #expect(report.usesSchematicData)
        #expect(report.type?.approvalTrack == .approval)
    }

    @Test func aCheckStoresItsTransformationsAndTheNextCheckGivesTheSameReport() throws {
        let registry = try sample()
        let point = GivenPoint(try upstreamOfIntake(registry, 500))
        let first = try registry.check(point, type: .urbanWWTP)
        let stored = try registry.store.transformPipelines()
        #expect(Set(stored.map { [$0.source, $0.target] }) == [[4490, 4545], [4545, 4490]])
        #expect(stored.allSatisfy { $0.projVersion == PROJContext().version })
        #expect(JSONWriter.pretty(try registry.check(point, type: .urbanWWTP).json) == JSONWriter.pretty(first.json))

        // What another PROJ version chose is not trusted: a wrong meridian stored for one
        // changes nothing here.
        try registry.store.saveTransformPipelines(stored.map { pipeline in
            var other = pipeline
            other.projVersion = "0.0.1"
            other.definition = pipeline.definition.replacingOccurrences(of: "+lon_0=108", with: "+lon_0=111")
            return other
        })
        #expect(JSONWriter.pretty(try registry.check(point, type: .urbanWWTP).json) == JSONWriter.pretty(first.json))
    }

    @Test func openCountryIsClear() throws {
        let report = try sample().check(GivenPoint(Coordinate(lon: 109.45, lat: 24.75)), type: .other)
        #expect(report.verdict.verdict == .clear && report.verdict.findings.isEmpty)
        #expect(report.snap.status == .none)
    }

    @Test func threeKilometresUpstreamOfTheIntakeGetsTheNoticeWithItsNetworkDistance() throws {
        let registry = try sample()
        let report = try registry.check(GivenPoint(try upstreamOfIntake(registry, 3000)), type: .other)
        let notice = try #require(report.verdict.findings.first { $0.rule.id == "UPSTREAM-INTAKE" })
        #expect(notice.severity == .notice)
        #expect(abs(notice.distance - 3000) < 1)
        #expect(notice.feature.layer == .intakes)
    }

    @Test func screeningFlagsTheOutfallsDrawnInsideProtectedZones() throws {
        let registry = try sample()
        let rows = Dictionary(uniqueKeysWithValues: try registry.screening().map { ($0.outfall.key.replacingOccurrences(of: "liucheng-sample:", with: ""), $0) })
        #expect(rows.count == 42)
        let prohibited = Set(rows.filter { $0.value.verdict == .prohibited }.keys)
        #expect(prohibited == ["O-30", "O-31", "O-33"])  // level-1, level-2, reserve core
        for id in ["O-32", "O-34", "O-35", "O-37"] { #expect(rows[id]?.verdict == .restricted, "\(id)") }
        #expect(rows["O-36"]?.verdict == .review)  // fishery water: the fishery authority is consulted
        func rules(_ id: String) -> [String] { (try? rows[id]?.findings())??.arrayValue?.compactMap { $0.objectValue?["rule"]?.stringValue } ?? [] }
        #expect(rules("O-37").contains("WF-NOT-ATTAINING"))
        #expect(!rules("O-38").contains("WF-NOT-ATTAINING"))  // urban WWTP: excepted
        #expect(rules("O-30").first == "DW-PROTECTED")
    }

    @Test func screeningIsRedoneWhenRulesOrZonesChange() throws {
        let registry = try sample()
        let before = try registry.screening().filter { $0.verdict == .review }.count
        #expect(before > 0)
        // Rules without the river-management rule: those outfalls are no longer "review".
        let sample = try SampleData()
        let text = try String(contentsOfFile: try #require(sample.rulesFile), encoding: .utf8)
        var json = try #require(try JSONParser().parse(text).objectValue)
        json["rules"] = .array((json["rules"]?.arrayValue ?? []).filter { $0.objectValue?["id"]?.stringValue != "RIVER-MANAGEMENT" })
        json["version"] = "test"
        try registry.loadRules(path: dir.write("rules.json", json: .object(json)), actor: "tester")
        let after = try registry.screening()
        #expect(after.filter { $0.verdict == .review }.count < before)
        #expect(try registry.store.auditLog().contains { $0.action == "rules" })
        // A new level-1 zone around the county WWTP outfall makes it prohibited.
        let wwtp = try #require(after.first { $0.outfall.name == "柳城县城污水处理厂排污口" })
        #expect(wwtp.verdict != .prohibited)
        let c = wwtp.outfall.location
        let square = Geometry.polygon(Polygon(exterior: [
            Coordinate(lon: c.lon - 0.001, lat: c.lat - 0.001), Coordinate(lon: c.lon + 0.001, lat: c.lat - 0.001),
            Coordinate(lon: c.lon + 0.001, lat: c.lat + 0.001), Coordinate(lon: c.lon - 0.001, lat: c.lat + 0.001),
            Coordinate(lon: c.lon - 0.001, lat: c.lat - 0.001),
        ]))
        _ = try registry.importFile(.zones, dir.write("z.geojson", json: GeoJSON.collection([
            GeoJSON.feature(id: "new", square, ["name": "新划一级保护区", "kind": "drinking_water", "level": "1"]),
        ])))
        #expect(try registry.screening().first { $0.outfall.id == wwtp.outfall.id }?.verdict == .prohibited)
    }

    @Test func aRulesFileThatDoesNotParseIsRefusedAndTheOldOneStays() throws {
        let registry = try sample()
        let bad = dir.write("bad.json", #"{"format":"outfall-registry/siting-rules","version":"x","rules":[{"id":"X"}]}"#)
        #expect(throws: RegistryError.self) { try registry.loadRules(path: bad, actor: "t") }
        #expect(try registry.rules().version == "2026-11-29")
    }
}
