import GeoKit

/// Which way to travel along the network.
public enum FlowDirection: String, Sendable, CaseIterable {
    case upstream = "up"
    case downstream = "down"

    public var label: String { self == .upstream ? "上游" : "下游" }
}

/// The part of the network travelled from a start location up to a distance.
///
/// Distances are shortest network distances from the start: where a river splits and
/// rejoins (braided channels), both branches are travelled, but what lies beyond the rejoin
/// is reached by the shorter one — no distance is counted twice.
public struct Traversal: Sendable {
    /// One travelled stretch of one edge.
    public struct Span: Hashable, Sendable {
        public var edge: Int
        /// Along-edge range travelled (from < to, in the edge's own direction).
        public var from: Double
        public var to: Double
        /// Network distance from the start where the span is entered.
        public var entryDistance: Double
    }

    public var start: NetworkLocation
    public var direction: FlowDirection
    public var limit: Double
    public var spans: [Span]
    /// Shortest network distance to every node reached.
    var nodeDistance: [Int: Double]

    /// Network distance from the start to a location on a travelled span (or at a node
    /// passed on the way), or nil if the traversal does not pass it.
    public func distance(to location: NetworkLocation, in network: RiverNetwork) -> Double? {
        let epsilon = 1e-6
        var best: Double?
        for span in spans where span.edge == location.edge {
            guard location.along >= span.from - epsilon, location.along <= span.to + epsilon else { continue }
            let d = direction == .downstream ? span.entryDistance + (location.along - span.from) : span.entryDistance + (span.to - location.along)
            best = min(best ?? d, max(0, d))
        }
        let edge = network.edges[location.edge]
        let node: Int? = location.along >= edge.length - 0.01 ? edge.endNode : (location.along <= 0.01 ? edge.startNode : nil)
        if let node, let d = nodeDistance[node], d <= limit { best = min(best ?? d, d) }
        return best
    }

    /// Where along the travelled path a position on a span lies (metres from the start).
    public func distance(along span: Span, at spanAlong: Double) -> Double {
        direction == .downstream ? span.entryDistance + (spanAlong - span.from) : span.entryDistance + (span.to - spanAlong)
    }
}

extension RiverNetwork {
    /// Travels up- or downstream from `start` for `distance` metres.
    ///
    /// Upstream goes into every tributary unless `mainstemOnly`, which keeps to the start's
    /// river. Downstream follows the flow through every branch; `mainstemOnly` keeps to one
    /// branch at each fork (the same river where possible).
    public func navigate(from start: NetworkLocation, direction: FlowDirection, distance limit: Double, mainstemOnly: Bool = false) -> Traversal {
        let startEdge = edges[start.edge]
        let river = reaches[startEdge.reach].river
        var spans: [Traversal.Span] = []
        var nodeDistance: [Int: Double] = [:]
        var queue = PriorityQueue<Int>()

        func reach(_ node: Int, _ d: Double) {
            if d < nodeDistance[node] ?? .infinity, d <= limit {
                nodeDistance[node] = d
                queue.push(d, node)
            }
        }

        switch direction {
        case .downstream:
            let remaining = startEdge.length - start.along
            spans.append(.init(edge: start.edge, from: start.along, to: min(startEdge.length, start.along + limit), entryDistance: 0))
            if remaining <= limit { reach(startEdge.endNode, remaining) }
        case .upstream:
            spans.append(.init(edge: start.edge, from: max(0, start.along - limit), to: start.along, entryDistance: 0))
            if start.along <= limit { reach(startEdge.startNode, start.along) }
        }

        var entered = Set<Int>([start.edge])
        while let (d, node) = queue.pop() {
            guard d <= nodeDistance[node] ?? .infinity else { continue }
            let next = direction == .downstream ? outgoing[node] : incoming[node]
            for e in choose(next, mainstemOnly: mainstemOnly, river: river) where !entered.contains(e) {
                entered.insert(e)
                let edge = edges[e]
                let remaining = limit - d
                switch direction {
                case .downstream:
                    spans.append(.init(edge: e, from: 0, to: min(edge.length, remaining), entryDistance: d))
                    if edge.length <= remaining { reach(edge.endNode, d + edge.length) }
                case .upstream:
                    spans.append(.init(edge: e, from: max(0, edge.length - remaining), to: edge.length, entryDistance: d))
                    if edge.length <= remaining { reach(edge.startNode, d + edge.length) }
                }
            }
        }
        return Traversal(start: start, direction: direction, limit: limit, spans: spans, nodeDistance: nodeDistance)
    }

    /// The edges to follow from a node: all of them, or on the main stem the one(s) of the
    /// same river — or, where the river has none (it ends or starts here), the first.
    private func choose(_ candidates: [Int], mainstemOnly: Bool, river: String) -> [Int] {
        guard mainstemOnly, candidates.count > 1 else { return candidates }
        let same = candidates.filter { reaches[edges[$0].reach].river == river }
        return same.isEmpty ? [candidates[0]] : same
    }

    /// The travelled stretch of a span as a metric line.
    public func geometry(of span: Traversal.Span) -> [Coordinate] {
        line(span.edge).slice(from: span.from, to: span.to)
    }
}
