import GeoKit

/// Merges line ends that lie within `tolerance` of each other into one network node,
/// using a grid of tolerance-sized cells.
struct NodeIndex {
    let tolerance: Double
    private(set) var positions: [Coordinate] = []
    private var cells: [Cell: [Int]] = [:]

    private struct Cell: Hashable {
        var x: Int
        var y: Int
    }

    init(tolerance: Double) {
        self.tolerance = max(tolerance, 1e-9)
    }

    private func cell(_ c: Coordinate) -> Cell {
        Cell(x: Int((c.x / tolerance).rounded(.down)), y: Int((c.y / tolerance).rounded(.down)))
    }

    /// The node within tolerance of `c`, or nil.
    func node(near c: Coordinate) -> Int? {
        let home = cell(c)
        var best: (node: Int, distance: Double)?
        for dx in -1...1 {
            for dy in -1...1 {
                for n in cells[Cell(x: home.x + dx, y: home.y + dy)] ?? [] {
                    let d = positions[n].planarDistance(to: c)
                    if d <= tolerance, d < (best?.distance ?? .infinity) { best = (n, d) }
                }
            }
        }
        return best?.node
    }

    /// The node for `c`: an existing one within tolerance, or a new one.
    mutating func node(for c: Coordinate) -> Int {
        if let existing = node(near: c) { return existing }
        positions.append(c)
        cells[cell(c), default: []].append(positions.count - 1)
        return positions.count - 1
    }
}
