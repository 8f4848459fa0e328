import JSON
import Supervision

/// What an outfall's history holds as of a date: its supervision file and its map feature,
/// each rebuilt from the history alone.
public struct OutfallStateAsOf: Sendable {
    public var outfallID: Int64
    public var asOf: String
    public var file: JSONObject?
    public var feature: JSONObject?
}

extension Ledger {
    /// Everything that happened to one outfall, in the order it happened: its supervision
    /// file (kind `outfall`), its map feature (kind `layer.outfalls`), the files and features of
    /// duplicates merged into it, survey records and traces of it, and any event whose
    /// `related` names it. Each event once. (Reads the whole history once to find the related
    /// events: fine for a county's ledger, to be indexed if it grows to millions of events.)
    public func outfallHistory(id: Int64) throws(LedgerError) -> [HistoryEvent] {
        let file = EntityRef(.outfall, id), feature = EntityRef(.layer("outfalls"), id)
        return try read { reader in
            var events = try reader.events(of: file) + reader.events(of: feature)
            // Duplicates merged into this outfall keep their own histories; they belong to this file too.
            if let stored = try reader.document(file) {
                for merged in try OutfallFile.decode(stored).mergedIDs {
                    events += try reader.events(of: EntityRef(.outfall, merged)) + reader.events(of: EntityRef(.layer("outfalls"), merged))
                }
            }
            // Surveys and traces of this outfall, whether or not their events name it.
            var about: Set<EntityRef> = []
            for stored in try reader.documents(.survey) where stored.document["outfallID"]?.doubleValue == Double(id) { about.insert(stored.ref) }
            for stored in try reader.documents(.trace) where stored.document["outfallID"]?.doubleValue == Double(id) { about.insert(stored.ref) }
            for ref in about.sorted(by: { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }) { events += try reader.events(of: ref) }
            // Anything else that names it (a merge, a survey accepted into it, a deleted trace).
            for event in try reader.events(kind: nil, limit: nil) where event.related.contains(file) || event.related.contains(feature) {
                events.append(event)
            }
            var seen = Set<Int64>()
            var unique: [HistoryEvent] = []
            for event in events {
                if let eventID = event.id {
                    guard seen.insert(eventID).inserted else { continue }
                }
                unique.append(event)
            }
            return unique.enumerated().sorted {
                ($0.element.at, $0.element.recordedAt, $0.element.id ?? 0, $0.offset) < ($1.element.at, $1.element.recordedAt, $1.element.id ?? 0, $1.offset)
            }.map(\.element)
        }
    }

    /// The outfall's file and feature as they stood at the end of `asOf`.
    public func outfallState(id: Int64, asOf: String) throws(LedgerError) -> OutfallStateAsOf {
        OutfallStateAsOf(
            outfallID: id, asOf: asOf, file: try state(of: EntityRef(.outfall, id), asOf: asOf),
            feature: try state(of: EntityRef(.layer("outfalls"), id), asOf: asOf))
    }
}
