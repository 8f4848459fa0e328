import GeoKit

/// A line in a metric CRS with its cumulative vertex distances: the linear-referencing
/// workhorse (Shapely's `project`/`interpolate`, but also telling which side a point lies on).
///
/// Pure Swift on purpose: snapping calls it millions of times, from several threads at once.
public struct Polyline: Hashable, Sendable {
    public let points: [Coordinate]
    /// Distance from the first vertex to vertex `i`.
    public let cumulative: [Double]

    /// Consecutive duplicate vertices are dropped: they carry no direction.
    public init(_ coordinates: [Coordinate]) {
        var points: [Coordinate] = []
        points.reserveCapacity(coordinates.count)
        for c in coordinates where points.last != c { points.append(c) }
        var cumulative = [0.0]
        cumulative.reserveCapacity(points.count)
        for i in points.indices.dropFirst() { cumulative.append(cumulative[i - 1] + points[i - 1].planarDistance(to: points[i])) }
        self.points = points
        self.cumulative = cumulative
    }

    /// A line whose vertices and cumulative distances were computed before (a stored
    /// network index): taken as they are, so a network read back equals the one built.
    init(points: [Coordinate], cumulative: [Double]) {
        self.points = points
        self.cumulative = cumulative
    }

    public var length: Double { cumulative.last ?? 0 }
    public var start: Coordinate { points[0] }
    public var end: Coordinate { points[points.count - 1] }

    public var envelope: Envelope {
        Envelope(covering: points) ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
    }

    /// Where a point projects onto the line.
    public struct Projection: Hashable, Sendable {
        /// Distance from the point to the line.
        public var distance: Double
        /// Distance along the line from its first vertex to the nearest point.
        public var along: Double
        /// The nearest point on the line.
        public var point: Coordinate
        /// Which side of the line, looking along it; nil when the point is on the line.
        public var side: Side?
    }

    public enum Side: String, Sendable {
        case left, right
    }

    /// The nearest point of the line to `p`. Ties go to the first segment, so a point
    /// nearest to a vertex is judged at that vertex.
    public func project(_ p: Coordinate) -> Projection {
        points.withUnsafeBufferPointer { points in
            cumulative.withUnsafeBufferPointer { cumulative in
                Self.project(p, points: points, cumulative: cumulative, range: 0..<points.count)
            }
        }
    }

    /// The projection on the vertices `range` of flat buffers; `along` counts from the
    /// range's first vertex. Shared by ``project(_:)`` and the network's flat copy of all
    /// edges, which snaps without touching a reference count.
    static func project(
        _ p: Coordinate, points: UnsafeBufferPointer<Coordinate>, cumulative: UnsafeBufferPointer<Double>, range: Range<Int>
    ) -> Projection {
        let first = range.lowerBound
        guard range.count > 1 else {
            return Projection(distance: p.planarDistance(to: points[first]), along: 0, point: points[first], side: nil)
        }
        var bestSquared = Double.infinity
        var bestSegment = first
        var bestT = 0.0
        for i in first..<(range.upperBound - 1) {
            let a = points[i]
            let b = points[i + 1]
            let dx = b.x - a.x
            let dy = b.y - a.y
            let lengthSquared = dx * dx + dy * dy
            var t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared
            t = t < 0 ? 0 : (t > 1 ? 1 : t)
            let qx = a.x + t * dx - p.x
            let qy = a.y + t * dy - p.y
            let squared = qx * qx + qy * qy
            if squared < bestSquared {
                bestSquared = squared
                bestSegment = i
                bestT = t
            }
        }
        let a = points[bestSegment]
        let b = points[bestSegment + 1]
        let nearest = Coordinate(x: a.x + bestT * (b.x - a.x), y: a.y + bestT * (b.y - a.y))
        let along = cumulative[bestSegment] - cumulative[first] + bestT * (cumulative[bestSegment + 1] - cumulative[bestSegment])
        let distance = bestSquared.squareRoot()
        let side = distance > 1e-9 ? side(of: p, points: points, range: range, segment: bestSegment, t: bestT) : nil
        return Projection(distance: distance, along: along, point: nearest, side: side)
    }

    /// The side is judged against the line's direction at the nearest point; at a vertex,
    /// against the bisector of the two segments meeting there, which gives the right answer
    /// on both the inside and the outside of a bend.
    private static func side(
        of p: Coordinate, points: UnsafeBufferPointer<Coordinate>, range: Range<Int>, segment i: Int, t: Double
    ) -> Side? {
        func direction(_ k: Int) -> (Double, Double) {
            let dx = points[k + 1].x - points[k].x
            let dy = points[k + 1].y - points[k].y
            let n = (dx * dx + dy * dy).squareRoot()
            return (dx / n, dy / n)
        }
        var (tx, ty) = direction(i)
        var anchor = points[i]
        if t >= 1, i + 2 < range.upperBound {
            let next = direction(i + 1)
            if abs(tx + next.0) + abs(ty + next.1) > 1e-12 { (tx, ty) = (tx + next.0, ty + next.1) }
            anchor = points[i + 1]
        } else if t <= 0, i > range.lowerBound {
            let previous = direction(i - 1)
            if abs(tx + previous.0) + abs(ty + previous.1) > 1e-12 { (tx, ty) = (tx + previous.0, ty + previous.1) }
        }
        let cross = tx * (p.y - anchor.y) - ty * (p.x - anchor.x)
        if cross > 0 { return .left }
        if cross < 0 { return .right }
        return nil
    }

    /// The point `along` metres from the first vertex (clamped to the line).
    public func point(at along: Double) -> Coordinate {
        Self.point(at: along, points: points[...], cumulative: cumulative[...])
    }

    /// The point `along` metres from the start of a line given as its vertices and their
    /// cumulative distances. Slices, so the network can interpolate on its flat arrays
    /// without copying an edge out first (screening asks once per outfall).
    static func point(at along: Double, points: ArraySlice<Coordinate>, cumulative: ArraySlice<Double>) -> Coordinate {
        let first = points.startIndex
        let last = points.endIndex - 1
        if along <= 0 { return points[first] }
        if along >= cumulative[cumulative.endIndex - 1] { return points[last] }
        let shift = cumulative.startIndex - first
        var low = first
        var high = last
        while high - low > 1 {
            let mid = (low + high) / 2
            if cumulative[mid + shift] <= along { low = mid } else { high = mid }
        }
        let span = cumulative[high + shift] - cumulative[low + shift]
        let t = span > 0 ? (along - cumulative[low + shift]) / span : 0
        let a = points[low]
        let b = points[high]
        return Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
    }

    /// The part of the line between two distances along it (in line order).
    public func slice(from: Double, to: Double) -> [Coordinate] {
        let a = max(0, min(from, to))
        let b = min(length, max(from, to))
        var result = [point(at: a)]
        for (i, d) in cumulative.enumerated() where d > a && d < b { result.append(points[i]) }
        let last = point(at: b)
        if result.count == 1 || result.last != last { result.append(last) }
        if result.count == 1 { result.append(last) }
        return result
    }
}
