import GeoKit

/// The built network as bytes, so that a process can read it back instead of rebuilding it
/// (the registry stores it once per version of the rivers layer, as NHDPlus stores its
/// path lengths and measures). Only the facts are stored — reaches, edges with their
/// measures and outlet distances, vertices, nodes, diagnostics; adjacency and the spatial
/// index are derived on reading, which costs milliseconds.
///
/// Little-endian, length-prefixed. Reading checks every count against the bytes left and
/// every reference against what it refers to: a damaged index is refused (and rebuilt by
/// the caller), never half-read.
extension RiverNetwork {
    /// Changes whenever the layout or anything the build computes changes; a stored index of
    /// another format is rebuilt. Format 2 keeps every vertex in one block (read with one
    /// copy, not 900,000 field reads: a cold check on 19,905 reaches spent most of its time
    /// decoding format 1).
    public static let indexFormat = 2
    private static let magic: [UInt8] = Array("ORNI".utf8)

    public func encodedIndex() -> [UInt8] {
        var w = ByteWriter()
        w.bytes(Self.magic)
        w.int(Self.indexFormat)
        w.int(metricEPSG)
        w.double(tolerance)
        w.int(reaches.count)
        for r in reaches {
            w.int(r.id.map(Int.init) ?? Int.min)
            w.string(r.key)
            w.optionalString(r.code)
            w.string(r.river)
            w.int(r.partCount)
        }
        w.int(nodes.count)
        for n in nodes { w.coordinate(n) }
        w.int(edges.count)
        for (e, edge) in edges.enumerated() {
            w.int(edge.reach)
            w.int(edge.part)
            w.double(edge.partOffset)
            w.double(edge.length)
            w.int(edge.startNode)
            w.int(edge.endNode)
            w.double(edge.fromMeasure)
            w.double(edge.toMeasure)
            w.double(edge.outletDistance)
            w.int(edgeVertices[e].count)
        }
        // Every edge's vertices, then every edge's cumulative lengths, in edge order.
        w.int(flatPoints.count)
        for p in flatPoints { w.coordinate(p) }
        for c in flatCumulative { w.double(c) }
        w.int(diagnostics.count)
        for d in diagnostics {
            w.string(d.kind.rawValue)
            w.int(d.reaches.count)
            for r in d.reaches { w.string(r) }
            w.coordinate(d.location)
        }
        return w.data
    }

    /// The network stored by ``encodedIndex()``, or nil if the bytes are not a complete index
    /// of this format.
    public init?(index bytes: [UInt8]) {
        guard let network = bytes.withUnsafeBytes({ RiverNetwork(index: $0) }) else { return nil }
        self = network
    }

    /// As ``init(index:)-([UInt8])``, reading the bytes where they lie (SQLite's buffer: an
    /// index of 19,905 reaches is 11 MB, and copying it first was a tenth of a cold check).
    public init?(index bytes: UnsafeRawBufferPointer) {
        var r = ByteReader(bytes)
        guard r.bytes(Self.magic.count) == Self.magic, r.int() == Self.indexFormat,
            let epsg = r.int(), let tolerance = r.double(), let reachCount = r.count(minimumBytesEach: 33)
        else { return nil }
        var reaches: [ReachInfo] = []
        reaches.reserveCapacity(reachCount)
        for _ in 0..<reachCount {
            guard let id = r.int(), let key = r.string(), let code = r.optionalString(), let river = r.string(),
                let parts = r.int()
            else { return nil }
            reaches.append(ReachInfo(id: id == Int.min ? nil : Int64(id), key: key, code: code, river: river, partCount: parts))
        }
        guard let nodeCount = r.count(minimumBytesEach: 16), let nodes = r.coordinates(nodeCount),
            let edgeCount = r.count(minimumBytesEach: 80)
        else { return nil }
        var edges: [NetworkEdge] = []
        var edgeVertices: [Range<Int>] = []
        edges.reserveCapacity(edgeCount)
        edgeVertices.reserveCapacity(edgeCount)
        var vertexTotal = 0
        for _ in 0..<edgeCount {
            guard let reach = r.int(), reaches.indices.contains(reach), let part = r.int(), let offset = r.double(),
                let length = r.double(), let start = r.int(), nodes.indices.contains(start), let end = r.int(),
                nodes.indices.contains(end), let from = r.double(), let to = r.double(), let outlet = r.double(),
                let vertexCount = r.int(), vertexCount >= 2, vertexCount <= r.remaining / 24
            else { return nil }
            edges.append(NetworkEdge(
                reach: reach, part: part, partOffset: offset, length: length, startNode: start, endNode: end,
                fromMeasure: from, toMeasure: to, outletDistance: outlet))
            edgeVertices.append(vertexTotal..<(vertexTotal + vertexCount))
            vertexTotal += vertexCount
        }
        guard r.int() == vertexTotal, let points = r.coordinates(vertexTotal), let cumulative = r.doubles(vertexTotal),
            let diagnosticCount = r.count(minimumBytesEach: 32)
        else { return nil }
        var diagnostics: [NetworkDiagnostic] = []
        for _ in 0..<diagnosticCount {
            guard let kindName = r.string(), let kind = NetworkDiagnostic.Kind(rawValue: kindName),
                let names = r.count(minimumBytesEach: 8)
            else { return nil }
            var list: [String] = []
            for _ in 0..<names {
                guard let name = r.string() else { return nil }
                list.append(name)
            }
            guard let location = r.coordinate() else { return nil }
            diagnostics.append(NetworkDiagnostic(kind: kind, reaches: list, location: location))
        }
        guard r.isAtEnd else { return nil }
        self.init(
            reaches: reaches, edges: edges, flatPoints: points, flatCumulative: cumulative, edgeVertices: edgeVertices,
            nodes: nodes, diagnostics: diagnostics, metricEPSG: epsg, tolerance: tolerance)
    }
}
