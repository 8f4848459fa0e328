import GeoKit
import OutfallModel
import Testing
@testable import Rivers

struct TopologyTests {
    @Test func yConfluenceHasOneConfluenceAndOneOutlet() throws {
        let network = try Fixtures.yConfluence()
        #expect(network.edges.count == 3)
        #expect(network.nodes.count == 4)
        #expect(network.confluenceNodes.count == 1)
        #expect(network.outletNodes.count == 1)
        #expect(network.diagnostics.isEmpty)
        let confluence = try #require(network.confluenceNodes.first)
        #expect(Set(network.incomingEdges(of: confluence).map { network.reaches[network.edges[$0].reach].displayID }) == ["A", "B"])
    }

    @Test func measuresCountFromEachRiversDownstreamEndAndRunOnAcrossReaches() throws {
        let network = try Fixtures.yConfluence()
        func measures(_ code: String) throws -> (Double, Double) {
            let e = try #require(network.edge(code: code))
            return (network.edges[e].fromMeasure, network.edges[e].toMeasure)
        }
        let a = try measures("A"), b = try measures("B"), c = try measures("C")
        #expect(abs(c.0 - 1000) < 1e-6 && abs(c.1) < 1e-6)
        #expect(abs(a.0 - 2000) < 1e-6 && abs(a.1 - 1000) < 1e-6)  // continues C's measure
        #expect(abs(b.0 - 1000) < 1e-6 && abs(b.1) < 1e-6)  // the tributary's own measure starts at its mouth
    }

    @Test func outletDistanceCountsThroughTheMainRiver() throws {
        let network = try Fixtures.yConfluence()
        let b = try #require(network.edge(code: "B"))
        #expect(abs(network.outletDistance(at: NetworkLocation(edge: b, along: 400)) - 1600) < 1e-6)
    }

    @Test func braidedChannelsMeasureByTheShorterChannel() throws {
        let network = try Fixtures.braided()
        #expect(network.diagnostics.isEmpty)
        let u = try #require(network.edge(code: "U"))
        let p2 = try #require(network.edge(code: "P2"))
        #expect(abs(network.edges[u].toMeasure - 2000) < 1e-6)  // via P1, not P2
        #expect(abs(network.edges[p2].fromMeasure - (1000 + 1000 * 2.0.squareRoot())) < 1e-6)
    }

    @Test func tributaryDrawnFromMouthToSourceIsReported() throws {
        let network = try Fixtures.network([
            Fixtures.reach("A", "Main", [(0, 2000), (0, 1000)]),
            Fixtures.reach("B", "Trib", [(0, 1000), (-1000, 1000)]),  // backwards
            Fixtures.reach("C", "Main", [(0, 1000), (0, 0)]),
        ])
        #expect(network.diagnostics.map(\.kind) == [.deadEndBranch])
        #expect(network.diagnostics.first?.reaches == ["B"])
        #expect(network.diagnostics.first?.description.contains("画反") == true)
    }

    @Test func mainReachDrawnBackwardsMakesASinkAndASource() throws {
        let network = try Fixtures.network([
            Fixtures.reach("A", "Main", [(0, 2000), (0, 1000)]),
            Fixtures.reach("B", "Main", [(0, 0), (0, 1000)]),  // backwards
            Fixtures.reach("C", "Main", [(0, 0), (0, -1000)]),
        ])
        let kinds = Set(network.diagnostics.map(\.kind))
        #expect(kinds == [.sinkConfluence, .sourceDivergence])
        #expect(network.diagnostics.allSatisfy { $0.reaches.contains("B") })
    }

    @Test func multiPartLineWhosePartsTouchIsSewnIntoOne() throws {
        // Parts given downstream part first: sewing must still run end to start.
        let network = try Fixtures.network([
            Fixtures.multiReach("M", "Main", [[(0, 1000), (0, 0)], [(0, 2000), (0, 1000)]]),
        ])
        #expect(network.reaches[0].partCount == 1)
        #expect(network.edges.count == 1)
        #expect(abs(network.edges[0].length - 2000) < 1e-6)
    }

    @Test func multiPartLineWithAGapIsNeverMeasuredAcrossTheGap() throws {
        let network = try Fixtures.network([
            Fixtures.multiReach("M", "Main", [[(0, 2000), (0, 1500)], [(0, 1000), (0, 0)]]),
        ])
        #expect(network.reaches[0].partCount == 2)
        #expect(network.edges.count == 2)
        let lengths = network.edges.map(\.length).sorted()
        #expect(abs(lengths[0] - 500) < 1e-6 && abs(lengths[1] - 1000) < 1e-6)
        // The upper part is not 500 m "longer" through the gap: its measures are its own.
        let upper = try #require(network.edges.firstIndex { $0.length < 600 })
        #expect(abs(network.edges[upper].fromMeasure - 500) < 1e-6)
    }

    @Test func tributaryEndingMidReachSplitsTheMainReach() throws {
        let network = try Fixtures.network([
            Fixtures.reach("M", "Main", [(0, 2000), (0, 0)]),
            Fixtures.reach("T", "Trib", [(-1000, 1200), (0, 1200)]),
        ])
        #expect(network.edges.count == 3)
        #expect(network.confluenceNodes.count == 1)
        let t = try #require(network.edge(code: "T"))
        #expect(abs(network.outletDistance(at: NetworkLocation(edge: t, along: 1000)) - 1200) < 1e-6)
        // Measures of the split main reach are still continuous.
        let mainEdges = network.edges.filter { network.reaches[$0.reach].code == "M" }.sorted { $0.partOffset < $1.partOffset }
        #expect(abs(mainEdges[0].fromMeasure - 2000) < 1e-6 && abs(mainEdges[0].toMeasure - 1200) < 1e-6)
        #expect(abs(mainEdges[1].fromMeasure - 1200) < 1e-6)
    }
}
