import Foundation
import GRDB
import JSON
import OutfallModel
import Supervision

/// A rules file as stored: every version loaded is kept; one is active.
public struct StoredRules: Hashable, Sendable {
    public var id: Int64
    public var version: String
    public var title: String
    public var json: String
    public var fileName: String?
    public var fileSHA256: String?
    public var loadedAt: String
    public var loadedBy: String
}

/// Every outfall with its stored snap and screening as of one moment
/// (``RegistryStore/screeningSnapshot(signatureSuffix:)``).
public struct ScreeningSnapshot: Sendable {
    public var outfalls: [Outfall]
    public var snaps: [Int64: StoredSnap]
    public var screenings: [Int64: StoredScreening]
    /// The signature every screening in it was computed with.
    public var signature: String
}

/// An outfall's stored screening result.
public struct StoredScreening: Hashable, Sendable {
    public var outfallID: Int64
    public var verdict: String
    /// The findings, in the compact form the registry encodes them.
    public var findings: String
    /// Ids of the rules that fired, each once, comma-separated, most severe first.
    public var rules: String
    /// The township (乡镇) the outfall lies in, from the areas layer.
    public var township: String?
    public var computedAt: String

    public init(outfallID: Int64, verdict: String, findings: String, rules: String, township: String?, computedAt: String) {
        self.outfallID = outfallID
        self.verdict = verdict
        self.findings = findings
        self.rules = rules
        self.township = township
        self.computedAt = computedAt
    }
}

/// A feature's name and classes, without its geometry.
public struct FeatureLabel: Hashable, Sendable {
    public var key: String
    public var name: String
    public var kind: String?
    public var level: String?
}

extension RegistryStore {
    /// Names (and kind, level) of a layer's features by id, read without their geometries.
    public func labels(of layer: LayerKind) throws(StoreError) -> [Int64: FeatureLabel] {
        let kind = [.zones, .sections].contains(layer) ? "kind" : "NULL"
        let level = [.zones, .areas].contains(layer) ? "level" : "NULL"
        return try read { db in
            var result: [Int64: FeatureLabel] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, key, name, \(kind) AS kind, \(level) AS level FROM \(layer.rawValue)") {
                result[row["id"]] = FeatureLabel(key: row["key"], name: row["name"], kind: row["kind"], level: row["level"])
            }
            return result
        }
    }

    public func activeRules() throws(StoreError) -> StoredRules? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM siting_rules WHERE active = 1 ORDER BY id DESC LIMIT 1").map { row in
                StoredRules(
                    id: row["id"], version: row["version"], title: row["title"], json: row["rules_json"], fileName: row["file_name"],
                    fileSHA256: row["file_sha256"], loadedAt: row["loaded_at"], loadedBy: row["loaded_by"])
            }
        }
    }

    /// Makes `json` the active rules (the previous ones are kept, inactive), marks the
    /// screening stale and records the change in the audit log.
    public func activateRules(json: String, version: String, title: String, fileName: String?, fileSHA256: String?, actor: String) throws(StoreError) {
        try write { db in
            let now = Timestamp.now()
            let previous = try String.fetchOne(db, sql: "SELECT version FROM siting_rules WHERE active = 1 ORDER BY id DESC LIMIT 1")
            try db.execute(sql: "UPDATE siting_rules SET active = 0")
            try db.execute(
                sql: """
                    INSERT INTO siting_rules(version, title, rules_json, file_name, file_sha256, loaded_at, loaded_by, active)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                    """,
                arguments: [version, title, json, fileName, fileSHA256, now, actor])
            let id = db.lastInsertedRowID
            try Self.bumpVersion(of: "rules", db: db)
            try HistoryWriter.append(
                HistoryEvent(
                    entity: EntityRef(.rules, id), action: "rules", actor: actor, at: now,
                    changes: [
                        FieldChange(field: "version", before: previous.map(JSONValue.string), after: .string(version)),
                        FieldChange(field: "file", before: nil, after: fileName.map(JSONValue.string)),
                    ],
                    reason: title),
                db: db)
        }
    }

    /// What screening results depend on besides the outfall itself: the change counters of
    /// the zones, rivers, intakes, sections, areas and rules.
    public func screeningSignature() throws(StoreError) -> String {
        try read { db in try Self.screeningSignature(db) }
    }

    static func screeningSignature(_ db: Database) throws -> String {
        let rows = try Row.fetchAll(db, sql: "SELECT layer, version FROM layer_versions WHERE layer != 'outfalls' ORDER BY layer")
        return rows.map { "\($0["layer"] as String)=\($0["version"] as Int64)" }.joined(separator: ";")
    }

    /// Every layer's and the rules' change counters and the number of imports: it changes
    /// whenever anything a listing, map or export shows can have changed.
    public func dataSignature() throws(StoreError) -> String {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT layer, version FROM layer_versions ORDER BY layer")
            let sources = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
            return rows.map { "\($0["layer"] as String)=\($0["version"] as Int64)" }.joined(separator: ";") + ";sources=\(sources)"
        }
    }

    /// Outfalls without a screening computed from the current signature, outfall and snap.
    public func outfallsNeedingScreening(signature: String) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT o.id FROM outfalls o
                    LEFT JOIN screening s ON s.outfall_id = o.id
                    LEFT JOIN outfall_snaps n ON n.outfall_id = o.id
                    WHERE \(Staleness.screening)
                    ORDER BY o.id
                    """,
                arguments: ["signature": signature])
        }
    }

    public func saveScreening(_ rows: [StoredScreening], signature: String) throws(StoreError) {
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO screening(
                        outfall_id, signature, outfall_updated_at, snap_computed_at, verdict, findings, rules, township, computed_at)
                    SELECT o.id, ?, o.updated_at, n.computed_at, ?, ?, ?, ?, ? FROM outfalls o
                    LEFT JOIN outfall_snaps n ON n.outfall_id = o.id WHERE o.id = ?
                    """)
            for r in rows {
                try statement.execute(arguments: [signature, r.verdict, r.findings, r.rules, r.township, r.computedAt, r.outfallID])
            }
        }
    }

    public func screening() throws(StoreError) -> [Int64: StoredScreening] {
        try read { db in try Self.screening(db) }
    }

    static func screening(_ db: Database) throws -> [Int64: StoredScreening] {
        var result: [Int64: StoredScreening] = [:]
        result.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM screening") ?? 0)
        let rows = try Row.fetchCursor(db, sql: "SELECT outfall_id, verdict, findings, rules, township, computed_at FROM screening")
        while let row = try rows.next() {
            let s = StoredScreening(
                outfallID: row[0], verdict: row[1], findings: row[2], rules: row[3], township: row[4], computedAt: row[5])
            result[s.outfallID] = s
        }
        return result
    }

    /// Every outfall with its stored snap and screening, read in one snapshot, so that no
    /// outfall is paired with the snap or verdict of another version of it. Throws
    /// ``StoreError/derivedResultsStale`` if a snap or screening in the snapshot is out of date
    /// (the registry changed after the caller brought them up to date): the caller refreshes
    /// and reads again. The signature is ``screeningSignature()`` followed by
    /// `signatureSuffix`, as the screenings were saved with it.
    public func screeningSnapshot(signatureSuffix: String) throws(StoreError) -> ScreeningSnapshot {
        try read { db in
            let signature = try Self.screeningSignature(db) + signatureSuffix
            let rivers = try Self.version(of: .rivers, db: db)
            let stale = try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS(SELECT 1 FROM outfalls o
                        LEFT JOIN outfall_snaps n ON n.outfall_id = o.id
                        LEFT JOIN screening s ON s.outfall_id = o.id
                        WHERE \(Staleness.snap) OR \(Staleness.screening))
                    """,
                arguments: ["rivers": rivers, "signature": signature]) ?? true
            guard !stale else { throw StoreError.derivedResultsStale }
            return ScreeningSnapshot(
                outfalls: try Self.fetch(Outfall.self, where: nil, db: db), snaps: try Self.snaps(db),
                screenings: try Self.screening(db), signature: signature)
        }
    }
}
