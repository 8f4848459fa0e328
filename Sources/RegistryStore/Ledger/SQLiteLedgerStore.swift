import GRDB
import JSON
import Supervision

/// The supervision ledger in the registry's SQLite file: the ``LedgerStore`` seam over the
/// same connection as the layers, so a use case can change layers and ledger in one
/// transaction when it must (``RegistryStore/writeTogether(_:)``).
public struct SQLiteLedgerStore: LedgerStore {
    let registry: RegistryStore

    public init(registry: RegistryStore) {
        self.registry = registry
    }

    public func read<T>(_ body: (any LedgerReading) throws -> T) throws -> T {
        try registry.passingThrough { try registry.pool.read { db in try body(LedgerConnection(db: db)) } }
    }

    public func write<T>(_ body: (any LedgerWriting) throws -> T) throws -> T {
        try registry.passingThrough { try registry.pool.write { db in try body(LedgerConnection(db: db)) } }
    }
}

extension RegistryStore {
    /// The ledger in this registry.
    public var ledger: SQLiteLedgerStore { SQLiteLedgerStore(registry: self) }
}

/// One connection's view of the ledger tables, inside a read or a write.
struct LedgerConnection: LedgerWriting {
    let db: Database

    func document(_ ref: EntityRef) throws -> StoredDocument? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM ledger_documents WHERE kind = ? AND id = ?"), arguments: [ref.kind.rawValue, ref.id]
        ).map(Self.stored)
    }

    func documents(_ kind: EntityKind) throws -> [StoredDocument] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM ledger_documents WHERE kind = ? ORDER BY id"), arguments: [kind.rawValue])
            .map(Self.stored)
    }

    func events(of ref: EntityRef) throws -> [HistoryEvent] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM history WHERE entity_kind = ? AND entity_id = ? ORDER BY id"),
            arguments: [ref.kind.rawValue, ref.id]
        ).map(Self.event)
    }

    func events(kind: EntityKind?, limit: Int?) throws -> [HistoryEvent] {
        var sql = "SELECT * FROM history"
        var arguments: StatementArguments = []
        if let kind {
            sql += " WHERE entity_kind = ?"
            arguments += [kind.rawValue]
        }
        sql += " ORDER BY id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.event).reversed()
    }

    func insert(_ kind: EntityKind, _ document: JSONObject, at: String) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO ledger_ids(kind, last_id) VALUES (?, 1) ON CONFLICT(kind) DO UPDATE SET last_id = last_id + 1",
            arguments: [kind.rawValue])
        guard let id = try Int64.fetchOne(db, sql: "SELECT last_id FROM ledger_ids WHERE kind = ?", arguments: [kind.rawValue]) else {
            throw StoreError.sqlite("ledger id counter for \(kind) missing")
        }
        try db.execute(
            sql: "INSERT INTO ledger_documents(kind, id, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [kind.rawValue, id, JSONWriter.compact(.object(document)), at, at])
        return id
    }

    func put(_ ref: EntityRef, _ document: JSONObject, at: String) throws {
        try db.execute(
            sql: """
                INSERT INTO ledger_documents(kind, id, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(kind, id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                """,
            arguments: [ref.kind.rawValue, ref.id, JSONWriter.compact(.object(document)), at, at])
        // Ids given from outside (an outfall file takes its outfall's id) keep the counter ahead.
        try db.execute(
            sql: "INSERT INTO ledger_ids(kind, last_id) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET last_id = max(last_id, excluded.last_id)",
            arguments: [ref.kind.rawValue, ref.id])
    }

    func delete(_ ref: EntityRef) throws {
        try db.execute(sql: "DELETE FROM ledger_documents WHERE kind = ? AND id = ?", arguments: [ref.kind.rawValue, ref.id])
    }

    func append(_ event: HistoryEvent) throws -> Int64 {
        try HistoryWriter.append(event, db: db)
    }

    static func stored(_ row: Row) throws -> StoredDocument {
        let kind = EntityKind(rawValue: row["kind"])
        let id: Int64 = row["id"]
        guard let document = try JSONParser().parse(row["document"] as String).objectValue else {
            throw StoreError.corruptRow(table: "ledger_documents", id: id, reason: "document is not a JSON object")
        }
        return StoredDocument(ref: EntityRef(kind, id), document: document, createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    static func event(_ row: Row) throws -> HistoryEvent {
        let id: Int64 = row["id"]
        let changes = try JSONParser().parse(row["changes"] as String).arrayValue ?? []
        let related = try JSONParser().parse(row["related"] as String).arrayValue ?? []
        return HistoryEvent(
            id: id, entity: EntityRef(EntityKind(rawValue: row["entity_kind"]), row["entity_id"]), action: row["action"],
            actor: row["actor"], at: row["at"], recordedAt: row["recorded_at"],
            changes: changes.compactMap { value in
                guard let object = value.objectValue, let field = object["field"]?.stringValue else { return nil }
                return FieldChange(field: field, before: present(object["before"]), after: present(object["after"]))
            },
            reason: row["reason"],
            related: related.compactMap { value in
                guard let object = value.objectValue, let kind = object["kind"]?.stringValue, let id = object["id"]?.doubleValue else { return nil }
                return EntityRef(EntityKind(rawValue: kind), Int64(id))
            })
    }

    private static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }
}

/// Writes history events; shared by the ledger and by the layer tables' own writes.
enum HistoryWriter {
    @discardableResult
    static func append(_ event: HistoryEvent, db: Database) throws -> Int64 {
        let changes = JSONValue.array(event.changes.map { change in
            .object(JSONObject([("field", .string(change.field)), ("before", change.before ?? .null), ("after", change.after ?? .null)]))
        })
        let related = JSONValue.array(event.related.map { ref in
            .object(JSONObject([("kind", .string(ref.kind.rawValue)), ("id", .number(Double(ref.id)))]))
        })
        try db.cachedStatement(
            sql: """
                INSERT INTO history(entity_kind, entity_id, action, actor, at, recorded_at, changes, reason, related)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            event.entity.kind.rawValue, event.entity.id, event.action, event.actor, event.at, event.recordedAt,
            JSONWriter.compact(changes), event.reason, JSONWriter.compact(related),
        ])
        return db.lastInsertedRowID
    }
}
