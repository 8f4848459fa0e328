import Dispatch
import GRDB
import GeoKit
import JSON
import OutfallModel

/// An outfall as exports and listings show it: its row with its stored snap and screening,
/// read in one join instead of three tables loaded into dictionaries.
public struct OutfallSummary: Sendable {
    public var id: Int64
    public var key: String
    public var name: String
    public var type: OutfallType
    public var status: OutfallStatus?
    public var nationalCode: String?
    public var localCode: String?
    public var responsible: String?
    public var location: Coordinate
    public var extra: JSONObject
    /// The stored snap's status (nil: never snapped) and where it put the outfall.
    public var snapStatus: String?
    public var reachKey: String?
    public var reachCode: String?
    public var river: String?
    public var measure: Double?
    public var bank: String?
    /// The stored screening (nil: never screened).
    public var verdict: String?
    /// Ids of the rules that fired, comma-separated, most severe first.
    public var rules: String
    public var township: String?
}

/// When stored derived results are stale, as SQL conditions on `outfalls o`, its
/// `outfall_snaps n` and its `screening s` — one definition for the queries that look for
/// stale rows and for the read that checks freshness as it goes.
enum Staleness {
    /// The snap is missing or older than the outfall or the rivers layer (`:rivers`).
    static let snap = "(n.outfall_id IS NULL OR n.outfall_updated_at != o.updated_at OR n.rivers_version != :rivers)"
    /// The screening is missing or was computed from other rules or layers (`:signature`),
    /// an older outfall or another snap.
    static let screening = """
        (s.outfall_id IS NULL OR s.signature != :signature OR s.outfall_updated_at != o.updated_at
            OR s.snap_computed_at IS NOT n.computed_at)
        """
}

extension RegistryStore {
    /// Every outfall with its stored snap and screening, in id order, and whether any snap
    /// (or, given a `screeningSignature`, any screening) was stale — then the caller
    /// refreshes them and reads again; checking while reading saves two passes.
    ///
    /// Large registries are read in `parts` id ranges at once, each on its own read-only
    /// connection and handed to `transform` on the thread that read it, so reading and what
    /// the caller makes of the rows use every core. If the parts did not see the same
    /// registry (someone wrote in between), it is read again in one go.
    public func outfallSummaries<T: Sendable>(
        screeningSignature: String?, parts: Int = 1, _ transform: @Sendable ([OutfallSummary]) -> [T]
    ) throws(StoreError) -> (items: [T], stale: Bool) {
        let bounds = try read { db in try Self.idBounds(db, parts: parts) }
        if bounds.count > 1 {
            let readers = PartReaders<T>(count: bounds.count)
            let connections = [pool] + (try (1..<bounds.count).map { _ throws(StoreError) in try readOnlyConnection() })
            DispatchQueue.concurrentPerform(iterations: bounds.count) { k in
                readers.set(k) { () throws(StoreError) in
                    let part = try Self.summaries(connections[k], ids: bounds[k], screeningSignature: screeningSignature)
                    return (transform(part.rows), part.stale, part.versions)
                }
            }
            let results = try readers.results()
            if Set(results.map(\.versions)).count == 1 {
                return (results.flatMap(\.items), results.contains(where: \.stale))
            }
        }
        let whole = try Self.summaries(pool, ids: nil, screeningSignature: screeningSignature)
        return (transform(whole.rows), whole.stale)
    }

    /// A second connection for reading alongside this one (WAL lets readers run at once).
    private func readOnlyConnection() throws(StoreError) -> DatabaseQueue {
        var configuration = Self.configuration()
        configuration.readonly = true
        do { return try DatabaseQueue(path: path, configuration: configuration) } catch { throw .sqlite("\(error)") }
    }

    /// Id ranges of about equal row counts; one range (nil: all) below 20,000 rows, where
    /// a second connection would cost more than it saves.
    private static func idBounds(_ db: Database, parts: Int) throws -> [ClosedRange<Int64>?] {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM outfalls") ?? 0
        guard parts > 1, count >= 20_000 else { return [nil] }
        var cuts: [Int64] = []
        for k in 1..<parts {
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM outfalls ORDER BY id LIMIT 1 OFFSET ?", arguments: [count * k / parts]) {
                cuts.append(id)
            }
        }
        var ranges: [ClosedRange<Int64>?] = []
        var low = Int64.min
        for cut in cuts where cut > low {
            ranges.append(low...(cut - 1))
            low = cut
        }
        ranges.append(low...Int64.max)
        return ranges
    }

    /// One id range's rows, whether any was stale, and the layer versions it saw.
    private static func summaries(
        _ connection: DatabaseQueue, ids: ClosedRange<Int64>?, screeningSignature: String?
    ) throws(StoreError) -> (rows: [OutfallSummary], stale: Bool, versions: String) {
        do {
            return try connection.read { db in
                var result: [OutfallSummary] = []
                var stale = false
                let range = ids ?? Int64.min...Int64.max
                result.reserveCapacity(
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM outfalls WHERE id BETWEEN ? AND ?", arguments: [range.lowerBound, range.upperBound]) ?? 0)
                let versions = try String.fetchAll(db, sql: "SELECT layer || '=' || version FROM layer_versions ORDER BY layer").joined(separator: ";")
                let rivers = try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = 'rivers'") ?? 0
                let staleness = Staleness.snap + (screeningSignature == nil ? "" : " OR " + Staleness.screening)
                // Columns by position: at 100,000 rows a lookup by name per column adds up.
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT o.id, o.key, o.name, o.type, o.status, o.national_code, o.local_code, o.responsible, o.lon, o.lat,
                            o.extra, n.status, n.reach_key, n.reach_code, n.river, n.measure_m, n.bank, s.verdict, s.rules, s.township,
                            \(staleness) AS stale
                        FROM outfalls o
                        LEFT JOIN outfall_snaps n ON n.outfall_id = o.id
                        LEFT JOIN screening s ON s.outfall_id = o.id
                        WHERE o.id BETWEEN :low AND :high
                        ORDER BY o.id
                        """,
                    arguments: ["rivers": rivers, "signature": screeningSignature ?? "", "low": range.lowerBound, "high": range.upperBound])
                while let row = try rows.next() {
                    if row[20] as Bool { stale = true }
                    let id: Int64 = row[0]
                    let typeText: String = row[3]
                    guard let type = OutfallType(rawValue: typeText) else {
                        throw StoreError.corruptRow(table: "outfalls", id: id, reason: "unknown type \(typeText)")
                    }
                    result.append(
                        OutfallSummary(
                            id: id, key: row[1], name: row[2], type: type, status: (row[4] as String?).flatMap(OutfallStatus.init(rawValue:)),
                            nationalCode: row[5], localCode: row[6], responsible: row[7], location: Coordinate(x: row[8], y: row[9]),
                            extra: try extra(row[10]), snapStatus: row[11], reachKey: row[12], reachCode: row[13], river: row[14],
                            measure: row[15], bank: row[16], verdict: row[17], rules: row[18] ?? "", township: row[19]))
                }
                return (result, stale, versions)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite("\(error)")
        }
    }
}

/// What each concurrent reader of ``RegistryStore/outfallSummaries(screeningSignature:parts:_:)`` made of its part.
private final class PartReaders<T: Sendable>: @unchecked Sendable {
    typealias Part = (items: [T], stale: Bool, versions: String)
    // Each slot is set by one iteration; all are read after every iteration has finished.
    private var slots: [Result<Part, StoreError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ body: () throws(StoreError) -> Part) {
        let result: Result<Part, StoreError>
        do throws(StoreError) { result = .success(try body()) } catch { result = .failure(error) }
        slots[k] = result
    }

    func results() throws(StoreError) -> [Part] {
        try slots.map { slot throws(StoreError) in
            guard let slot else { throw StoreError.sqlite("a part of the outfalls was not read") }
            return try slot.get()
        }
    }
}
