import GeoKit

/// One edge of a built network with everything a snap, a measure or a navigation needs of
/// it: its reach, its end nodes (numbers and positions), its measures and outlet distance
/// (computed on the whole network), its vertices. The registry stores one per edge, indexed
/// by envelope, so a process that asks about one place builds the network near it from the
/// records an R-tree query returns instead of reading every reach (issue 12: a cold check
/// on 19,905 reaches spent most of its time reading all of them).
public struct NetworkEdgeRecord: Sendable, Equatable {
    /// The edge's number in the whole network. Every number here (edge, reach, nodes) is the
    /// whole network's, so a local network can keep the whole network's order.
    public let number: Int
    /// The edge, numbered as in the whole network (reach and nodes).
    public let edge: NetworkEdge
    public let reach: ReachInfo
    public let startPosition: Coordinate
    public let endPosition: Coordinate
    public let points: [Coordinate]
    public let cumulative: [Double]
    /// The network's node tolerance (metres).
    public let tolerance: Double

    public var envelope: Envelope {
        Envelope(covering: points) ?? Envelope(minX: startPosition.x, minY: startPosition.y, maxX: startPosition.x, maxY: startPosition.y)
    }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.int(number)
        w.int(edge.reach)
        w.int(reach.id.map(Int.init) ?? Int.min)
        w.string(reach.key)
        w.optionalString(reach.code)
        w.string(reach.river)
        w.int(reach.partCount)
        w.int(edge.part)
        w.double(edge.partOffset)
        w.double(edge.length)
        w.int(edge.startNode)
        w.coordinate(startPosition)
        w.int(edge.endNode)
        w.coordinate(endPosition)
        w.double(edge.fromMeasure)
        w.double(edge.toMeasure)
        w.double(edge.outletDistance)
        w.double(tolerance)
        w.int(points.count)
        for p in points { w.coordinate(p) }
        for c in cumulative { w.double(c) }
        return w.data
    }

    /// The record written by ``encoded()``, or nil if the bytes are not exactly one.
    public init?(encoded bytes: UnsafeRawBufferPointer) {
        var r = ByteReader(bytes)
        guard let number = r.int(), number >= 0, let reachNumber = r.int(), reachNumber >= 0, let id = r.int(),
            let key = r.string(), let code = r.optionalString(), let river = r.string(), let partCount = r.int(),
            let part = r.int(), let partOffset = r.double(), let length = r.double(), let startNode = r.int(), startNode >= 0,
            let start = r.coordinate(), let endNode = r.int(), endNode >= 0, let end = r.coordinate(), let from = r.double(),
            let to = r.double(), let outlet = r.double(), let tolerance = r.double(), let count = r.count(minimumBytesEach: 24),
            count >= 2, let points = r.coordinates(count), let cumulative = r.doubles(count), r.isAtEnd
        else { return nil }
        self.number = number
        edge = NetworkEdge(
            reach: reachNumber, part: part, partOffset: partOffset, length: length, startNode: startNode, endNode: endNode,
            fromMeasure: from, toMeasure: to, outletDistance: outlet)
        reach = ReachInfo(id: id == Int.min ? nil : Int64(id), key: key, code: code, river: river, partCount: partCount)
        startPosition = start
        endPosition = end
        self.points = points
        self.cumulative = cumulative
        self.tolerance = tolerance
    }

    init(number: Int, edge: NetworkEdge, reach: ReachInfo, startPosition: Coordinate, endPosition: Coordinate,
         points: [Coordinate], cumulative: [Double], tolerance: Double) {
        self.number = number
        self.edge = edge
        self.reach = reach
        self.startPosition = startPosition
        self.endPosition = endPosition
        self.points = points
        self.cumulative = cumulative
        self.tolerance = tolerance
    }
}

extension RiverNetwork {
    /// Changes whenever ``NetworkEdgeRecord``'s layout or anything the build computes changes;
    /// stored records of another format are rebuilt.
    public static let edgeRecordFormat = 1

    /// One record per edge, in edge order.
    public var edgeRecords: [NetworkEdgeRecord] {
        edges.indices.map { e in
            let edge = edges[e]
            let range = edgeVertices[e]
            return NetworkEdgeRecord(
                number: e, edge: edge, reach: reaches[edge.reach], startPosition: nodes[edge.startNode],
                endPosition: nodes[edge.endNode], points: Array(flatPoints[range]), cumulative: Array(flatCumulative[range]),
                tolerance: tolerance)
        }
    }

    /// The part of a network made of `records`: what the registry reads for the edges near
    /// one place. Edges, reaches and nodes keep the whole network's relative order, so a
    /// snap here breaks ties as the whole network does; measures and outlet distances are
    /// the whole network's. Whoever asks must ask for every edge their question can reach
    /// (a snap: every edge within its search radius; an upstream test: every edge within
    /// its distance); the network knows nothing beyond them, and has no diagnostics.
    public init(records: [NetworkEdgeRecord], metricEPSG: Int) {
        var byNumber: [Int: NetworkEdgeRecord] = [:]
        for record in records { byNumber[record.number] = record }
        let ordered = byNumber.keys.sorted().compactMap { byNumber[$0] }
        let reachNumbers = Set(ordered.map(\.edge.reach)).sorted()
        let localReach = Dictionary(uniqueKeysWithValues: reachNumbers.enumerated().map { ($1, $0) })
        var reachInfo = [ReachInfo?](repeating: nil, count: reachNumbers.count)
        var nodePosition: [Int: Coordinate] = [:]
        for record in ordered {
            reachInfo[localReach[record.edge.reach] ?? 0] = record.reach
            nodePosition[record.edge.startNode] = record.startPosition
            nodePosition[record.edge.endNode] = record.endPosition
        }
        let nodeNumbers = nodePosition.keys.sorted()
        let localNode = Dictionary(uniqueKeysWithValues: nodeNumbers.enumerated().map { ($1, $0) })
        var edges: [NetworkEdge] = []
        var flatPoints: [Coordinate] = []
        var flatCumulative: [Double] = []
        var edgeVertices: [Range<Int>] = []
        for record in ordered {
            let e = record.edge
            edges.append(NetworkEdge(
                reach: localReach[e.reach] ?? 0, part: e.part, partOffset: e.partOffset, length: e.length,
                startNode: localNode[e.startNode] ?? 0, endNode: localNode[e.endNode] ?? 0, fromMeasure: e.fromMeasure,
                toMeasure: e.toMeasure, outletDistance: e.outletDistance))
            edgeVertices.append(flatPoints.count..<(flatPoints.count + record.points.count))
            flatPoints += record.points
            flatCumulative += record.cumulative
        }
        self.init(
            reaches: reachInfo.compactMap { $0 }, edges: edges, flatPoints: flatPoints, flatCumulative: flatCumulative,
            edgeVertices: edgeVertices, nodes: nodeNumbers.compactMap { nodePosition[$0] }, diagnostics: [],
            metricEPSG: metricEPSG, tolerance: ordered.first?.tolerance ?? 1.0)
    }
}
