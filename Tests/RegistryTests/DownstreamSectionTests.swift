import OutfallModel
import Registry
import RegistryStore
import Rivers
import Testing

/// The nearest national section downstream of every outfall, found on one network, agrees
/// with navigating downstream from each outfall on its own.
struct DownstreamSectionTests {
    let scratch = TemporaryDirectory()

    @Test func oneNetworkGivesWhatNavigatingFromEachOutfallGives() throws {
        let registry = try scratch.sampleRegistry()
        let nearest = try registry.nearestDownstreamSections(kind: .national, within: 200_000)
        var compared = 0
        for (id, snap) in try registry.outfallSnaps() where snap.status == "ok" || snap.status == "ambiguous" {
            let trip = try registry.navigate(from: .outfall(id), direction: .downstream, distance: 200_000)
            let hit = trip.features.first { $0.layer == .sections && $0.detail == SectionKind.national.label }
            #expect(nearest[id]?.name == hit?.name, "outfall \(id)")
            if let hit, let found = nearest[id] { #expect(abs(found.networkDistance - hit.networkDistance) < 1e-6) }
            compared += 1
        }
        #expect(compared >= 40)
        // Upstream of the section, the 融江 outfalls have it downstream; the sample has some that do not.
        #expect(nearest.values.contains { $0.name == "凤山糖厂断面（示意位置）" })
        #expect(nearest.count < compared)
    }
}
