import GeoKit
import Testing
@testable import Rivers

struct NavigationTests {
    @Test func upstreamFromMidReachEntersEveryTributary() throws {
        let network = try Fixtures.yConfluence()
        let c = try #require(network.edge(code: "C"))
        let a = try #require(network.edge(code: "A"))
        let b = try #require(network.edge(code: "B"))
        let trip = network.navigate(from: NetworkLocation(edge: c, along: 500), direction: .upstream, distance: 1500)
        // An outfall on the tributary 600 m above the confluence: 500 + 600.
        #expect(approx(trip.distance(to: NetworkLocation(edge: b, along: 400), in: network), 1100))
        // On the main river 800 m above the confluence: 500 + 800.
        #expect(approx(trip.distance(to: NetworkLocation(edge: a, along: 200), in: network), 1300))
        // Downstream of the start: not on an upstream trip.
        #expect(trip.distance(to: NetworkLocation(edge: c, along: 800), in: network) == nil)
        // Beyond the distance: 500 + 1000 + more.
        #expect(approx(trip.distance(to: NetworkLocation(edge: b, along: 0), in: network), 1500))
    }

    @Test func mainstemOnlyKeepsToTheStartingRiver() throws {
        let network = try Fixtures.yConfluence()
        let c = try #require(network.edge(code: "C"))
        let b = try #require(network.edge(code: "B"))
        let trip = network.navigate(from: NetworkLocation(edge: c, along: 500), direction: .upstream, distance: 1500, mainstemOnly: true)
        #expect(trip.distance(to: NetworkLocation(edge: b, along: 400), in: network) == nil)
        #expect(Set(trip.spans.map { network.reaches[network.edges[$0.edge].reach].code }) == ["A", "C"])
    }

    @Test func downstreamStopsAtTheDistanceTrimmingTheLastReach() throws {
        let network = try Fixtures.yConfluence()
        let a = try #require(network.edge(code: "A"))
        let c = try #require(network.edge(code: "C"))
        let trip = network.navigate(from: NetworkLocation(edge: a, along: 500), direction: .downstream, distance: 700)
        let last = try #require(trip.spans.first { $0.edge == c })
        #expect(last.from == 0 && approx(last.to, 200) && approx(last.entryDistance, 500))
        #expect(approx(trip.distance(to: NetworkLocation(edge: c, along: 100), in: network), 600))
        #expect(trip.distance(to: NetworkLocation(edge: c, along: 300), in: network) == nil)
        let geometry = network.geometry(of: last)
        #expect(geometry.count == 2 && abs(geometry[1].y - (Fixtures.origin.y + 800)) < 1e-6)
    }

    @Test func braidedChannelsDoNotDoubleCountDistance() throws {
        let network = try Fixtures.braided()
        let u = try #require(network.edge(code: "U"))
        let p2 = try #require(network.edge(code: "P2"))
        let d = try #require(network.edge(code: "D"))
        let trip = network.navigate(from: NetworkLocation(edge: u, along: 500), direction: .downstream, distance: 5000)
        // Below the rejoin, by the shorter channel: 500 + 1000 + 100.
        #expect(approx(trip.distance(to: NetworkLocation(edge: d, along: 100), in: network), 1600))
        // A point on the longer channel keeps its own distance: 500 + 707.1.
        let onP2 = try #require(trip.distance(to: NetworkLocation(edge: p2, along: 1000 / 2.0.squareRoot()), in: network))
        #expect(abs(onP2 - (500 + 1000 / 2.0.squareRoot())) < 1e-6)
        // Each channel travelled once.
        #expect(trip.spans.count == 4)
    }
}

/// Equal to a micrometre: the networks go through a lon/lat round trip.
func approx(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) < 1e-6
}
