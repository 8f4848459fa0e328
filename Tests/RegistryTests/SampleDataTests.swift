import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Testing

/// The bundled Liucheng layers load and say they are schematic.
struct SampleDataTests {
    let dir = TemporaryDirectory()

    func sampleRegistry() throws -> Registry {
        let sample = try SampleData()
        let registry = try Registry.create(path: dir.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return registry
    }

    @Test func everyLayerLoadsWithProvenanceAndIsMarkedSchematic() throws {
        let registry = try sampleRegistry()
        let summaries = try registry.layerSummaries()
        let counts = Dictionary(uniqueKeysWithValues: summaries.map { ($0.layer, $0.count) })
        #expect(counts == [.rivers: 11, .zones: 16, .intakes: 1, .sections: 3, .areas: 13, .outfalls: 42])
        for summary in summaries {
            #expect(summary.isSchematic, "\(summary.layer) must be labelled schematic")
            let source = try #require(summary.sources.first)
            #expect(source.licence?.contains("CC0") == true)
            #expect(source.accuracy?.contains("示意") == true)
            #expect(source.provenance != nil)
        }
        for outfall in try registry.store.fetchAll(Outfall.self) {
            #expect(outfall.extra["schematic"] == .bool(true))
        }
    }

    @Test func sampleOutfallsHaveTheTypesTheIssueAsksFor() throws {
        let types = Set(try sampleRegistry().store.fetchAll(Outfall.self).map(\.type))
        for wanted: OutfallType in [.urbanWWTP, .industrialEnterprise, .industrialParkWWTP, .largeLivestock, .largeAquaculture,
                                    .urbanStorm, .urbanDomesticScattered, .ruralDomesticScattered] {
            #expect(types.contains(wanted))
        }
    }

    @Test func countySeatOutfallsLieInDapuTownship() throws {
        let registry = try sampleRegistry()
        var filter = OutfallFilter()
        filter.nameContains = "柳城县城污水处理厂"
        let listing = try #require(try registry.outfalls(matching: filter).first)
        #expect(listing.township == "大埔镇（示意边界）")
    }

    /// The generator recorded which zones each sample outfall was drawn inside; GEOS must agree.
    @Test func zoneMembershipAgreesWithTheGenerator() throws {
        let registry = try sampleRegistry()
        let expected = try Fixture.json("liucheng-expected.json").objectValue?["outfalls"]?.arrayValue ?? []
        #expect(expected.count == 42)
        let geos = GEOSContext()
        let zones = try registry.store.fetchAll(Zone.self)
        let prepared = try zones.map { try geos.geometry($0.geometry).prepared() }
        let outfalls = Dictionary(uniqueKeysWithValues: try registry.store.fetchAll(Outfall.self).map { ($0.key, $0) })
        for entry in expected {
            let object = try #require(entry.objectValue)
            let id = try #require(object["id"]?.stringValue)
            let outfall = try #require(outfalls["liucheng-sample:\(id)"])
            var inside: [String] = []
            for (zone, geometry) in zip(zones, prepared) where try geometry.covers(outfall.location) {
                inside.append(String(zone.key.dropFirst("liucheng-sample:".count)))
            }
            let wanted = object["zones"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(inside.sorted() == wanted, "\(id)")
        }
    }
}
