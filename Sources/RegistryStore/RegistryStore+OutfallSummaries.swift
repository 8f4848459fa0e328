import Dispatch
import Foundation
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
    /// Its stored snap or screening was out of date when read with ``StaleRows/withhold``,
    /// and what they derived (reach, verdict, township) is left out rather than shown.
    public var withheld = false
}

/// What a read does with an outfall whose stored snap or screening is out of date.
public enum StaleRows: Sendable {
    /// Stop with ``StoreError/derivedResultsStale``: the caller refreshes and reads again.
    case fail
    /// Hand the outfall over without what the stale results derived: while someone keeps
    /// changing the registry, a reader still finishes, and never shows a verdict that no
    /// longer holds.
    case withhold
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
    /// Every outfall with its stored snap and screening, in id order, handed to `consume` a
    /// page of `pageSize` at a time after `transform` made of it what the caller needs — so
    /// that an export of 100,000 outfalls holds a few pages, never all of them.
    ///
    /// With `parts` > 1 the pages are read by that many threads at once, each on its own
    /// connection in one read transaction, page k by thread k mod `parts`, and `transform`
    /// runs on the thread that read the page: reading and transforming use every core while
    /// `consume` (on the caller's thread) writes the pages in order. If the threads did not
    /// see the same registry (someone wrote between their starts) it is read by one.
    ///
    /// Fails closed rather than handing over stale results: a page with a snap (or, given a
    /// `screeningSignature`, a screening) that is not current throws
    /// ``StoreError/derivedResultsStale``, and the caller refreshes them and reads again
    /// (or, with `stale: .withhold`, the outfall comes without what they derived).
    public func forEachOutfallPage<T: Sendable>(
        screeningSignature: String?, pageSize: Int = 2048, parts: Int = 1, stale: StaleRows = .fail, _ transform: @escaping @Sendable ([OutfallSummary]) throws -> [T],
        _ consume: ([T]) throws -> Void
    ) throws {
        let starts = try read { db in try Self.pageStarts(db, pageSize: max(1, pageSize)) }
        guard !starts.isEmpty else { return }
        let readers = max(1, min(parts, starts.count))
        let connections = [pool] + (try (1..<readers).map { _ throws(StoreError) in try readOnlyConnection() })
        let channels = (0..<readers).map { _ in PageChannel<T>() }
        let group = DispatchGroup()
        for k in 0..<readers {
            // A thread of its own rather than a dispatch queue's: a reader waits for the consumer
            // to take its page, and must never wait for a pool thread that other waiters hold.
            group.enter()
            Thread {
                defer { group.leave() }
                let channel = channels[k]
                do {
                    try connections[k].read { db in
                        channel.put(.versions(try Self.versions(db)))
                        let rivers = try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = 'rivers'") ?? 0
                        for j in stride(from: k, to: starts.count, by: readers) {
                            if channel.isCancelled { return }
                            let ids = starts[j]...(j + 1 < starts.count ? starts[j + 1] - 1 : Int64.max)
                            let rows = try Self.summaries(db, ids: ids, rivers: rivers, screeningSignature: screeningSignature, stale: stale)
                            channel.put(.page(try transform(rows)))
                        }
                    }
                } catch {
                    channel.put(.failure(error))
                }
                channel.finish()
            }.start()
        }
        // However the pages end — all written, a reader's error, the consumer's — every reader
        // is stopped and waited for before the connections go.
        defer {
            channels.forEach { $0.cancel() }
            group.wait()
        }
        var versions: [String] = []
        for channel in channels {
            switch channel.take() {
            case .versions(let v): versions.append(v)
            case .failure(let error): throw error
            case .page, nil: throw StoreError.sqlite("the outfalls' reader stopped before it started")
            }
        }
        if Set(versions).count > 1 {
            channels.forEach { $0.cancel() }
            group.wait()
            return try forEachOutfallPage(screeningSignature: screeningSignature, pageSize: pageSize, parts: 1, stale: stale, transform, consume)
        }
        for j in starts.indices {
            switch channels[j % readers].take() {
            case .page(let page): try consume(page)
            case .failure(let error): throw error
            case .versions, nil: throw StoreError.sqlite("a page of the outfalls was not read")
            }
        }
    }

    /// A second connection for reading alongside this one (WAL lets readers run at once).
    private func readOnlyConnection() throws(StoreError) -> DatabaseQueue {
        var configuration = Self.configuration()
        configuration.readonly = true
        do { return try DatabaseQueue(path: path, configuration: configuration) } catch { throw .sqlite("\(error)") }
    }

    /// The first id of every page of `pageSize` outfalls, in id order.
    private static func pageStarts(_ db: Database, pageSize: Int) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM outfalls) WHERE n % ? = 0 ORDER BY id",
            arguments: [pageSize])
    }

    /// Every layer's version, as one text: two readers that see the same text see the same registry.
    private static func versions(_ db: Database) throws -> String {
        try String.fetchAll(db, sql: "SELECT layer || '=' || version FROM layer_versions ORDER BY layer").joined(separator: ";")
    }

    /// One id range's rows; a stale one throws ``StoreError/derivedResultsStale`` or is
    /// withheld, as `stale` says.
    private static func summaries(
        _ db: Database, ids range: ClosedRange<Int64>, rivers: Int64, screeningSignature: String?, stale: StaleRows
    ) throws -> [OutfallSummary] {
        var result: [OutfallSummary] = []
        let screeningStale = screeningSignature == nil ? "0" : Staleness.screening
        // Columns by position: at 100,000 rows a lookup by name per column adds up.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT o.id, o.key, o.name, o.type, o.status, o.national_code, o.local_code, o.responsible, o.lon, o.lat,
                    o.extra, n.status, n.reach_key, n.reach_code, n.river, n.measure_m, n.bank, s.verdict, s.rules, s.township,
                    \(Staleness.snap) AS snap_stale, \(screeningStale) AS screening_stale
                FROM outfalls o
                LEFT JOIN outfall_snaps n ON n.outfall_id = o.id
                LEFT JOIN screening s ON s.outfall_id = o.id
                WHERE o.id BETWEEN :low AND :high
                ORDER BY o.id
                """,
            arguments: ["rivers": rivers, "signature": screeningSignature ?? "", "low": range.lowerBound, "high": range.upperBound])
        while let row = try rows.next() {
            let snapStale: Bool = row[20]
            let screeningStale: Bool = row[21]
            if (snapStale || screeningStale) && stale == .fail { throw StoreError.derivedResultsStale }
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
            if snapStale || screeningStale { result[result.count - 1].withhold(snap: snapStale) }
        }
        return result
    }

    /// Hands `body` the properties of every outfall that has any beyond the registry's own,
    /// in id order, one at a time: what an export surveys to declare its extra columns before
    /// its first page is read.
    public func forEachOutfallExtra(_ body: (JSONObject) -> Void) throws(StoreError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT extra FROM outfalls WHERE extra IS NOT NULL AND extra != '{}' ORDER BY id")
            while let row = try rows.next() { body(try Self.extra(row[0])) }
        }
    }
}

extension OutfallSummary {
    /// Leaves out what stale results derived: the verdict always (it rests on the snap too),
    /// the reach only if the snap itself is stale.
    mutating func withhold(snap: Bool) {
        withheld = true
        verdict = nil
        rules = ""
        township = nil
        if snap { (snapStatus, reachKey, reachCode, river, measure, bank) = (nil, nil, nil, nil, nil, nil) }
    }
}

/// Pages handed from one reading thread of ``RegistryStore/forEachOutfallPage(screeningSignature:pageSize:parts:_:_:)``
/// to the caller's: at most one waiting, so a reader is never more than a page ahead.
private final class PageChannel<T: Sendable>: @unchecked Sendable {
    enum Message {
        case versions(String)
        case page([T])
        case failure(any Error)
    }

    // Every field is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var waiting: [Message] = []
    private var finished = false
    private var cancelled = false

    var isCancelled: Bool { condition.withLock { cancelled } }

    /// Waits while a message is already waiting; dropped once the channel is cancelled.
    func put(_ message: Message) {
        condition.withLock {
            while !waiting.isEmpty && !cancelled { condition.wait() }
            guard !cancelled else { return }
            waiting.append(message)
            condition.broadcast()
        }
    }

    /// The next message, or nil once the reader has finished and nothing is waiting.
    func take() -> Message? {
        condition.withLock {
            while waiting.isEmpty && !finished { condition.wait() }
            guard !waiting.isEmpty else { return nil }
            let message = waiting.removeFirst()
            condition.broadcast()
            return message
        }
    }

    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    func cancel() {
        condition.withLock {
            cancelled = true
            waiting.removeAll()
            condition.broadcast()
        }
    }
}
