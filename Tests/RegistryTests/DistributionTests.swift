import GeoKit
import OutfallModel
import Testing
@testable import Registry

/// The spatial distribution accounts for every outfall, and per-km figures use the rivers' geodesic lengths.
struct DistributionTests {
    let dir = TemporaryDirectory()

    @Test func everyOutfallIsCountedOnceAndLengthsAreGeodesic() throws {
        let registry = try dir.sampleRegistry()
        let total = try registry.store.count(.outfalls)
        for grouping in DistributionGrouping.allCases {
            #expect(try registry.distribution(by: grouping).reduce(0) { $0 + $1.count } == total, "\(grouping)")
        }
        let rivers = try registry.distribution(by: .river)
        let rongjiang = try #require(rivers.first { $0.group == "融江" })
        let reaches = try registry.store.fetchAll(RiverReach.self).filter { $0.name == "融江" }
        let km = reaches.flatMap(\.geometry.lineParts).reduce(0) { $0 + Geodesic.cgcs2000.length($1) } / 1000
        #expect(abs((rongjiang.lengthKm ?? 0) - km) < 1e-9)
        #expect(abs((rongjiang.perKm ?? 0) - Double(rongjiang.count) / km) < 1e-9)
        #expect(rongjiang.byType.values.reduce(0, +) == rongjiang.count)
    }
}
