import Foundation
import GRDB
import GeoKit
import JSON
import OutfallModel
import Supervision

extension RegistryStore {
    /// Stores one file's worth of records in a single transaction, with its provenance.
    ///
    /// A record whose ``LayerRecord/key`` is already stored replaces it when anything
    /// differs (the old version goes to the audit log) and is counted unchanged otherwise;
    /// an outfall whose national code is already registered is that outfall. Nothing is
    /// deleted. If anything fails, nothing is written.
    public func importRecords<R: StoredRecord>(_ records: [R], source: SourceRecord, actor: String) throws(StoreError) -> ImportSummary {
        try write { db in try importRecords(records, source: source, actor: actor, db: db) }
    }

    func importRecords<R: StoredRecord>(_ records: [R], source: SourceRecord, actor: String, db: Database) throws -> ImportSummary {
        do {
            let codec = GeometryCodec()
            let now = Timestamp.now()
            try db.execute(
                sql: """
                    INSERT INTO sources(layer, file_name, file_sha256, file_format, crs, encoding, feature_count,
                        added, updated, unchanged, imported_at, imported_by, provenance, licence, accuracy, schematic, warnings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    source.layer.rawValue, source.fileName, source.fileSHA256, source.fileFormat, source.crs, source.encoding,
                    records.count, now, actor, source.provenance, source.licence, source.accuracy, source.schematic,
                    JSONWriter.compact(.array(source.warnings.map(JSONValue.string))),
                ])
            let sourceID = db.lastInsertedRowID
            var summary = ImportSummary(sourceID: sourceID, added: 0, updated: 0, unchanged: 0)
            var codes = LocalCodeAllocator(countyAdcode: try countyAdcode(db))
            let writer = RowWriter<R>(codec: codec, now: now, sourceID: sourceID, actor: actor)

            for var record in records {
                let existing = try existingRecord(for: record, db: db, codec: codec)
                try record.completeForStorage(existing: existing) { type in try codes.next(for: type, db: db) }
                try checkUnique(record, replacing: existing, db: db)
                if let existing, let id = existing.id {
                    record.id = id
                    record.key = existing.key
                    if record == existing {
                        summary.unchanged += 1
                        continue
                    }
                    try writer.update(record, replacing: existing, db: db)
                    summary.updated += 1
                } else {
                    try writer.insert(&record, db: db)
                    summary.added += 1
                }
            }
            try db.execute(
                sql: "UPDATE sources SET added = ?, updated = ?, unchanged = ? WHERE id = ?",
                arguments: [summary.added, summary.updated, summary.unchanged, sourceID])
            if summary.added + summary.updated > 0 { try Self.bumpVersion(of: R.layer.rawValue, db: db) }
            return summary
        }
    }

    /// Marks everything derived from `layer` (snaps, verdicts) as stale.
    static func bumpVersion(of layer: String, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO layer_versions(layer, version) VALUES (?, 1) ON CONFLICT(layer) DO UPDATE SET version = version + 1",
            arguments: [layer])
    }

    private func countyAdcode(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'county_adcode'") ?? "000000"
    }

    /// A code another feature already holds is refused by name, rather than left to SQLite's
    /// UNIQUE constraint, whose message a planner cannot act on.
    func checkUnique<R: StoredRecord>(_ record: R, replacing existing: R?, db: Database) throws {
        for (column, value) in record.uniqueValues {
            let sql = "SELECT key, name FROM \(R.table) WHERE \(column) = ? AND id IS NOT ?"
            if let holder = try Row.fetchOne(try db.cachedStatement(sql: sql), arguments: [value, existing?.id]) {
                throw StoreError.duplicateValue(
                    table: R.table, column: column, value: value, feature: record.name, holder: "\(holder["name"] as String)（\(holder["key"] as String)）")
            }
        }
    }

    private func existingRecord<R: StoredRecord>(for record: R, db: Database, codec: GeometryCodec) throws -> R? {
        // Cached statements: an import runs these once per feature, and preparing them anew
        // each time cost more than running them.
        if let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM \(R.table) WHERE key = ?"), arguments: [record.key]) {
            return try Self.decode(R.self, row: row, codec: codec)
        }
        if let identity = record.alternateIdentity,
            let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM \(R.table) WHERE \(identity.column) = ?"), arguments: [identity.value])
        {
            return try Self.decode(R.self, row: row, codec: codec)
        }
        return nil
    }
}

extension RegistryStore {
    /// A person's edit of one feature, in one transaction: `change` is applied to the stored
    /// record, which is written back with its audit line (what it was before, who, why).
    /// Returns the edited record, or nil if there is no feature `id`.
    public func edit<R: StoredRecord>(_ type: R.Type, id: Int64, actor: String, note: String?, change: (inout R) throws -> Void) throws(StoreError) -> R? {
        try write { db in try edit(type, id: id, actor: actor, note: note, change: change, db: db) }
    }

    func edit<R: StoredRecord>(_ type: R.Type, id: Int64, actor: String, note: String?, change: (inout R) throws -> Void, db: Database) throws -> R? {
        do {
            let codec = GeometryCodec()
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(R.table) WHERE id = ?", arguments: [id]) else { return nil }
            let old = try Self.decode(R.self, row: row, codec: codec)
            var record = old
            try change(&record)
            record.id = old.id
            record.key = old.key
            guard record != old else { return record }
            try checkUnique(record, replacing: old, db: db)
            let writer = RowWriter<R>(codec: codec, now: Timestamp.now(), sourceID: nil, actor: actor, note: note)
            try writer.update(record, replacing: old, db: db)
            try Self.bumpVersion(of: R.layer.rawValue, db: db)
            return record
        }
    }
}

/// Writes rows of one layer table, with their R*Tree entries and audit lines.
struct RowWriter<R: StoredRecord> {
    let codec: GeometryCodec
    let now: String
    /// The import writing the rows; nil for a person's edit, which keeps the row's source.
    let sourceID: Int64?
    let actor: String
    var note: String? = nil

    private var commonColumns: [String] { ["key", "name", "geometry", "extra", "origin_crs", "origin_geometry", "source_id"] }

    private func commonValues(_ r: R) throws -> [(any DatabaseValueConvertible)?] {
        [
            r.key, r.name, try codec.encode(r.geometry), JSONWriter.compact(.object(r.extra)), r.origin.crs.description,
            try r.origin.originalGeometry.map(codec.encode), sourceID,
        ]
    }

    func insert(_ record: inout R, db: Database) throws {
        let columns = commonColumns + ["created_at", "updated_at"] + R.specificColumns
        let values = try commonValues(record) + [now, now] + record.specificValues
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.cachedStatement(sql: "INSERT INTO \(R.table)(\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
            .execute(arguments: StatementArguments(values))
        let id = db.lastInsertedRowID
        record.id = id
        try index(record, id: id, db: db)
        try audit("insert", id: id, before: nil, after: record, db: db)
    }

    func update(_ record: R, replacing old: R, db: Database) throws {
        guard let id = old.id else { return }
        // An edit keeps the row's source: drop the last common column (source_id).
        let common = sourceID == nil ? Array(commonColumns.dropLast()) : commonColumns
        let commonValues = try commonValues(record)
        let columns = common + ["updated_at"] + R.specificColumns
        let values = Array(commonValues.prefix(common.count)) + [now] + record.specificValues + [id]
        let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
        try db.cachedStatement(sql: "UPDATE \(R.table) SET \(assignments) WHERE id = ?").execute(arguments: StatementArguments(values))
        try index(record, id: id, db: db)
        try audit("update", id: id, before: old, after: record, db: db)
    }

    private func index(_ record: R, id: Int64, db: Database) throws {
        guard let e = record.geometry.envelope else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(R.table)_rtree(id, min_x, max_x, min_y, max_y) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [id, e.minX, e.maxX, e.minY, e.maxY])
    }

    /// The change as a history event: every field of a new feature, the differing fields of
    /// an update, so the history alone rebuilds the feature as of any date.
    private func audit(_ action: String, id: Int64, before: R?, after: R, db: Database) throws {
        let reason = note ?? sourceID.map { "导入 import #\($0)" }
        try HistoryWriter.append(
            HistoryEvent(
                entity: EntityRef(.layer(R.layer.rawValue), id), action: action, actor: actor, at: now,
                changes: FieldChange.changes(from: before.map(Self.fields), to: Self.fields(after)), reason: reason),
            db: db)
    }

    /// A record as the history keeps it: key, properties, GeoJSON geometry and the CRS it came in.
    static func fields(_ record: R) -> JSONObject {
        JSONObject(distinct: [JSONObject.Member(key: "key", value: .string(record.key))] + record.allProperties.members.filter { $0.key != "key" } + [
            JSONObject.Member(key: "geometry", value: record.geometry.geoJSON),
            JSONObject.Member(key: "origin_crs", value: .string(record.origin.crs.description)),
        ])
    }
}

/// Hands out local registry codes "LC-{adcode}-{type}-{serial}", serials per type counting on
/// from the highest already stored. These are ours and say so by their prefix: they are never
/// the national code.
struct LocalCodeAllocator {
    let countyAdcode: String
    private var highest: [String: Int]?

    init(countyAdcode: String) {
        self.countyAdcode = countyAdcode
    }

    var prefix: String { "LC-\(countyAdcode)-" }

    mutating func next(for type: OutfallType, db: Database) throws -> String {
        var table = try highest ?? load(db)
        let segment = type.localCodeSegment
        let serial = (table[segment] ?? 0) + 1
        table[segment] = serial
        highest = table
        let digits = String(serial)
        return prefix + segment + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    private func load(_ db: Database) throws -> [String: Int] {
        var table: [String: Int] = [:]
        let codes = try String.fetchAll(db, sql: "SELECT local_code FROM outfalls WHERE local_code LIKE ?", arguments: [prefix + "%"])
        for code in codes {
            let parts = code.dropFirst(prefix.count).split(separator: "-")
            guard parts.count == 2, let serial = Int(parts[1]) else { continue }
            table[String(parts[0]), default: 0] = max(table[String(parts[0])] ?? 0, serial)
        }
        return table
    }
}

/// Store-assigned fields and secondary identities, per layer.
extension StoredRecord {
    public mutating func completeForStorage(existing: Self?, allocate: (OutfallType) throws -> String) throws {}

    public var alternateIdentity: (column: String, value: String)? { nil }

    public var uniqueValues: [(column: String, value: String)] { [] }
}

extension Outfall {
    /// Keeps the local code already issued; issues one to a new outfall.
    public mutating func completeForStorage(existing: Outfall?, allocate: (OutfallType) throws -> String) throws {
        if localCode == nil { localCode = try existing?.localCode ?? allocate(type) }
    }

    /// The national code identifies an outfall whatever file it arrives in.
    public var alternateIdentity: (column: String, value: String)? { nationalCode.map { ("national_code", $0) } }

    public var uniqueValues: [(column: String, value: String)] {
        [nationalCode.map { ("national_code", $0) }, localCode.map { ("local_code", $0) }].compactMap { $0 }
    }
}
