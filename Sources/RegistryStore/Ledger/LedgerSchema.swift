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
}
