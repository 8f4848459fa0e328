import GeoKit
import OutfallModel
import Testing
@testable import Rivers

struct SnappingTests {
    @Test func pointBesideAReachGetsRiverMeasureOffsetAndBank() throws {
        let network = try Fixtures.yConfluence()
        let east = network.snap(metric: Fixtures.metric(10, 1500))
        #expect(east.status == .ok)
        let best = try #require(east.best)
        #expect(best.river == "Main" && best.reach.displayID == "A")
        #expect(abs(best.measure - 1500) < 1e-6)
        #expect(abs(best.offset - 10) < 1e-9)
        // Flowing south, looking downstream: east is the left bank (左岸).
        #expect(best.bank == .left)
        #expect(network.snap(metric: Fixtures.metric(-10, 1500)).best?.bank == .right)
        #expect(east.candidates.isEmpty)
    }

    @Test func pointExactlyAtAConfluenceIsAmbiguousWithBothRivers() throws {
        let network = try Fixtures.yConfluence()
        let result = network.snap(metric: Fixtures.metric(0, 1000))
        #expect(result.status == .ambiguous)
        let rivers = [result.best?.river] + result.candidates.map(\.river)
        #expect(Set(rivers.compactMap { $0 }) == ["Main", "Trib"])
        #expect(rivers.count == 2)  // Main's two reaches meeting there count once
        #expect(result.best?.bank == nil)
    }

    @Test func pointBeyondTheMaximumDistanceIsTooFarButSaysWhatIsNearest() throws {
        let network = try Fixtures.yConfluence()
        let result = network.snap(metric: Fixtures.metric(600, 1500), options: SnapOptions(maxDistance: 500))
        #expect(result.status == .tooFar)
        #expect(abs((result.best?.offset ?? 0) - 600) < 1e-6)
        #expect(network.snap(metric: Fixtures.metric(600, 1500), options: SnapOptions(maxDistance: 700)).status == .ok)
        #expect(network.snap(metric: Fixtures.metric(50_000, 50_000)).status == .none)
    }

    @Test func nearlyEquidistantParallelChannelsAreAmbiguous() throws {
        let network = try Fixtures.braided()
        // Between P1 (x = 0) and P2 (which passes x = -500 at y = 1500): 4 m from P1 at y = 1100,
        // where P2 is at x = -100 → about 68 m away: clear. At y = 1020, P2 is 14 m away: ambiguous.
        #expect(network.snap(metric: Fixtures.metric(-4, 1100)).status == .ok)
        #expect(network.snap(metric: Fixtures.metric(-4, 1020)).status == .ambiguous)
    }

    @Test func banksOnBothSidesOfABend() throws {
        // North from (0,0) to (0,1000), then east to (1000,1000).
        let network = try Fixtures.network([Fixtures.reach("B", "Bend", [(0, 0), (0, 1000), (1000, 1000)])])
        func bank(_ x: Double, _ y: Double) -> Polyline.Side? { network.snap(metric: Fixtures.metric(x, y)).best?.bank }
        #expect(bank(-10, 500) == .left)  // west of a northward leg
        #expect(bank(10, 500) == .right)
        #expect(bank(500, 1010) == .left)  // north of an eastward leg
        #expect(bank(500, 990) == .right)
        #expect(bank(-10, 1010) == .left)  // outside of the bend, nearest the vertex itself
        #expect(bank(-5, 1020) == .left)
        #expect(bank(5, 995) == .right)  // inside of the bend
    }

    @Test func pinnedSnapIgnoresDistance() throws {
        let network = try Fixtures.yConfluence()
        let b = try #require(network.reaches.firstIndex { $0.code == "B" })
        let result = network.snap(metric: Fixtures.metric(10, 1500), pinnedTo: b)
        #expect(result.pinned && result.status == .ok)
        #expect(result.best?.river == "Trib")
    }

    @Test func lonLatBatchSnapMatchesSingleSnaps() throws {
        let network = try Fixtures.yConfluence()
        let metric = (0..<5000).map { i in Fixtures.metric(Double(i % 100) - 50, Double(i / 100) * 40) }
        let lonLat = try Fixtures.converter.fromMetric(metric)
        let batch = try network.snap(lonLat, converter: Fixtures.converter)
        for (i, p) in metric.enumerated() where i % 97 == 0 {
            let single = network.snap(metric: p)
            #expect(batch[i].status == single.status)
            #expect(abs((batch[i].best?.measure ?? 0) - (single.best?.measure ?? 0)) < 1e-6)
        }
        let snapped = try #require(batch[2550].best?.snapped)
        #expect(abs(snapped.lon - 109.23) < 0.1)
    }
}
