import GeoKit
import OutfallModel
import Testing
@testable import Rivers

/// What a snap costs must not depend on how big the network is: the same local picture in a
/// network of 1,000 reaches and in one of 20,000 takes the same work (index nodes visited,
/// edges projected onto) — counted, not timed.
struct ScaleTests {
    /// `basins` identical comb-shaped basins side by side: a main stem of 25 reaches of
    /// 500 m flowing south, a 500 m tributary joining at each of its nodes (alternately from
    /// the east and the west). Every reach has 15 vertices, as a provincial layer's do. The
    /// density of river stays the same however many basins there are.
    static func combs(basins: Int) -> [RiverReach] {
        var reaches: [RiverReach] = []
        let columns = 40
        for b in 0..<basins {
            let x0 = Double(b % columns) * 3_000
            let y0 = Double(b / columns) * 15_000
            for k in 0..<25 {
                let top = y0 + 12_500 - Double(k) * 500
                let main = (0..<15).map { (x0, top - Double($0) * 500 / 14) }
                reaches.append(Fixtures.reach("B\(b)M\(k)", "B\(b)", main))
                let side = k % 2 == 0 ? 1.0 : -1.0
                let trib = (0..<15).map { (x0 + side * (500 - Double($0) * 500 / 14), top - 250 + Double($0) * 250 / 14) }
                reaches.append(Fixtures.reach("B\(b)T\(k)", "B\(b)-\(k)", trib))
            }
        }
        return reaches
    }

    /// The average work of snapping 500 points, each 80 m east of the middle of a main-stem
    /// reach of some basin.
    static func workPerSnap(basins: Int) throws -> (work: SnapWork, network: RiverNetwork) {
        let network = try RiverNetwork.build(reaches: combs(basins: basins))
        var work = SnapWork()
        for i in 0..<500 {
            let b = (i * 7919) % basins
            let k = i % 25
            let p = Fixtures.metric(Double(b % 40) * 3_000 + 80, Double(b / 40) * 15_000 + 12_500 - Double(k) * 500 - 250)
            let result = network.snap(metric: p, work: &work)
            #expect(result.best?.reach.key == "t:B\(b)M\(k)", "point \(i) snapped to \(result.best?.reach.key ?? "nothing")")
        }
        return (SnapWork(indexNodes: work.indexNodes / 500, edgesProjected: work.edgesProjected / 500), network)
    }

    @Test func snapWorkDoesNotGrowWithTheNetwork() throws {
        let small = try Self.workPerSnap(basins: 20)
        let large = try Self.workPerSnap(basins: 400)
        #expect(small.network.reaches.count == 1_000 && large.network.reaches.count == 20_000)
        // The same edges are near each point whatever the network's size.
        #expect(small.work.edgesProjected == large.work.edgesProjected)
        #expect(small.work.edgesProjected < 20)
        // The spatial index is one level deeper for 20 times the reaches: a few more nodes
        // looked at (logarithmic), not 20 times as many.
        #expect(large.work.indexNodes <= small.work.indexNodes * 2, "\(small.work) vs \(large.work)")
    }

    @Test func findingAPlaceOnAReachLooksAtThatReachOnly() throws {
        let network = try RiverNetwork.build(reaches: Self.combs(basins: 20))
        let reach = try #require(network.reachIndex(key: "t:B7M3"))
        let location = try #require(network.location(reach: reach, part: 0, along: 200))
        #expect(network.edges[location.edge].reach == reach && abs(location.along - 200) < 1e-6)
        #expect(network.reachEdges[reach] == [location.edge])
        let pinned = network.snap(metric: Fixtures.metric(5_000, 5_000), pinnedTo: reach)
        #expect(pinned.best?.reach.key == "t:B7M3" && pinned.pinned)
    }
}

extension SnapWork {
    init(indexNodes: Int, edgesProjected: Int) {
        self.init()
        self.indexNodes = indexNodes
        self.edgesProjected = edgesProjected
    }
}
