/// A static R-tree over envelopes, packed Sort-Tile-Recursive (as GEOS's STRtree), built
/// once and then only read.
///
/// GEOS's ``STRtree`` needs a context and a C callback per query and must not be shared
/// between threads; this index is immutable pure Swift, so the river network and the siting
/// check query one copy from every core at once.
public struct EnvelopeIndex: Sendable {
    private struct Node: Sendable {
        var envelope: Envelope
        /// Children: indices into `nodes` for inner nodes, item numbers for leaves.
        var children: Range<Int>
        var isLeaf: Bool
    }

    private var nodes: [Node] = []
    private var leafItems: [Int] = []
    private var itemEnvelopes: [Envelope] = []
    private var root: Int?
    static let capacity = 16

    public init(envelopes: [Envelope]) {
        guard !envelopes.isEmpty else { return }
        itemEnvelopes = envelopes
        // Leaves: items sorted into vertical slices by x, then by y within each slice.
        var items = Array(envelopes.indices)
        let leafCount = (items.count + Self.capacity - 1) / Self.capacity
        let sliceCount = Int(Double(leafCount).squareRoot().rounded(.up))
        let perSlice = sliceCount * Self.capacity
        items.sort { envelopes[$0].center.x < envelopes[$1].center.x }
        var ordered: [Int] = []
        ordered.reserveCapacity(items.count)
        for start in stride(from: 0, to: items.count, by: perSlice) {
            let slice = items[start..<min(start + perSlice, items.count)].sorted { envelopes[$0].center.y < envelopes[$1].center.y }
            ordered += slice
        }
        leafItems = ordered
        var level: [Int] = []
        for start in stride(from: 0, to: ordered.count, by: Self.capacity) {
            let range = start..<min(start + Self.capacity, ordered.count)
            var e = envelopes[ordered[range.lowerBound]]
            for k in range { e.expand(toInclude: envelopes[ordered[k]]) }
            nodes.append(Node(envelope: e, children: range, isLeaf: true))
            level.append(nodes.count - 1)
        }
        // Upper levels: consecutive nodes of the level below, which are already spatially sorted.
        while level.count > 1 {
            var next: [Int] = []
            for start in stride(from: 0, to: level.count, by: Self.capacity) {
                let range = level[start]..<(level[min(start + Self.capacity, level.count) - 1] + 1)
                var e = nodes[range.lowerBound].envelope
                for k in range { e.expand(toInclude: nodes[k].envelope) }
                nodes.append(Node(envelope: e, children: range, isLeaf: false))
                next.append(nodes.count - 1)
            }
            level = next
        }
        root = level.first
    }

    public var isEmpty: Bool { root == nil }

    /// Appends to `result` the number of every item whose envelope intersects `envelope`.
    /// No closure and no captured state: the hot path of snapping and screening.
    public func query(_ envelope: Envelope, into result: inout [Int]) {
        var visited = 0
        query(envelope, into: &result, visited: &visited)
    }

    /// ``query(_:into:)``, adding to `visited` the number of tree nodes entered (those whose
    /// envelope meets the query): how tests show that a lookup's work grows with the tree's
    /// depth and what is near, not with the tree's size.
    public func query(_ envelope: Envelope, into result: inout [Int], visited: inout Int) {
        guard let root else { return }
        var stack: [Int] = [root]
        stack.reserveCapacity(32)
        while let n = stack.popLast() {
            let node = nodes[n]
            guard node.envelope.intersects(envelope) else { continue }
            visited += 1
            if node.isLeaf {
                for k in node.children where itemEnvelopes[leafItems[k]].intersects(envelope) { result.append(leafItems[k]) }
            } else {
                for child in node.children { stack.append(child) }
            }
        }
    }
}
