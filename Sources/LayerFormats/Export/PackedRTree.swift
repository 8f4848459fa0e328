import GeoKit

/// The nodes of a SQLite R*Tree (`CREATE VIRTUAL TABLE … USING rtree(id, minx, maxx, miny,
/// maxy)`), packed by sort-tile-recursive from all entries at once, in SQLite's own storage
/// format — so a GeoPackage's spatial index is written as rows instead of built by 100,000
/// R*Tree insertions (which took twice as long as writing the features themselves).
///
/// The format (sqlite/ext/rtree/rtree.c): node 1 is the root; each node is a blob of
/// `nodeSize` bytes — a big-endian 16-bit tree depth (read from the root only), a 16-bit cell
/// count, then cells of a 64-bit id (row id in leaves, child node number above) and four
/// 32-bit floats, min rounded down and max rounded up. `_parent` maps every other node to its
/// parent and `_rowid` every row to its leaf. `SELECT rtreecheck(…)` verifies all of it.
struct PackedRTree {
    struct Node {
        var number: Int64
        var blob: [UInt8]
    }

    /// Two dimensions at a 4096-byte page: SQLite caps a node at 51 cells, 4 + 51 × 24 bytes.
    static let maxCells = 51
    static let nodeSize = 4 + maxCells * 24

    private(set) var nodes: [Node] = []
    private(set) var parents: [(node: Int64, parent: Int64)] = []
    private(set) var rowLeaves: [(row: Int64, leaf: Int64)] = []

    private struct Cell {
        var id: Int64
        var minX, maxX, minY, maxY: Float
        var centreX: Float { (minX + maxX) / 2 }
        var centreY: Float { (minY + maxY) / 2 }
    }

    init(_ entries: [(Int64, Envelope)]) {
        guard !entries.isEmpty else { return }
        var level = entries.map { id, e in
            Cell(id: id, minX: Self.down(e.minX), maxX: Self.up(e.maxX), minY: Self.down(e.minY), maxY: Self.up(e.maxY))
        }
        var nextNumber: Int64 = 2
        var depth = 0
        // Children of the nodes made at the level below, to fill in their parent afterwards.
        while true {
            let groups = Self.tiles(level)
            let isRoot = groups.count == 1
            var made: [Cell] = []
            for group in groups {
                let number = isRoot ? 1 : nextNumber
                if !isRoot { nextNumber += 1 }
                nodes.append(Node(number: number, blob: Self.blob(group, depth: isRoot ? depth : 0)))
                for cell in group {
                    if depth == 0 { rowLeaves.append((cell.id, number)) } else { parents.append((cell.id, number)) }
                }
                made.append(
                    Cell(
                        id: number, minX: group.map(\.minX).min() ?? 0, maxX: group.map(\.maxX).max() ?? 0,
                        minY: group.map(\.minY).min() ?? 0, maxY: group.map(\.maxY).max() ?? 0))
            }
            if isRoot { break }
            level = made
            depth += 1
        }
    }

    /// Sort-tile-recursive grouping: vertical slices by x, then runs of `maxCells` by y.
    private static func tiles(_ cells: [Cell]) -> [[Cell]] {
        if cells.count <= maxCells { return [cells] }
        let nodeCount = (cells.count + maxCells - 1) / maxCells
        let sliceCount = Int(Double(nodeCount).squareRoot().rounded(.up))
        let sliceSize = sliceCount * maxCells
        let byX = cells.sorted { $0.centreX < $1.centreX }
        var groups: [[Cell]] = []
        var start = 0
        while start < byX.count {
            let slice = byX[start..<min(byX.count, start + sliceSize)].sorted { $0.centreY < $1.centreY }
            var i = 0
            while i < slice.count {
                groups.append(Array(slice[i..<min(slice.count, i + maxCells)]))
                i += maxCells
            }
            start += sliceSize
        }
        return groups
    }

    private static func blob(_ cells: [Cell], depth: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(nodeSize)
        append(UInt16(depth), &out)
        append(UInt16(cells.count), &out)
        for cell in cells {
            withUnsafeBytes(of: cell.id.bigEndian) { out.append(contentsOf: $0) }
            for value in [cell.minX, cell.maxX, cell.minY, cell.maxY] {
                withUnsafeBytes(of: value.bitPattern.bigEndian) { out.append(contentsOf: $0) }
            }
        }
        out.append(contentsOf: repeatElement(0, count: nodeSize - out.count))
        return out
    }

    private static func append(_ value: UInt16, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    /// SQLite's rounding of a bound to 32 bits: a box may grow, never shrink.
    static func down(_ d: Double) -> Float {
        let f = Float(d)
        return Double(f) > d ? Float(d * (d < 0 ? 1 + 1 / 8_388_608 : 1 - 1 / 8_388_608)) : f
    }

    static func up(_ d: Double) -> Float {
        let f = Float(d)
        return Double(f) < d ? Float(d * (d < 0 ? 1 - 1 / 8_388_608 : 1 + 1 / 8_388_608)) : f
    }
}
