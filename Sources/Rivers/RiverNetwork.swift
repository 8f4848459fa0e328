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
    let index: EdgeIndex
    public let diagnostics: [NetworkDiagnostic]
    public let metricEPSG: Int
    /// Line ends closer than this (metres) are one node.
    public let tolerance: Double

    public var isEmpty: Bool { edges.isEmpty }
    public var outletNodes: [Int] { nodes.indices.filter { outgoing[$0].isEmpty && !incoming[$0].isEmpty } }
    public var confluenceNodes: [Int] { nodes.indices.filter { incoming[$0].count >= 2 } }

    public func outgoingEdges(of node: Int) -> [Int] { outgoing[node] }
    public func incomingEdges(of node: Int) -> [Int] { incoming[node] }
}

/// A feature of the rivers layer as the network knows it.
public struct ReachInfo: Hashable, Sendable {
    public var id: Int64?
    public var key: String
    public var code: String?
    public var river: String
    /// Number of separate parts after sewing a multi-part line together.
    public var partCount: Int
    /// What users are shown: the provider's reach code, else the registry key.
    public var displayID: String { code ?? key }
}

/// A directed piece of a reach, from its first vertex (upstream) to its last.
public struct NetworkEdge: Hashable, Sendable {
    public let reach: Int
    public let part: Int
    /// Where this edge starts along its reach part (non-zero when the part was split).
    public let partOffset: Double
    public let line: Polyline
    public let startNode: Int
    public let endNode: Int
    /// Measure at the edge's upstream and downstream ends (metres from the river's downstream end).
    public internal(set) var fromMeasure: Double
    public internal(set) var toMeasure: Double
    /// Network distance from the edge's downstream end to the outlet.
    public internal(set) var outletDistance: Double

    public var length: Double { line.length }
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
        var parts: [(reach: Int, part: Int, line: Polyline)] = []
        for (r, record) in records.enumerated() {
            let lonLatParts = try sewn(record.geometry, geos: geos)
            reaches.append(ReachInfo(id: record.id, key: record.key, code: record.reachCode, river: record.name, partCount: lonLatParts.count))
            for (p, coordinates) in lonLatParts.enumerated() {
                let metric: [Coordinate]
                do { metric = try converter.toMetric(coordinates) } catch { throw .crs(error) }
                let line = Polyline(metric)
                if line.points.count >= 2 { parts.append((r, p, line)) }
            }
        }

        var nodeIndex = NodeIndex(tolerance: tolerance)
        var partEnds: [(start: Int, end: Int)] = []
        for part in parts {
            partEnds.append((nodeIndex.node(for: part.line.start), nodeIndex.node(for: part.line.end)))
        }
        let splits = tJunctionSplits(parts: parts.map(\.line), ends: partEnds, nodes: nodeIndex.positions, tolerance: tolerance)

        var edges: [NetworkEdge] = []
        for (i, part) in parts.enumerated() {
            let cuts = (splits[i] ?? []).sorted { $0.along < $1.along }
            var fromAlong = 0.0
            var fromNode = partEnds[i].start
            for cut in cuts + [(along: part.line.length, node: partEnds[i].end)] {
                let piece = Polyline(part.line.slice(from: fromAlong, to: cut.along))
                if piece.points.count >= 2 {
                    edges.append(NetworkEdge(
                        reach: part.reach, part: part.part, partOffset: fromAlong, line: piece, startNode: fromNode, endNode: cut.node,
                        fromMeasure: 0, toMeasure: 0, outletDistance: 0))
                }
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
            reaches: reaches, edges: edges, nodes: nodeIndex.positions, outgoing: outgoing, incoming: incoming,
            index: EdgeIndex(envelopes: edges.map(\.line.envelope)), diagnostics: diagnostics, metricEPSG: metricEPSG,
            tolerance: tolerance)
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
        let index = EdgeIndex(envelopes: parts.map { $0.envelope.expanded(by: tolerance) })
        var splits: [Int: [(along: Double, node: Int)]] = [:]
        for (node, position) in nodes.enumerated() where degree[node] == 1 {
            index.query(Envelope(minX: position.x, minY: position.y, maxX: position.x, maxY: position.y)) { p in
                guard ends[p].start != node, ends[p].end != node else { return }
                let projection = parts[p].project(position)
                guard projection.distance <= tolerance, projection.along > tolerance,
                    projection.along < parts[p].length - tolerance
                else { return }
                splits[p, default: []].append((projection.along, node))
            }
        }
        return splits
    }

    /// Measures: per river, the shortest distance along that river's own edges to where the
    /// river ends (flows into another river, or leaves the network).
    private static func assignMeasures(_ edges: inout [NetworkEdge], reaches: [ReachInfo], incoming: [[Int]], outgoing: [[Int]]) {
        var edgesByRiver: [String: [Int]] = [:]
        for (e, edge) in edges.enumerated() { edgesByRiver[reaches[edge.reach].river, default: []].append(e) }
        for (river, riverEdges) in edgesByRiver {
            func onRiver(_ e: Int) -> Bool { reaches[edges[e].reach].river == river }
            var measure: [Int: Double] = [:]
            var queue = PriorityQueue<Int>()
            for e in riverEdges where !outgoing[edges[e].endNode].contains(where: onRiver) {
                measure[edges[e].endNode] = 0
                queue.push(0, edges[e].endNode)
            }
            while let (d, node) = queue.pop() {
                guard d <= measure[node] ?? .infinity else { continue }
                for e in incoming[node] where onRiver(e) {
                    let candidate = d + edges[e].length
                    if candidate < measure[edges[e].startNode] ?? .infinity {
                        measure[edges[e].startNode] = candidate
                        queue.push(candidate, edges[e].startNode)
                    }
                }
            }
            for e in riverEdges {
                let to = measure[edges[e].endNode] ?? 0
                edges[e].toMeasure = to
                edges[e].fromMeasure = to + edges[e].length
            }
        }
    }

    /// Shortest network distance from each edge's downstream end to any outlet.
    private static func assignOutletDistances(_ edges: inout [NetworkEdge], incoming: [[Int]], outgoing: [[Int]]) {
        var distance = [Double](repeating: .infinity, count: outgoing.count)
        var queue = PriorityQueue<Int>()
        for node in outgoing.indices where outgoing[node].isEmpty && !incoming[node].isEmpty {
            distance[node] = 0
            queue.push(0, node)
        }
        while let (d, node) = queue.pop() {
            guard d <= distance[node] else { continue }
            for e in incoming[node] {
                let candidate = d + edges[e].length
                if candidate < distance[edges[e].startNode] {
                    distance[edges[e].startNode] = candidate
                    queue.push(candidate, edges[e].startNode)
                }
            }
        }
        for e in edges.indices { edges[e].outletDistance = distance[edges[e].endNode] }
    }

    /// The location of a point `along` metres into part `part` of reach `reach`.
    public func location(reach: Int, part: Int, along: Double) -> NetworkLocation? {
        var fallback: NetworkLocation?
        for (e, edge) in edges.enumerated() where edge.reach == reach && edge.part == part {
            let local = along - edge.partOffset
            if local >= -1e-6 && local <= edge.length + 1e-6 { return NetworkLocation(edge: e, along: min(max(local, 0), edge.length)) }
            if fallback == nil { fallback = NetworkLocation(edge: e, along: 0) }
        }
        return fallback
    }

    /// Index of the reach with registry key `key`.
    public func reachIndex(key: String) -> Int? {
        reaches.firstIndex { $0.key == key }
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
