import Dispatch
import Foundation
import GeoKit

/// How to snap a point to the network.
public struct SnapOptions: Hashable, Sendable {
    /// Farther than this (metres) from every reach, a point does not snap (`too_far`).
    public var maxDistance: Double = 500
    /// A second candidate within this many metres of the best makes the snap `ambiguous`.
    public var ambiguityMargin: Double = 10
    /// How far to look for the nearest reach to report when a point is too far.
    public var searchRadius: Double = 10_000

    public init(maxDistance: Double = 500, ambiguityMargin: Double = 10, searchRadius: Double = 10_000) {
        self.maxDistance = maxDistance
        self.ambiguityMargin = ambiguityMargin
        self.searchRadius = max(searchRadius, maxDistance)
    }

    /// How far from the point a snap with these options looks: the network within this
    /// distance of it answers the snap as the whole network does.
    public var radius: Double { max(maxDistance, searchRadius) }
}

/// What snaps looked at, added up: spatial-index nodes visited and edges projected onto.
public struct SnapWork: Hashable, Sendable {
    public var indexNodes = 0
    public var edgesProjected = 0

    public init() {}
}

/// Where a point meets the network, as EPA's point indexing reports it.
public struct SnapResult: Hashable, Sendable {
    public enum Status: String, Sendable {
        /// One reach, clearly nearest, within the maximum distance.
        case ok
        /// Another reach is nearly as near (a confluence, parallel channels): a person decides.
        case ambiguous
        /// The nearest reach is beyond the maximum distance; `best` says which and how far.
        case tooFar = "too_far"
        /// No reach anywhere near.
        case none
    }

    public var status: Status
    /// The chosen reach (the nearest), or for `too_far` the nearest beyond reach.
    public var best: SnapCandidate?
    /// The other reaches within the maximum distance, nearest first.
    public var candidates: [SnapCandidate]
    /// Set when a person pinned the reach rather than the nearest being taken.
    public var pinned: Bool

    public init(status: Status, best: SnapCandidate?, candidates: [SnapCandidate], pinned: Bool = false) {
        self.status = status
        self.best = best
        self.candidates = candidates
        self.pinned = pinned
    }
}

/// One reach a point could belong to.
public struct SnapCandidate: Hashable, Sendable {
    public var location: NetworkLocation
    public var reach: ReachInfo
    public var reachIndex: Int
    public var part: Int
    /// Metres along the reach part from its upstream end.
    public var alongPart: Double
    /// Metres along the river from its downstream end (NHDPlus/NLDI measure).
    public var measure: Double
    /// Distance from the point to the centreline.
    public var offset: Double
    /// Which bank, looking downstream; nil on the centreline.
    public var bank: Polyline.Side?
    /// The snapped point on the centreline, metric.
    public var snappedMetric: Coordinate
    /// The snapped point, CGCS2000 lon/lat (filled by the lon/lat entry points).
    public var snapped: Coordinate?
    /// Network distance from the snapped point to the outlet.
    public var outletDistance: Double

    public var river: String { reach.river }
}

extension RiverNetwork {
    private func candidate(edge e: Int, projection: Polyline.Projection) -> SnapCandidate {
        let edge = edges[e]
        let location = NetworkLocation(edge: e, along: projection.along)
        return SnapCandidate(
            location: location, reach: reaches[edge.reach], reachIndex: edge.reach, part: edge.part,
            alongPart: edge.partOffset + projection.along, measure: measure(at: location), offset: projection.distance,
            bank: projection.side, snappedMetric: projection.point, snapped: nil, outletDistance: outletDistance(at: location))
    }

    /// Snaps a point given in the metric CRS. Pure computation: safe from any thread.
    public func snap(metric p: Coordinate, options: SnapOptions = SnapOptions()) -> SnapResult {
        var work = SnapWork()
        return snap(metric: p, options: options, work: &work)
    }

    /// Snaps as ``snap(metric:options:)`` does, adding to `work` what the snap looked at:
    /// the evidence that a snap's cost depends on what is near the point, not on the size
    /// of the network.
    public func snap(metric p: Coordinate, options: SnapOptions = SnapOptions(), work: inout SnapWork) -> SnapResult {
        let edges = self.edges
        let here = Envelope(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)
        var hits: [Int] = []
        index.query(here.expanded(by: options.maxDistance), into: &hits, visited: &work.indexNodes)
        work.edgesProjected += hits.count
        // (distance, ends at the edge's downstream end, edge, projection)
        var found: [(distance: Double, atEnd: Bool, edge: Int, projection: Polyline.Projection)] = []
        flatPoints.withUnsafeBufferPointer { points in
            flatCumulative.withUnsafeBufferPointer { cumulative in
                for e in hits {
                    let range = edgeVertices[e]
                    let projection = Polyline.project(p, points: points, cumulative: cumulative, range: range)
                    if projection.distance <= options.maxDistance {
                        let length = cumulative[range.upperBound - 1] - cumulative[range.lowerBound]
                        found.append((projection.distance, projection.along >= length - 1e-9, e, projection))
                    }
                }
            }
        }
        if found.isEmpty {
            hits.removeAll(keepingCapacity: true)
            index.query(here.expanded(by: options.searchRadius), into: &hits, visited: &work.indexNodes)
            work.edgesProjected += hits.count
            var nearest: (edge: Int, projection: Polyline.Projection)?
            for e in hits {
                let projection = line(e).project(p)
                // Equally near (a node several edges share): the lowest edge number, not
                // whichever the index happened to list first, so a network read for one
                // place answers as the whole network does.
                let best = nearest?.projection.distance ?? .infinity
                if projection.distance <= options.searchRadius,
                    projection.distance < best || (projection.distance == best && e < nearest?.edge ?? Int.max)
                {
                    nearest = (e, projection)
                }
            }
            guard let nearest else { return SnapResult(status: .none, best: nil, candidates: []) }
            return SnapResult(status: .tooFar, best: candidate(edge: nearest.edge, projection: nearest.projection), candidates: [])
        }
        // Nearest first; at a node shared by two edges, prefer the one the point starts
        // (the downstream edge); then by edge number, so results are reproducible.
        found.sort { a, b in
            if a.distance != b.distance { return a.distance < b.distance }
            if a.atEnd != b.atEnd { return !a.atEnd }
            return a.edge < b.edge
        }
        // The same place on the same river, reached through two edges meeting at a node, is one candidate.
        var kept: [SnapCandidate] = []
        for f in found {
            let river = reaches[edges[f.edge].reach].river
            if kept.contains(where: { $0.snappedMetric.planarDistance(to: f.projection.point) < 0.01 && $0.river == river }) { continue }
            kept.append(candidate(edge: f.edge, projection: f.projection))
        }
        let best = kept[0]
        let others = Array(kept.dropFirst())
        let ambiguous = others.contains { $0.offset - best.offset <= options.ambiguityMargin }
        return SnapResult(status: ambiguous ? .ambiguous : .ok, best: best, candidates: others)
    }

    /// Snaps to a reach a person has chosen, however far: the nearest point of that reach.
    public func snap(metric p: Coordinate, pinnedTo reach: Int) -> SnapResult {
        var best: (edge: Int, projection: Polyline.Projection)?
        for e in reachEdges.indices.contains(reach) ? reachEdges[reach] : [] {
            let projection = line(e).project(p)
            if projection.distance < best?.projection.distance ?? .infinity { best = (e, projection) }
        }
        guard let best else { return SnapResult(status: .none, best: nil, candidates: [], pinned: true) }
        return SnapResult(status: .ok, best: candidate(edge: best.edge, projection: best.projection), candidates: [], pinned: true)
    }

    /// Snaps CGCS2000 lon/lat points: one batch conversion to metric, then the snapping
    /// and the conversion of snapped points back to lon/lat spread over all cores, each
    /// worker with its own PROJ context.
    public func snap(_ points: [Coordinate], options: SnapOptions = SnapOptions(), converter: GeodeticConverter) throws(CRSError) -> [SnapResult] {
        try snapInParallel(try converter.toMetric(points), options: options)
    }

    func snapInParallel(_ metric: [Coordinate], options: SnapOptions) throws(CRSError) -> [SnapResult] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, metric.count / 256))
        let share = (metric.count + workers - 1) / workers
        let failure = FirstFailure()
        let results = [SnapResult](unsafeUninitializedCapacity: metric.count) { buffer, initialized in
            // Each worker initialises and then completes its own disjoint slots; nothing else
            // touches the buffer until every worker is done.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let range = (w * share)..<min(metric.count, (w + 1) * share)
                guard !range.isEmpty, let base = slots.baseAddress else { return }
                for i in range { (base + i).initialize(to: snap(metric: metric[i], options: options)) }
                do throws(CRSError) {
                    try fillLonLat(UnsafeMutableBufferPointer(rebasing: slots[range]), converter: GeodeticConverter(metricEPSG: metricEPSG))
                } catch {
                    failure.record(error)
                }
            }
            initialized = metric.count
        }
        if let error = failure.error { throw error }
        return results
    }

    /// Fills ``SnapCandidate/snapped`` (lon/lat) for every candidate of every result.
    public func fillLonLat(_ results: inout [SnapResult], converter: GeodeticConverter) throws(CRSError) {
        try results.withUnsafeMutableBufferPointer { buffer throws(CRSError) in try fillLonLat(buffer, converter: converter) }
    }

    /// In place, so that no result is copied.
    func fillLonLat(_ results: UnsafeMutableBufferPointer<SnapResult>, converter: GeodeticConverter) throws(CRSError) {
        var metric: [Coordinate] = []
        metric.reserveCapacity(results.count * 2)
        for r in results {
            if let best = r.best { metric.append(best.snappedMetric) }
            for c in r.candidates { metric.append(c.snappedMetric) }
        }
        let lonLat = try converter.fromMetric(metric)
        var k = 0
        for i in results.indices {
            if results[i].best != nil {
                results[i].best?.snapped = lonLat[k]
                k += 1
            }
            for j in results[i].candidates.indices {
                results[i].candidates[j].snapped = lonLat[k]
                k += 1
            }
        }
    }
}

/// The first error thrown by any of several workers.
private final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: CRSError?

    func record(_ error: CRSError) {
        lock.withLock { if first == nil { first = error } }
    }

    var error: CRSError? { lock.withLock { first } }
}
