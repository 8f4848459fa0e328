import GeoKit
import OutfallModel
import RegistryStore
import Siting

/// An outfall with what the registry derives for it from the layers.
public struct OutfallListing: Sendable {
    public var outfall: Outfall
    /// 属地: the township whose polygon covers the outfall, if the areas layer has one.
    public var township: String?
    /// Where it meets the river network (river, reach, measure, bank).
    public var snap: StoredSnap?
    /// The siting verdict; nil when no rules are loaded.
    public var verdict: Severity?
}

/// Which outfalls to list. Empty criteria match everything.
public struct OutfallFilter: Sendable {
    public var types: [OutfallType] = []
    public var statuses: [OutfallStatus] = []
    public var township: String?
    public var river: String?
    public var nameContains: String?
    /// Verdicts to keep; outfalls without a verdict (no rules loaded) never match a non-empty list.
    public var verdicts: [Severity] = []
    public var limit: Int?

    public init() {}

    func matches(_ listing: OutfallListing) -> Bool {
        if !types.isEmpty && !types.contains(listing.outfall.type) { return false }
        if !statuses.isEmpty && !(listing.outfall.status.map(statuses.contains) ?? false) { return false }
        if let township, listing.township != township, !(listing.township?.hasPrefix(township) ?? false) { return false }
        if let nameContains, !listing.outfall.name.contains(nameContains) { return false }
        if let river, listing.snap?.river != river { return false }
        if !verdicts.isEmpty && !(listing.verdict.map(verdicts.contains) ?? false) { return false }
        return true
    }
}

extension Registry {
    /// Registered outfalls matching `filter`, in registry order, with their township, snap
    /// and (when rules are loaded) verdict.
    public func outfalls(matching filter: OutfallFilter = OutfallFilter()) throws(RegistryError) -> [OutfallListing] {
        let all: [OutfallListing]
        if try storedRules() != nil {
            all = try screening().map { OutfallListing(outfall: $0.outfall, township: $0.township, snap: $0.snap, verdict: $0.verdict) }
        } else {
            let snaps = try outfallSnaps()
            let (outfalls, areas) = try wrapping { (try store.fetchAll(Outfall.self), try store.fetchAll(AdministrativeArea.self)) }
            let locator = try wrapping { try AreaLocator(areas: areas, context: GEOSContext()) }
            var listed: [OutfallListing] = []
            for outfall in outfalls {
                let township = try wrapping { try locator.area(containing: outfall.location)?.name }
                listed.append(OutfallListing(outfall: outfall, township: township, snap: outfall.id.flatMap { snaps[$0] }))
            }
            all = listed
        }
        var result: [OutfallListing] = []
        for listing in all {
            guard filter.matches(listing) else { continue }
            result.append(listing)
            if let limit = filter.limit, result.count >= limit { break }
        }
        return result
    }
}
