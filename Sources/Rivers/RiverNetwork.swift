import GeoKit
import OutfallModel

/// The river network built from the `rivers` layer, the way NHDPlus and USGS's NLDI see one:
/// reaches joined where the end of one meets the start of another, digitised in flow
/// direction, each point of it carrying a **measure** (metres along its river from the
/// river's downstream end) and a network distance to the outlet.
///
/// Built in the registry's metric CRS (EPSG:4545 for Liucheng), then immutable and
/// `Sendable`: many threads may snap and navigate on one network at once.
///
/// ## Topics
/// - Building: ``build(reaches:metricEPSG:tolerance:)``
/// - Snapping: ``snap(metric:options:)``, ``snap(_:options:converter:)``
/// - Navigating: ``navigate(from:direction:distance:mainstemOnly:)``
/// - Quality: ``diagnostics``
public struct RiverNetwork: Sendable {
    /// The reaches (features of the rivers layer), in the order given.
    public let reaches: [ReachInfo]
    /// Directed edges: reach parts, split where another line joins them mid-way.
    public let edges: [NetworkEdge]
    /// Node positions (metric).
    public let nodes: [Coordinate]
    let outgoing: [[Int]]
    let incoming: [[Int]]
    let index: EnvelopeIndex
    /// Every edge's vertices and cumulative lengths in two flat arrays, `edgeVertices[e]`
    /// saying where edge `e`'s lie: snapping reads these without retaining per-edge arrays.
    let flatPoints: [Coordinate]
    let flatCumulative: [Double]
    let edgeVertices: [Range<Int>]
    public let diagnostics: [NetworkDiagnostic]
    public let metricEPSG: Int
    /// Line ends closer than this (metres) are one node.
    public let tolerance: Double
    let reachNumbers: [String: Int]
    /// Each reach's edges, in edge order: finding a place on a reach, or snapping to a
    /// pinned reach, looks at that reach only — never at the whole network.
    let reachEdges: [[Int]]

    public var isEmpty: Bool { edges.isEmpty }
    public var outletNodes: [Int] { nodes.indices.filter { outgoing[$0].isEmpty && !incoming[$0].isEmpty } }
    public var confluenceNodes: [Int] { nodes.indices.filter { incoming[$0].count >= 2 } }

    /// Edge `edge`'s geometry (metric). Made on asking from the flat vertex arrays: holding
    /// a line per edge as well cost a cold check on 19,905 reaches 40,000 allocations.
    public func line(_ edge: Int) -> Polyline {
        let range = edgeVertices[edge]
        return Polyline(points: Array(flatPoints[range]), cumulative: Array(flatCumulative[range]))
    }

    /// The point at a place on the network, read from the flat arrays (no line is made).
    public func point(at location: NetworkLocation) -> Coordinate {
        let range = edgeVertices[location.edge]
        return Polyline.point(at: location.along, points: flatPoints[range], cumulative: flatCumulative[range])
    }

    public func outgoingEdges(of node: Int) -> [Int] { outgoing[node] }
    public func incomingEdges(of node: Int) -> [Int] { incoming[node] }
}

/// A feature of the rivers layer as the network knows it.
///
/// Immutable and shared: every snap candidate refers to its reach, and a reference costs one
/// retain where a struct of three strings cost three (measured: 0.1 s and 60 MB less per
/// 100,000 snaps).
public final class ReachInfo: Hashable, Sendable {
    public let id: Int64?
    public let key: String
    public let code: String?
    public let river: String
    /// Number of separate parts after sewing a multi-part line together.
    public let partCount: Int

    public init(id: Int64?, key: String, code: String?, river: String, partCount: Int) {
        self.id = id
        self.key = key
        self.code = code
        self.river = river
        self.partCount = partCount
    }

    /// What users are shown: the provider's reach code, else the registry key.
    public var displayID: String { code ?? key }

    public static func == (a: ReachInfo, b: ReachInfo) -> Bool {
        a.key == b.key && a.id == b.id && a.code == b.code && a.river == b.river && a.partCount == b.partCount
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
    }
}

/// A directed piece of a reach, from its first vertex (upstream) to its last; its geometry
/// is ``RiverNetwork/lines``.
public struct NetworkEdge: Hashable, Sendable {
    public let reach: Int
    public let part: Int
    /// Where this edge starts along its reach part (non-zero when the part was split).
    public let partOffset: Double
    public let length: Double
    public let startNode: Int
    public let endNode: Int
    /// Measure at the edge's upstream and downstream ends (metres from the river's downstream end).
    public internal(set) var fromMeasure: Double
    public internal(set) var toMeasure: Double
    /// Network distance from the edge's downstream end to the outlet.
    public internal(set) var outletDistance: Double
}

/// A position on the network: an edge and a distance along it from its upstream end.
public struct NetworkLocation: Hashable, Sendable {
    public var edge: Int
    public var along: Double

    public init(edge: Int, along: Double) {
        self.edge = edge
        self.along = along
    }
}

public enum NetworkError: Error, Sendable, CustomStringConvertible {
    case geometry(String)
    case crs(CRSError)

    public var description: String {
        switch self {
        case .geometry(let reason): "河网构建失败：\(reason) (network build failed)"
        case .crs(let error): "河网坐标转换失败：\(error)"
        }
    }
}

extension RiverNetwork {
    /// Builds the network from the rivers layer.
    ///
    /// Multi-part reaches are first sewn end-to-start (never reversing a part); parts that
    /// still do not touch are kept as separate parts, each measured on its own — never as if
    /// the gap were river. A line ending on another line's interior (not at a vertex shared
    /// by both) splits it there, so tributaries need not be cut at confluences in the data.
    public static func build(reaches records: [RiverReach], metricEPSG: Int = 4545, tolerance: Double = 1.0) throws(NetworkError) -> RiverNetwork {
        let converter = GeodeticConverter(metricEPSG: metricEPSG)
        let geos = GEOSContext()
        var reaches: [ReachInfo] = []
        var lonLatParts: [(reach: Int, part: Int, coordinates: [Coordinate])] = []
        for (r, record) in records.enumerated() {
            let sewnParts = try sewn(record.geometry, geos: geos)
            reaches.append(ReachInfo(id: record.id, key: record.key, code: record.reachCode, river: record.name, partCount: sewnParts.count))
            for (p, coordinates) in sewnParts.enumerated() { lonLatParts.append((r, p, coordinates)) }
        }
        // One PROJ call for every vertex of the network.
        let metric: [Coordinate]
        do { metric = try converter.toMetric(lonLatParts.flatMap(\.coordinates)) } catch { throw .crs(error) }
        var parts: [(reach: Int, part: Int, line: Polyline)] = []
        var next = 0
        for part in lonLatParts {
            let line = Polyline(Array(metric[next..<(next + part.coordinates.count)]))
            next += part.coordinates.count
            if line.points.count >= 2 { parts.append((part.reach, part.part, line)) }
        }

        var nodeIndex = NodeIndex(tolerance: tolerance)
        var partEnds: [(start: Int, end: Int)] = []
        for part in parts {
            partEnds.append((nodeIndex.node(for: part.line.start), nodeIndex.node(for: part.line.end)))
        }
        let splits = tJunctionSplits(parts: parts.map(\.line), ends: partEnds, nodes: nodeIndex.positions, tolerance: tolerance)

        var edges: [NetworkEdge] = []
        var lines: [Polyline] = []
        func add(_ part: (reach: Int, part: Int, line: Polyline), offset: Double, _ line: Polyline, from: Int, to: Int) {
            edges.append(NetworkEdge(
                reach: part.reach, part: part.part, partOffset: offset, length: line.length, startNode: from, endNode: to,
                fromMeasure: 0, toMeasure: 0, outletDistance: 0))
            lines.append(line)
        }
        for (i, part) in parts.enumerated() {
            let cuts = (splits[i] ?? []).sorted { $0.along < $1.along }
            if cuts.isEmpty {
                add(part, offset: 0, part.line, from: partEnds[i].start, to: partEnds[i].end)
                continue
            }
            var fromAlong = 0.0
            var fromNode = partEnds[i].start
            for cut in cuts + [(along: part.line.length, node: partEnds[i].end)] {
                let piece = Polyline(part.line.slice(from: fromAlong, to: cut.along))
                if piece.points.count >= 2 { add(part, offset: fromAlong, piece, from: fromNode, to: cut.node) }
                fromAlong = cut.along
                fromNode = cut.node
            }
        }

        let nodeCount = nodeIndex.positions.count
        var outgoing = [[Int]](repeating: [], count: nodeCount)
        var incoming = [[Int]](repeating: [], count: nodeCount)
        for (e, edge) in edges.enumerated() {
            outgoing[edge.startNode].append(e)
            incoming[edge.endNode].append(e)
        }
        assignMeasures(&edges, reaches: reaches, incoming: incoming, outgoing: outgoing)
        assignOutletDistances(&edges, incoming: incoming, outgoing: outgoing)

        var lonLatNodes: [Coordinate] = []
        do { lonLatNodes = try converter.fromMetric(nodeIndex.positions) } catch { throw .crs(error) }
        let diagnostics = NetworkDiagnostic.find(
            edges: edges, reaches: reaches, incoming: incoming, outgoing: outgoing, nodeLonLat: lonLatNodes)
        return RiverNetwork(
            reaches: reaches, edges: edges, lines: lines, nodes: nodeIndex.positions, diagnostics: diagnostics,
            metricEPSG: metricEPSG, tolerance: tolerance)
    }

    /// A network from its built facts; everything else (adjacency, spatial index, flat
    /// vertex arrays, lookups by reach) is derived, so a built network and one read back
    /// from the registry's stored index are the same value.
    init(
        reaches: [ReachInfo], edges: [NetworkEdge], lines: [Polyline], nodes: [Coordinate], diagnostics: [NetworkDiagnostic],
        metricEPSG: Int, tolerance: Double
    ) {
        var flatPoints: [Coordinate] = []
        var flatCumulative: [Double] = []
        var edgeVertices: [Range<Int>] = []
        let vertexCount = lines.reduce(0) { $0 + $1.points.count }
        flatPoints.reserveCapacity(vertexCount)
        flatCumulative.reserveCapacity(vertexCount)
        edgeVertices.reserveCapacity(lines.count)
        for line in lines {
            edgeVertices.append(flatPoints.count..<(flatPoints.count + line.points.count))
            flatPoints += line.points
            flatCumulative += line.cumulative
        }
        self.init(
            reaches: reaches, edges: edges, flatPoints: flatPoints, flatCumulative: flatCumulative,
            edgeVertices: edgeVertices, nodes: nodes, diagnostics: diagnostics, metricEPSG: metricEPSG, tolerance: tolerance)
    }

    /// A network from its stored facts, every edge's vertices in two flat arrays (a stored
    /// index).
    init(
        reaches: [ReachInfo], edges: [NetworkEdge], flatPoints: [Coordinate], flatCumulative: [Double], edgeVertices: [Range<Int>],
        nodes: [Coordinate], diagnostics: [NetworkDiagnostic], metricEPSG: Int, tolerance: Double
    ) {
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        var incoming = [[Int]](repeating: [], count: nodes.count)
        var reachEdges = [[Int]](repeating: [], count: reaches.count)
        for (e, edge) in edges.enumerated() {
            outgoing[edge.startNode].append(e)
            incoming[edge.endNode].append(e)
            reachEdges[edge.reach].append(e)
        }
        let envelopes = flatPoints.withUnsafeBufferPointer { points in
            edgeVertices.map { Envelope(covering: UnsafeBufferPointer(rebasing: points[$0])) ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        }
        self.init(
            reaches: reaches, edges: edges, nodes: nodes, outgoing: outgoing, incoming: incoming,
            index: EnvelopeIndex(envelopes: envelopes), flatPoints: flatPoints, flatCumulative: flatCumulative,
            edgeVertices: edgeVertices, diagnostics: diagnostics, metricEPSG: metricEPSG, tolerance: tolerance,
            reachNumbers: Dictionary(reaches.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first }),
            reachEdges: reachEdges)
    }

    /// The parts of a lineal geometry, sewn end-to-start where they meet.
    private static func sewn(_ geometry: Geometry, geos: GEOSContext) throws(NetworkError) -> [[Coordinate]] {
        let parts = geometry.lineParts
        guard parts.count > 1 else { return parts }
        do {
            return try geos.geometry(geometry).lineMergeDirected().value().lineParts
        } catch {
            throw .geometry("\(error)")
        }
    }

    /// Where a line end (a node used by one part only) lies on another part's interior.
    private static func tJunctionSplits(
        parts: [Polyline], ends: [(start: Int, end: Int)], nodes: [Coordinate], tolerance: Double
    ) -> [Int: [(along: Double, node: Int)]] {
        var degree = [Int](repeating: 0, count: nodes.count)
        for end in ends {
            degree[end.start] += 1
            degree[end.end] += 1
        }
        let index = EnvelopeIndex(envelopes: parts.map { $0.envelope.expanded(by: tolerance) })
        var splits: [Int: [(along: Double, node: Int)]] = [:]
        var hits: [Int] = []
        for (node, position) in nodes.enumerated() where degree[node] == 1 {
            hits.removeAll(keepingCapacity: true)
            index.query(Envelope(minX: position.x, minY: position.y, maxX: position.x, maxY: position.y), into: &hits)
            for p in hits where ends[p].start != node && ends[p].end != node {
                let projection = parts[p].project(position)
                guard projection.distance <= tolerance, projection.along > tolerance,
                    projection.along < parts[p].length - tolerance
                else { continue }
                splits[p, default: []].append((projection.along, node))
            }
        }
        return splits
    }

    /// Measures: per river, the shortest distance along that river's own edges to where the
    /// river ends (flows into another river, or leaves the network).
    private static func assignMeasures(_ edges: inout [NetworkEdge], reaches: [ReachInfo], incoming: [[Int]], outgoing: [[Int]]) {
        // Plain arrays: reading `edges[e]` in the loops would copy each edge's geometry.
        let lengths = edges.map(\.length)
        let starts = edges.map(\.startNode)
        let ends = edges.map(\.endNode)
        var riverNumbers: [String: Int] = [:]
        let river = edges.map { edge in
            let name = reaches[edge.reach].river
            if let known = riverNumbers[name] { return known }
            riverNumbers[name] = riverNumbers.count
            return riverNumbers.count - 1
        }
        var edgesByRiver = [[Int]](repeating: [], count: riverNumbers.count)
        for e in edges.indices { edgesByRiver[river[e]].append(e) }
        var measure = [Double](repeating: .infinity, count: outgoing.count)
        var queue = PriorityQueue<Int>()
        for (r, riverEdges) in edgesByRiver.enumerated() {
            var touched: [Int] = []
            for e in riverEdges where !outgoing[ends[e]].contains(where: { river[$0] == r }) {
                if measure[ends[e]] != 0 { touched.append(ends[e]) }
                measure[ends[e]] = 0
                queue.push(0, ends[e])
            }
            while let (d, node) = queue.pop() {
                guard d <= measure[node] else { continue }
                for e in incoming[node] where river[e] == r {
                    let candidate = d + lengths[e]
                    if candidate < measure[starts[e]] {
                        if measure[starts[e]] == .infinity { touched.append(starts[e]) }
                        measure[starts[e]] = candidate
                        queue.push(candidate, starts[e])
                    }
                }
            }
            for e in riverEdges {
                let to = measure[ends[e]].isFinite ? measure[ends[e]] : 0
                edges[e].toMeasure = to
                edges[e].fromMeasure = to + lengths[e]
            }
            // Nodes are shared between rivers: reset the ones this river set.
            for node in touched { measure[node] = .infinity }
        }
    }

    /// Shortest network distance from each edge's downstream end to any outlet.
    private static func assignOutletDistances(_ edges: inout [NetworkEdge], incoming: [[Int]], outgoing: [[Int]]) {
        let lengths = edges.map(\.length)
        let starts = edges.map(\.startNode)
        var distance = [Double](repeating: .infinity, count: outgoing.count)
        var queue = PriorityQueue<Int>()
        for node in outgoing.indices where outgoing[node].isEmpty && !incoming[node].isEmpty {
            distance[node] = 0
            queue.push(0, node)
        }
        while let (d, node) = queue.pop() {
            guard d <= distance[node] else { continue }
            for e in incoming[node] {
                let candidate = d + lengths[e]
                if candidate < distance[starts[e]] {
                    distance[starts[e]] = candidate
                    queue.push(candidate, starts[e])
                }
            }
        }
        for e in edges.indices { edges[e].outletDistance = distance[edges[e].endNode] }
    }

    /// The location of a point `along` metres into part `part` of reach `reach`.
    public func location(reach: Int, part: Int, along: Double) -> NetworkLocation? {
        guard reachEdges.indices.contains(reach) else { return nil }
        var fallback: NetworkLocation?
        for e in reachEdges[reach] where edges[e].part == part {
            let edge = edges[e]
            let local = along - edge.partOffset
            if local >= -1e-6 && local <= edge.length + 1e-6 { return NetworkLocation(edge: e, along: min(max(local, 0), edge.length)) }
            if fallback == nil { fallback = NetworkLocation(edge: e, along: 0) }
        }
        return fallback
    }

    /// Index of the reach with registry key `key`.
    public func reachIndex(key: String) -> Int? {
        reachNumbers[key]
    }

    /// Measure (metres from the river's downstream end) at a location.
    public func measure(at location: NetworkLocation) -> Double {
        let edge = edges[location.edge]
        return edge.toMeasure + (edge.length - location.along)
    }

    /// Network distance from a location to the outlet.
    public func outletDistance(at location: NetworkLocation) -> Double {
        let edge = edges[location.edge]
        return edge.outletDistance + (edge.length - location.along)
    }
}
