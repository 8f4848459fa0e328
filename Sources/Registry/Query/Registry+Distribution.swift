import GeoKit
import OutfallModel
import RegistryStore

/// 空间分布 (the plan's 科技支撑): how outfalls are spread over rivers, reaches, townships and
/// types — counts, and per river-km where a length is known.
public struct DistributionRow: Sendable, Equatable {
    public var group: String
    public var count: Int
    /// Length of the river or reach in km (geodesic, CGCS2000), for river and reach groupings.
    public var lengthKm: Double?
    public var perKm: Double? { lengthKm.flatMap { $0 > 0 ? Double(count) / $0 : nil } }
    /// Counts by HJ 1312 type label within the group.
    public var byType: [String: Int]
}

public enum DistributionGrouping: String, Sendable, CaseIterable {
    case river, reach, township, type
}

extension Registry {
    /// Outfalls grouped by river, reach, township or type, with lengths for rivers and reaches.
    /// Outfalls that did not snap are a group of their own (（未吸附）), never dropped.
    public func distribution(by grouping: DistributionGrouping) throws(RegistryError) -> [DistributionRow] {
        let listing = try outfalls()
        var lengths: [String: Double] = [:]
        if grouping == .river || grouping == .reach {
            let reaches = try wrapping { try store.fetchAll(RiverReach.self) }
            for reach in reaches {
                let metres = reach.geometry.lineParts.reduce(0) { $0 + Geodesic.cgcs2000.length($1) }
                let key = grouping == .river ? reach.name : reach.reachCode ?? reach.key
                lengths[key, default: 0] += metres / 1000
            }
        }
        var rows: [String: DistributionRow] = [:]
        for item in listing {
            let key: String
            switch grouping {
            case .river: key = item.snap?.river ?? "（未吸附）"
            case .reach: key = item.snap?.reachCode ?? item.snap?.reachKey ?? "（未吸附）"
            case .township: key = item.township ?? "（未定）"
            case .type: key = item.outfall.type.label
            }
            rows[key, default: DistributionRow(group: key, count: 0, lengthKm: lengths[key], byType: [:])].count += 1
            rows[key]?.byType[item.outfall.type.label, default: 0] += 1
        }
        // Rivers and reaches without outfalls are part of the picture too.
        for (key, km) in lengths where rows[key] == nil {
            rows[key] = DistributionRow(group: key, count: 0, lengthKm: km, byType: [:])
        }
        return rows.values.sorted { ($0.count, $1.group) > ($1.count, $0.group) }
    }
}
