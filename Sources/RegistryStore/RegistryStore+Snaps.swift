import Foundation
import GRDB
import Supervision
import JSON
import OutfallModel

/// An outfall's snap to the river network as stored: derived from the rivers layer and
/// the outfall, recomputed when either changes.
public struct StoredSnap: Hashable, Sendable {
    public var outfallID: Int64
    public var status: String
    public var pinned: Bool
    public var reachKey: String?
    public var reachCode: String?
    public var river: String?
    public var part: Int?
    public var alongPart: Double?
    public var measure: Double?
    public var offset: Double?
    public var bank: String?
    public var outletDistance: Double?
    public var snappedLon: Double?
    public var snappedLat: Double?
    /// JSON array of the other candidates.
    public var candidates: String

    public init(
        outfallID: Int64, status: String, pinned: Bool, reachKey: String?, reachCode: String?, river: String?, part: Int?,
        alongPart: Double?, measure: Double?, offset: Double?, bank: String?, outletDistance: Double?,
        snappedLon: Double?, snappedLat: Double?, candidates: String
    ) {
        self.outfallID = outfallID
        self.status = status
        self.pinned = pinned
        self.reachKey = reachKey
        self.reachCode = reachCode
        self.river = river
        self.part = part
        self.alongPart = alongPart
        self.measure = measure
        self.offset = offset
        self.bank = bank
        self.outletDistance = outletDistance
        self.snappedLon = snappedLon
        self.snappedLat = snappedLat
        self.candidates = candidates
    }
}

/// A person's decision that an outfall discharges into a given reach.
public struct ReachPin: Hashable, Sendable {
    public var outfallID: Int64
    public var reachKey: String
    public var pinnedBy: String
    public var pinnedAt: String
    public var note: String?
}

extension RegistryStore {
    /// Current change counter of a layer; derived data remembers the counters it was built from.
    public func version(of layer: LayerKind) throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = ?", arguments: [layer.rawValue]) ?? 0 }
    }

    /// Outfalls whose snap is missing or was computed from an older rivers layer or an
    /// older version of the outfall.
    public func outfallsNeedingSnaps() throws(StoreError) -> [Int64] {
        try read { db in
            let rivers = try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = 'rivers'") ?? 0
            return try Int64.fetchAll(
                db,
                sql: "SELECT o.id FROM outfalls o LEFT JOIN outfall_snaps n ON n.outfall_id = o.id WHERE \(Staleness.snap) ORDER BY o.id",
                arguments: ["rivers": rivers])
        }
    }

    /// Stores snaps computed against rivers layer version `riversVersion`, in one transaction.
    public func saveSnaps(_ snaps: [StoredSnap], riversVersion: Int64) throws(StoreError) {
        try write { db in
            let now = Timestamp.now()
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO outfall_snaps(outfall_id, outfall_updated_at, rivers_version, status, pinned,
                        reach_key, reach_code, river, part, along_m, measure_m, offset_m, bank, outlet_distance_m,
                        snapped_lon, snapped_lat, candidates, computed_at)
                    SELECT id, updated_at, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM outfalls WHERE id = ?
                    """)
            for s in snaps {
                try statement.execute(arguments: [
                    riversVersion, s.status, s.pinned, s.reachKey, s.reachCode, s.river, s.part, s.alongPart, s.measure, s.offset,
                    s.bank, s.outletDistance, s.snappedLon, s.snappedLat, s.candidates, now, s.outfallID,
                ])
            }
        }
    }

    public func snaps() throws(StoreError) -> [Int64: StoredSnap] {
        try read { db in try Self.snaps(db) }
    }

    static func snaps(_ db: Database) throws -> [Int64: StoredSnap] {
        var result: [Int64: StoredSnap] = [:]
        result.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM outfall_snaps") ?? 0)
        // Columns by position: 100,000 rows, and a lookup by name per column per row adds up.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT outfall_id, status, pinned, reach_key, reach_code, river, part, along_m, measure_m, offset_m, bank,
                    outlet_distance_m, snapped_lon, snapped_lat, candidates FROM outfall_snaps
                """)
        while let row = try rows.next() {
            let snap = StoredSnap(
                outfallID: row[0], status: row[1], pinned: row[2], reachKey: row[3], reachCode: row[4], river: row[5], part: row[6],
                alongPart: row[7], measure: row[8], offset: row[9], bank: row[10], outletDistance: row[11], snappedLon: row[12],
                snappedLat: row[13], candidates: row[14])
            result[snap.outfallID] = snap
        }
        return result
    }

    public func pins() throws(StoreError) -> [Int64: ReachPin] {
        try read { db in
            var result: [Int64: ReachPin] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM outfall_pins") {
                let pin = ReachPin(outfallID: row["outfall_id"], reachKey: row["reach_key"], pinnedBy: row["pinned_by"], pinnedAt: row["pinned_at"], note: row["note"])
                result[pin.outfallID] = pin
            }
            return result
        }
    }

    /// Pins an outfall to a reach (or, with `reachKey` nil, removes the pin), records it in
    /// the audit log, and drops the outfall's snap so that it is recomputed.
    public func setPin(outfallID: Int64, reachKey: String?, note: String?, actor: String) throws(StoreError) {
        try write { db in
            let now = Timestamp.now()
            let before = try Row.fetchOne(db, sql: "SELECT reach_key FROM outfall_pins WHERE outfall_id = ?", arguments: [outfallID])?["reach_key"] as String?
            if let reachKey {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO outfall_pins(outfall_id, reach_key, pinned_by, pinned_at, note) VALUES (?, ?, ?, ?, ?)",
                    arguments: [outfallID, reachKey, actor, now, note])
            } else {
                try db.execute(sql: "DELETE FROM outfall_pins WHERE outfall_id = ?", arguments: [outfallID])
            }
            try db.execute(sql: "DELETE FROM outfall_snaps WHERE outfall_id = ?", arguments: [outfallID])
            // What is derived from outfalls (exports, caches) must see the change.
            try Self.bumpVersion(of: "outfalls", db: db)
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.layer("outfalls"), outfallID), action: reachKey == nil ? "unpin" : "pin", actor: actor, at: now,
                    changes: [FieldChange(field: "pinned_reach", before: before.map(JSONValue.string), after: reachKey.map(JSONValue.string))],
                    reason: note),
                db: db)
        }
    }
}
