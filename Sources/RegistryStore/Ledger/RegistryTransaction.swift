import GRDB
import Supervision

/// Layers and ledger changed in one transaction: a reviewed survey that creates an outfall
/// writes the outfall feature and its supervision file together, or neither.
public struct RegistryTransaction {
    let store: RegistryStore
    let db: Database

    /// The ledger inside this transaction.
    public var ledger: any LedgerWriting { LedgerConnection(db: db) }

    /// ``RegistryStore/importRecords(_:source:actor:)`` inside this transaction.
    public func importRecords<R: StoredRecord>(_ records: [R], source: SourceRecord, actor: String) throws -> ImportSummary {
        try store.importRecords(records, source: source, actor: actor, db: db)
    }

    /// ``RegistryStore/edit(_:id:actor:note:change:)`` inside this transaction.
    public func edit<R: StoredRecord>(_ type: R.Type, id: Int64, actor: String, note: String?, change: (inout R) throws -> Void) throws -> R? {
        try store.edit(type, id: id, actor: actor, note: note, change: change, db: db)
    }

    /// The stored feature with this key, if any.
    public func fetch<R: StoredRecord>(_ type: R.Type, key: String) throws -> R? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(R.table) WHERE key = ?", arguments: [key]) else { return nil }
        return try RegistryStore.decode(R.self, row: row, codec: GeometryCodec())
    }

    public func fetch<R: StoredRecord>(_ type: R.Type, id: Int64) throws -> R? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(R.table) WHERE id = ?", arguments: [id]) else { return nil }
        return try RegistryStore.decode(R.self, row: row, codec: GeometryCodec())
    }
}

extension RegistryStore {
    /// Runs `body` in one write transaction over layers and ledger, rolled back if it throws.
    /// The caller's own errors (a refused input) come out as they went in; database failures
    /// as ``StoreError``.
    public func writeTogether<T>(_ body: (RegistryTransaction) throws -> T) throws -> T {
        try passingThrough { try pool.write { db in try body(RegistryTransaction(store: self, db: db)) } }
    }

    /// Runs `body`, turning SQLite's errors into ``StoreError`` and letting every other error
    /// through unchanged, so a use case's "refused" stays a refusal rather than a database fault.
    func passingThrough<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError.sqlite("\(error)")
        }
    }
}
