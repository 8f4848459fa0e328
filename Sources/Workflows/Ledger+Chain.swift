import Foundation
import JSON
import OutfallModel
import RegistryStore
import Supervision

/// One outfall's chain (受纳水体 → 排污口 → 排污通道 → 排污单位): where it discharges (from its
/// stored snap to the river network), the channels that end at it, the units behind it, and
/// who answers for it.
public struct OutfallChain: Sendable {
    public var outfall: Outfall
    public var snap: StoredSnap?
    public var channels: [DrainageChannel]
    /// Units reached through channels or named by the latest trace, in id order.
    public var units: [DischargingUnit]
    public var traceCount: Int
    public var responsible: ResponsibleReport
}

/// One unit's chain, navigated the other way: its channels, the outfalls they (or traces)
/// lead to, and the rivers those discharge into.
public struct UnitChain: Sendable {
    public struct Link: Sendable {
        public var outfall: Outfall
        public var snap: StoredSnap?
        /// Channels of this unit that end at the outfall.
        public var channelIDs: [Int64]
        /// Traces of the outfall that name this unit.
        public var traceIDs: [Int64]
    }

    public var unit: DischargingUnit
    public var channels: [DrainageChannel]
    public var links: [Link]
}

extension Ledger {
    public func chain(outfall text: String) throws(LedgerError) -> OutfallChain {
        let outfall = try outfallLookup().find(text)
        let id = outfall.id ?? 0
        let snaps = try storedSnaps()
        let channels = try channels().filter { $0.outfallID == id }
        let traces = try traces(ofOutfallID: id)
        let responsible = try responsibleParty(of: outfall)
        var unitIDs = Set(channels.compactMap(\.unitID))
        if let latest = ResponsibleParty.latest(traces) { unitIDs.formUnion(latest.unitIDs) }
        let units = unitIDs.sorted().compactMap { responsible.units[$0] }
        return OutfallChain(
            outfall: outfall, snap: snaps[id], channels: channels, units: units, traceCount: traces.count, responsible: responsible)
    }

    public func chain(unit text: String) throws(LedgerError) -> UnitChain {
        let unit = try self.unit(matching: text)
        let unitID = unit.id ?? 0
        let lookup = try outfallLookup()
        let snaps = try storedSnaps()
        let channels = try channels().filter { $0.unitID == unitID }
        let traces = try traces().filter { $0.unitIDs.contains(unitID) }
        var outfallIDs = Set(channels.compactMap(\.outfallID))
        outfallIDs.formUnion(traces.map(\.outfallID))
        let links = outfallIDs.sorted().compactMap { id -> UnitChain.Link? in
            guard let outfall = lookup.outfall(id: id) else { return nil }
            return UnitChain.Link(
                outfall: outfall, snap: snaps[id], channelIDs: channels.filter { $0.outfallID == id }.compactMap(\.id),
                traceIDs: traces.filter { $0.outfallID == id }.compactMap(\.id))
        }
        return UnitChain(unit: unit, channels: channels, links: links)
    }

    /// Snaps to the river network, brought up to date first.
    func storedSnaps() throws(LedgerError) -> [Int64: StoredSnap] {
        do { return try registry.outfallSnaps() } catch { throw Self.ledgerError(error) }
    }
}
