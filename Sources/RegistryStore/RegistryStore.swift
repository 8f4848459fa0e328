import Foundation
import GRDB
import GeoKit
import JSON
import OutfallModel
import Supervision

/// The registry database: one SQLite file in WAL mode holding every layer, the provenance
/// of every import and an audit log of every change.
///
/// All writes of one import happen in one transaction: a failure leaves the file as it was.
/// Many processes may read while one writes (WAL); a writer waits (up to a timeout) rather
/// than failing with "database is locked".
///
/// Each process holds one connection (a GRDB `DatabaseQueue`), not a pool: a pool writes to
/// the file as it opens (to create the WAL), and a command that changes nothing must leave
/// the file byte for byte as it was.
///
/// ## Topics
/// - Opening: ``open(path:)``, ``create(path:settings:force:)``
/// - Reading: ``fetchAll(_:)``, ``count(_:)``, ``sources(layer:)``, ``auditLog(layer:featureID:)``
/// - Writing: ``importRecords(_:source:actor:)``
/// - Safety: ``backup(to:)``
public final class RegistryStore: Sendable {
    public let path: String
    let pool: DatabaseQueue

    private init(path: String, pool: DatabaseQueue) {
        self.path = path
        self.pool = pool
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // WAL is recorded in the file by create(); NORMAL sync is safe with WAL.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// Opens an existing registry, applying any schema migrations it lacks.
    public static func open(path: String) throws(StoreError) -> RegistryStore {
        guard FileManager.default.fileExists(atPath: path) else { throw .databaseMissing(path: path) }
        do {
            let pool = try DatabaseQueue(path: path, configuration: configuration())
            let isRegistry = try pool.read { db in try db.tableExists("settings") }
            guard isRegistry else { throw StoreError.notARegistry(path: path) }
            try Schema.migrator.migrate(pool)
            return RegistryStore(path: path, pool: pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Creates a new, empty registry. With `force`, an existing file is first moved aside to
    /// `PATH.bak-TIMESTAMP`, never deleted.
    public static func create(path: String, settings: RegistrySettings, force: Bool = false) throws(StoreError) -> RegistryStore {
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            guard force else { throw .databaseExists(path: path) }
            let stamp = Timestamp.compact()
            do {
                try files.moveItem(atPath: path, toPath: "\(path).bak-\(stamp)")
                for suffix in ["-wal", "-shm"] where files.fileExists(atPath: path + suffix) {
                    try files.moveItem(atPath: path + suffix, toPath: "\(path).bak-\(stamp)\(suffix)")
                }
            } catch {
                throw .cannotOpen(path: path, reason: "could not move the old file aside: \(error)")
            }
        }
        do {
            let pool = try DatabaseQueue(path: path, configuration: configuration())
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try Schema.migrator.migrate(pool)
            try pool.write { db in
                let region = JSONValue.object(JSONObject([
                    ("name", .string(settings.region.name)),
                    ("min_lon", .number(settings.region.envelope.minX)), ("min_lat", .number(settings.region.envelope.minY)),
                    ("max_lon", .number(settings.region.envelope.maxX)), ("max_lat", .number(settings.region.envelope.maxY)),
                ]))
                for (key, value) in [
                    ("region", JSONWriter.compact(region)), ("county_adcode", settings.countyAdcode),
                    ("created_at", Timestamp.now()), ("schema", "outfall-registry"),
                    ("metric_epsg", String(settings.metricEPSG)),
                    ("snap_max_distance_m", JSONWriter.format(number: settings.snapMaxDistance)),
                    ("snap_ambiguity_margin_m", JSONWriter.format(number: settings.snapAmbiguityMargin)),
                ] {
                    try db.execute(sql: "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
            return RegistryStore(path: path, pool: pool)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let error as StoreError { throw error } catch { throw .sqlite("\(error)") }
    }

    /// Runs `body` in one write transaction, rolled back if it throws.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch let error as StoreError { throw error } catch { throw .sqlite("\(error)") }
    }

    // MARK: Settings

    public func settings() throws(StoreError) -> RegistrySettings {
        try read { db in
            let values = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM settings").map {
                ($0["key"] as String, $0["value"] as String)
            })
            guard let regionText = values["region"], let adcode = values["county_adcode"],
                let region = try? JSONParser().parse(regionText).objectValue,
                let name = region["name"]?.stringValue,
                let minX = region["min_lon"]?.doubleValue, let minY = region["min_lat"]?.doubleValue,
                let maxX = region["max_lon"]?.doubleValue, let maxY = region["max_lat"]?.doubleValue
            else { throw StoreError.notARegistry(path: path) }
            return RegistrySettings(
                region: Region(name: name, envelope: Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)),
                countyAdcode: adcode, metricEPSG: values["metric_epsg"].flatMap(Int.init) ?? 4545,
                snapMaxDistance: values["snap_max_distance_m"].flatMap(Double.init) ?? 500,
                snapAmbiguityMargin: values["snap_ambiguity_margin_m"].flatMap(Double.init) ?? 10)
        }
    }

    // MARK: Reading layers

    public func count(_ layer: LayerKind) throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(layer.rawValue)") ?? 0 }
    }

    public func fetchAll<R: StoredRecord>(_ type: R.Type) throws(StoreError) -> [R] {
        try fetch(type, where: nil)
    }

    public func fetch<R: StoredRecord>(_ type: R.Type, id: Int64) throws(StoreError) -> R? {
        try fetch(type, where: "id = ?", arguments: [id]).first
    }

    public func fetch<R: StoredRecord>(_ type: R.Type, key: String) throws(StoreError) -> R? {
        try fetch(type, where: "key = ?", arguments: [key]).first
    }

    /// Ids of the features whose bounding boxes intersect `envelope` (lon/lat), by R*Tree.
    public func ids(in layer: LayerKind, intersecting envelope: Envelope) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM \(layer.rawValue)_rtree WHERE max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?",
                arguments: [envelope.minX, envelope.maxX, envelope.minY, envelope.maxY])
        }
    }

    func fetch<R: StoredRecord>(_ type: R.Type, where condition: String?, arguments: StatementArguments = []) throws(StoreError) -> [R] {
        try read { db in try Self.fetch(type, where: condition, arguments: arguments, db: db) }
    }

    static func fetch<R: StoredRecord>(_ type: R.Type, where condition: String?, arguments: StatementArguments = [], db: Database) throws -> [R] {
        let codec = GeometryCodec()
        let sql = "SELECT * FROM \(R.table)" + (condition.map { " WHERE \($0)" } ?? "") + " ORDER BY id"
        var result: [R] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() { result.append(try Self.decode(R.self, row: row, codec: codec)) }
        return result
    }

    static func decode<R: StoredRecord>(_ type: R.Type, row: Row, codec: GeometryCodec) throws -> R {
        let id: Int64 = row["id"]
        do {
            let originText: String = row["origin_crs"]
            let originCRS = originText == "EPSG:4490" ? CRS.cgcs2000 : try CRS(parsing: originText)
            let originalGeometry = try (row["origin_geometry"] as Data?).map(codec.decode)
            let common = CommonParts(
                id: id, key: row["key"], name: row["name"], geometry: try codec.decode(row["geometry"]),
                extra: try Self.extra(row["extra"]),
                origin: CoordinateOrigin(crs: originCRS, originalGeometry: originalGeometry))
            return try R.decode(row, common: common)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corruptRow(table: R.table, id: id, reason: "\(error)")
        }
    }

    /// Most features have no extra properties: skip the parser for "{}".
    static func extra(_ text: String) throws -> JSONObject {
        text == "{}" ? JSONObject() : try JSONParser().parse(text).objectValue ?? JSONObject()
    }

    // MARK: Provenance and audit

    public func sources(layer: LayerKind? = nil) throws(StoreError) -> [SourceRecord] {
        try read { db in
            let sql = "SELECT * FROM sources" + (layer == nil ? "" : " WHERE layer = ?") + " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: layer.map { [$0.rawValue] } ?? []).map(Self.source)
        }
    }

    static func source(_ row: Row) -> SourceRecord {
        var record = SourceRecord(
            layer: LayerKind(rawValue: row["layer"]) ?? .outfalls, fileName: row["file_name"], fileSHA256: row["file_sha256"],
            fileFormat: row["file_format"], crs: row["crs"], encoding: row["encoding"], featureCount: row["feature_count"],
            provenance: row["provenance"], licence: row["licence"], accuracy: row["accuracy"], schematic: row["schematic"],
            warnings: (try? JSONParser().parse(row["warnings"] as String).arrayValue?.compactMap(\.stringValue)) ?? [])
        record.id = row["id"]
        record.added = row["added"]
        record.updated = row["updated"]
        record.unchanged = row["unchanged"]
        record.importedAt = row["imported_at"]
        record.importedBy = row["imported_by"]
        return record
    }

    /// The history of the layers, the user accounts and the siting rules (the registry's
    /// part of the entity-keyed history; the ledger reads its own part through ``ledger``).
    public func auditLog(layer: LayerKind? = nil, featureID: Int64? = nil) throws(StoreError) -> [AuditEntry] {
        try read { db in
            var conditions = ["(entity_kind LIKE 'layer.%' OR entity_kind IN ('user', 'rules'))"]
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let layer { conditions.append("entity_kind = ?"); arguments.append(EntityKind.layer(layer.rawValue).rawValue) }
            if let featureID { conditions.append("entity_id = ?"); arguments.append(featureID) }
            let sql = "SELECT * FROM history WHERE " + conditions.joined(separator: " AND ") + " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                let event = try LedgerConnection.event(row)
                let kind = event.entity.kind.rawValue
                let table = kind.hasPrefix("layer.") ? String(kind.dropFirst(6)) : kind == "user" ? "users" : "siting_rules"
                return AuditEntry(
                    id: event.id ?? 0, at: event.at, actor: event.actor, action: event.action, layer: table,
                    featureID: kind.hasPrefix("layer.") || kind == "user" ? event.entity.id : nil, changes: event.changes, note: event.reason)
            }
        }
    }

    // MARK: Safety

    /// Copies the database to `path` with SQLite's online backup, safe while others write.
    public func backup(to path: String) throws(StoreError) {
        do {
            let target = try DatabaseQueue(path: path)
            try pool.backup(to: target)
        } catch {
            throw .sqlite("backup to \(path) failed: \(error)")
        }
    }

    /// SQLite's own integrity check: "ok" when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

/// Timestamps as the registry writes them: ISO 8601, UTC, to the millisecond.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    /// `date` as the registry writes timestamps (they sort as text in time order).
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func compact() -> String {
        now().filter { $0.isNumber }.prefix(14).description
    }
}
