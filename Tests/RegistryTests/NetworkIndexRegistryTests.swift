import GeoKit
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Testing

/// The registry builds the river network once per version of the rivers layer and keeps it
/// (migration v9-network-index); what it reads back is the network it would build.
struct NetworkIndexRegistryTests {
    let dir = TemporaryDirectory()

    @Test func theStoredNetworkIsTheOneThatWouldBeBuilt() throws {
        let sample = try SampleData()
        let registry = try Registry.create(path: dir.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        let version = try registry.store.version(of: .rivers)
        let epsg = registry.settings.metricEPSG
        let format = RiverNetwork.indexFormat
        // Importing the rivers (and snapping the outfalls) stored the index.
        #expect(try registry.store.networkIndex(riversVersion: version, metricEPSG: epsg, format: format) != nil)
        let stored = try registry.riverNetwork()
        let built = try RiverNetwork.build(reaches: try registry.store.fetchAll(RiverReach.self), metricEPSG: epsg)
        #expect(stored.edges == built.edges && stored.reaches == built.reaches && stored.edges.indices.map(stored.line) == built.edges.indices.map(built.line))
        #expect(stored.diagnostics == built.diagnostics)

        // A damaged index is rebuilt, and replaced by a good one.
        try registry.store.saveNetworkIndex([1, 2, 3], riversVersion: version, metricEPSG: epsg, format: format)
        #expect(try registry.riverNetwork().edges == built.edges)
        let replaced = try #require(try registry.store.networkIndex(riversVersion: version, metricEPSG: epsg, format: format))
        #expect(RiverNetwork(index: replaced) != nil)

        // An index for another rivers version is never taken for the current one.
        try registry.store.saveNetworkIndex(built.encodedIndex(), riversVersion: version + 1, metricEPSG: epsg, format: format)
        #expect(try registry.store.networkIndex(riversVersion: version + 1, metricEPSG: epsg, format: format) == nil)
    }
}
