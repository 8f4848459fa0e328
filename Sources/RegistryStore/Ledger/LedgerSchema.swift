import GRDB
import JSON
import Supervision

/// Tables of the supervision ledger: documents keyed by (kind, id), the id counters, and the
/// entity-keyed history every change goes to (docs/data-model.md).
enum LedgerSchema {
    static let tables = """
        CREATE TABLE ledger_documents (
            kind TEXT NOT NULL,
            id INTEGER NOT NULL,
            document TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;
        CREATE TABLE ledger_ids (
            kind TEXT PRIMARY KEY,
            last_id INTEGER NOT NULL
        );
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            entity_kind TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '[]',
            reason TEXT,
            related TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX history_entity ON history(entity_kind, entity_id);
        CREATE INDEX history_at ON history(at);
        """

    /// The layer audit log of earlier versions becomes the first events of the history, and
    /// the old table goes: one history for everything. Legacy updates kept only the version
    /// they replaced; it is carried over whole as `legacy_previous_version`, so nothing is lost.
    static func moveAuditLog(_ db: Database) throws {
        let parser = JSONParser()
        func object(_ text: String?) throws -> JSONObject? {
            guard let text else { return nil }
            guard var object = try parser.parse(text).objectValue else { return nil }
            // Layer snapshots were {properties, geometry, origin_crs}: flatten to fields.
            if case .object(let properties)? = object["properties"] {
                let rest = object.members.filter { $0.key != "properties" }
                object = JSONObject(distinct: properties.members + rest)
            }
            return object
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id") {
            let layer: String? = row["layer"]
            let kind: EntityKind = switch layer {
            case "users": .user
            case "siting_rules": .rules
            case let name?: .layer(name)
            case nil: EntityKind(rawValue: "registry")
            }
            let before = try object(row["before"]), after = try object(row["after"])
            var changes: [FieldChange]
            if before != nil, after == nil {
                changes = [FieldChange(field: "legacy_previous_version", before: before.map(JSONValue.object), after: nil)]
            } else {
                changes = FieldChange.changes(from: before, to: after)
            }
            if let key: String = row["feature_key"], before == nil, after == nil { changes.append(FieldChange(field: "key", before: nil, after: .string(key))) }
            let note: String? = row["note"]
            let source: Int64? = row["source_id"]
            let event = HistoryEvent(
                entity: EntityRef(kind, row["feature_id"] ?? 0), action: row["action"], actor: row["actor"], at: row["at"],
                changes: changes, reason: note ?? source.map { "导入 import #\($0)" })
            _ = try HistoryWriter.append(event, db: db)
        }
        try db.execute(sql: "DROP INDEX IF EXISTS audit_log_feature; DROP TABLE audit_log")
    }
}
