import GeoKit
import OutfallModel
import Testing
@testable import Rivers

/// The stored network index reads back as the network that was built: same topology,
/// measures, outlet distances, diagnostics and the same snaps; damaged bytes are refused.
struct NetworkIndexTests {
    static func sample() throws -> RiverNetwork {
        // Combs, a braid, a backwards tributary (a diagnostic) and a multi-part reach.
        try RiverNetwork.build(reaches: ScaleTests.combs(basins: 3) + [
            Fixtures.reach("U", "Braid", [(20_000, 3000), (20_000, 2000)]),
            Fixtures.reach("P1", "Braid", [(20_000, 2000), (20_000, 1000)]),
            Fixtures.reach("P2", "Braid", [(20_000, 2000), (19_500, 1500), (20_000, 1000)]),
            Fixtures.reach("D", "Braid", [(20_000, 1000), (20_000, 0)]),
            Fixtures.reach("X", "Back", [(20_000, 1500), (21_000, 1500)]),
            Fixtures.multiReach("M", "Gap", [[(30_000, 2000), (30_000, 1000)], [(30_000, 900), (30_000, 0)]]),
        ])
    }

    @Test func aPlaceOnTheNetworkIsThePointItsLineGives() throws {
        // Both the built network and one read from its index, at the ends, beyond them and
        // on every vertex and mid-segment: the flat-array interpolation must not drift.
        let built = try Self.sample()
        let read = try #require(RiverNetwork(index: built.encodedIndex()))
        for network in [built, read] {
            for edge in network.edges.indices {
                let line = network.line(edge)
                let alongs = [-5.0, 0, line.length, line.length + 5] + line.cumulative + zip(line.cumulative, line.cumulative.dropFirst()).map { ($0 + $1) / 2 }
                for along in alongs {
                    #expect(network.point(at: NetworkLocation(edge: edge, along: along)) == line.point(at: along), "edge \(edge) at \(along)")
                }
            }
        }
    }

    @Test func readsBackTheNetworkThatWasBuilt() throws {
        let built = try Self.sample()
        let read = try #require(RiverNetwork(index: built.encodedIndex()))
        #expect(read.reaches == built.reaches)
        #expect(read.edges == built.edges)
        #expect(read.edges.indices.map(read.line) == built.edges.indices.map(built.line))
        #expect(read.nodes == built.nodes)
        #expect(read.diagnostics == built.diagnostics && !built.diagnostics.isEmpty)
        #expect(read.metricEPSG == built.metricEPSG && read.tolerance == built.tolerance)
        #expect(read.reaches.map(\.id) == built.reaches.map(\.id))
        for x in stride(from: -200.0, through: 31_000, by: 730) {
            for y in stride(from: -100.0, through: 13_000, by: 910) {
                let p = Fixtures.metric(x, y)
                #expect(read.snap(metric: p) == built.snap(metric: p))
            }
        }
        let start = NetworkLocation(edge: 0, along: 10)
        #expect(read.navigate(from: start, direction: .downstream, distance: 5_000).spans
                == built.navigate(from: start, direction: .downstream, distance: 5_000).spans)
    }

    @Test func refusesDamagedOrForeignBytes() throws {
        let bytes = try Self.sample().encodedIndex()
        #expect(RiverNetwork(index: []) == nil)
        #expect(RiverNetwork(index: Array(bytes.dropLast())) == nil)
        #expect(RiverNetwork(index: bytes + [0]) == nil)
        #expect(RiverNetwork(index: Array(bytes.prefix(bytes.count / 2))) == nil)
        var otherFormat = bytes
        otherFormat[4] = UInt8(RiverNetwork.indexFormat + 1)
        #expect(RiverNetwork(index: otherFormat) == nil)
        var hugeCount = bytes
        // The reach count (after magic, format, EPSG and tolerance) claims more than fits.
        for k in 28..<36 { hugeCount[k] = 0x7f }
        #expect(RiverNetwork(index: hugeCount) == nil)
    }
}
