import GeoKit

/// Something in the river network that a person should look at, most often a reach
/// digitised against the flow. Reported on import and by `outfalls rivers`, never silently
/// accepted — and never silently "fixed".
public struct NetworkDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Two or more reaches flow into a point that nothing flows out of.
        case sinkConfluence = "sink_confluence"
        /// Two or more reaches flow out of a point that nothing flows into.
        case sourceDivergence = "source_divergence"
        /// A reach leaves a river at a fork and ends in a dead end while the river goes on:
        /// typically a tributary drawn from its mouth to its source.
        case deadEndBranch = "dead_end_branch"
    }

    public var kind: Kind
    /// Display ids of the reaches concerned.
    public var reaches: [String]
    /// Where (CGCS2000 lon/lat).
    public var location: Coordinate

    public var description: String {
        let list = reaches.joined(separator: "、")
        let at = "（约 \(String(format: "%.5f", location.lon)), \(String(format: "%.5f", location.lat))）"
        switch kind {
        case .sinkConfluence:
            return "河段 \(list) 流入同一点\(at)后无下游：其中可能有河段方向画反（应按水流方向，从上游画到下游）"
                + " (reaches flow into a point with no outflow: one may be digitised against the flow)"
        case .sourceDivergence:
            return "河段 \(list) 从同一点\(at)流出而该点无来水：其中可能有河段方向画反"
                + " (reaches flow out of a point with no inflow: one may be digitised against the flow)"
        case .deadEndBranch:
            return "河段 \(list) 从分叉点\(at)流出后无去处，疑似支流方向画反（从河口画向源头）"
                + " (a branch leaves the river and dead-ends: a tributary drawn mouth-to-source?)"
        }
    }

    static func find(
        edges: [NetworkEdge], reaches: [ReachInfo], incoming: [[Int]], outgoing: [[Int]], nodeLonLat: [Coordinate]
    ) -> [NetworkDiagnostic] {
        func names(_ list: [Int]) -> [String] {
            var seen: [String] = []
            for e in list where !seen.contains(reaches[edges[e].reach].displayID) { seen.append(reaches[edges[e].reach].displayID) }
            return seen
        }
        var found: [NetworkDiagnostic] = []
        for node in outgoing.indices {
            let ins = incoming[node]
            let outs = outgoing[node]
            if ins.count >= 2 && outs.isEmpty {
                found.append(NetworkDiagnostic(kind: .sinkConfluence, reaches: names(ins), location: nodeLonLat[node]))
            }
            if outs.count >= 2 && ins.isEmpty {
                found.append(NetworkDiagnostic(kind: .sourceDivergence, reaches: names(outs), location: nodeLonLat[node]))
            }
            if outs.count >= 2 && !ins.isEmpty {
                // A braid rejoins and a river goes on; a tributary drawn backwards leaves the
                // river at the fork and dead-ends, usually under another river's name.
                let inflowRivers = Set(ins.map { reaches[edges[$0].reach].river })
                for e in outs {
                    let end = edges[e].endNode
                    guard outgoing[end].isEmpty && incoming[end].count == 1 else { continue }
                    let others = outs.filter { $0 != e }
                    let anotherGoesOn = others.contains { !outgoing[edges[$0].endNode].isEmpty }
                    let leavesTheRiver = !inflowRivers.contains(reaches[edges[e].reach].river)
                        && others.contains { inflowRivers.contains(reaches[edges[$0].reach].river) }
                    if anotherGoesOn || leavesTheRiver {
                        found.append(NetworkDiagnostic(kind: .deadEndBranch, reaches: names([e]), location: nodeLonLat[node]))
                    }
                }
            }
        }
        return found
    }
}
