import JSON

/// The storage seam of the supervision ledger: documents keyed by ``EntityRef`` and an
/// append-only history of events, nothing else. The SQLite registry implements it today
/// (`RegistryStore`); a PostgreSQL/PostGIS backend would be one more implementation of
/// these two methods and the two small protocols below.
///
/// Everything inside one ``write(_:)`` is one transaction: all of it is stored, or none.
public protocol LedgerStore: Sendable {
    /// Runs `body` on one consistent snapshot.
    func read<T>(_ body: (any LedgerReading) throws -> T) throws -> T
    /// Runs `body` in one transaction, rolled back if it throws.
    func write<T>(_ body: (any LedgerWriting) throws -> T) throws -> T
}

/// What a snapshot of the ledger answers.
public protocol LedgerReading {
    func document(_ ref: EntityRef) throws -> StoredDocument?
    /// Every document of `kind`, in id order.
    func documents(_ kind: EntityKind) throws -> [StoredDocument]
    /// The history of one entity, in the order it was entered.
    func events(of ref: EntityRef) throws -> [HistoryEvent]
    /// Events of one kind (or all kinds), in the order they were entered; `limit` keeps the last ones.
    func events(kind: EntityKind?, limit: Int?) throws -> [HistoryEvent]
}

/// What a transaction may change.
public protocol LedgerWriting: LedgerReading {
    /// Stores a new document and returns its id (unique within its kind).
    func insert(_ kind: EntityKind, _ document: JSONObject, at: String) throws -> Int64
    /// Stores `document` under `ref`, replacing what was there (or creating it with that id).
    func put(_ ref: EntityRef, _ document: JSONObject, at: String) throws
    func delete(_ ref: EntityRef) throws
    @discardableResult func append(_ event: HistoryEvent) throws -> Int64
}

/// A document as stored, with the store's own times (UTC ISO 8601).
public struct StoredDocument: Sendable, Hashable {
    public var ref: EntityRef
    public var document: JSONObject
    public var createdAt: String
    public var updatedAt: String

    public init(ref: EntityRef, document: JSONObject, createdAt: String, updatedAt: String) {
        self.ref = ref
        self.document = document
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
