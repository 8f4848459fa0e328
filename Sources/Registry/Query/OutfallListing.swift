import GeoKit
import OutfallModel
import RegistryStore

/// An outfall with what the registry derives for it from the layers.
public struct OutfallListing: Sendable {
    public var outfall: Outfall
    /// 属地: the township whose polygon covers the outfall, if the areas layer has one.
    public var township: String?
    /// Where it meets the river network (river, reach, measure, bank).
    public var snap: StoredSnap?
}

/// Which outfalls to list. Empty criteria match everything.
public struct OutfallFilter: Sendable {
    public var types: [OutfallType] = []
    public var statuses: [OutfallStatus] = []
    public var township: String?
    public var river: String?
    public var nameContains: String?
    public var limit: Int?

    public init() {}

    func matches(_ listing: OutfallListing) -> Bool {
        if !types.isEmpty && !types.contains(listing.outfall.type) { return false }
        if !statuses.isEmpty && !(listing.outfall.status.map(statuses.contains) ?? false) { return false }
        if let township, listing.township != township, !(listing.township?.hasPrefix(township) ?? false) { return false }
        if let nameContains, !listing.outfall.name.contains(nameContains) { return false }
        if let river, listing.snap?.river != river { return false }
        return true
    }
}

extension Registry {
    /// Registered outfalls matching `filter`, in registry order, with their township.
    public func outfalls(matching filter: OutfallFilter = OutfallFilter()) throws(RegistryError) -> [OutfallListing] {
        let snaps = try outfallSnaps()
        let (outfalls, areas) = try wrapping { (try store.fetchAll(Outfall.self), try store.fetchAll(AdministrativeArea.self)) }
        let locator = AreaLocator(areas: areas, context: GEOSContext())
        var result: [OutfallListing] = []
        for outfall in outfalls {
            let listing = OutfallListing(
                outfall: outfall, township: locator.area(containing: outfall.location)?.name, snap: outfall.id.flatMap { snaps[$0] })
            guard filter.matches(listing) else { continue }
            result.append(listing)
            if let limit = filter.limit, result.count >= limit { break }
        }
        return result
    }
}
