import JSON

/// One person's change to the ledger, inside one store transaction: every entity it
/// creates or saves gets a history event with who, when, the field-level changes and why.
/// Use cases make all their changes through this, so nothing changes without a trace.
public struct LedgerTransaction {
    public let writer: any LedgerWriting
    public let actor: String
    /// When the work happened (backfilled work carries its own date); UTC ISO 8601.
    public let at: String
    /// When it was entered; UTC ISO 8601.
    public let recordedAt: String

    public init(writer: any LedgerWriting, actor: String, at: String, recordedAt: String) {
        self.writer = writer
        self.actor = actor
        self.at = at
        self.recordedAt = recordedAt
    }

    public func load<E: LedgerEntity>(_ type: E.Type, id: Int64) throws -> E? {
        try writer.document(EntityRef(E.kind, id)).map { stored throws(LedgerError) in try E.decode(stored) }
    }

    public func all<E: LedgerEntity>(_ type: E.Type) throws -> [E] {
        try writer.documents(E.kind).map { stored throws(LedgerError) in try E.decode(stored) }
    }

    /// Stores a new entity (assigning its id) with a `create` event listing every field.
    @discardableResult
    public func create<E: LedgerEntity>(_ entity: inout E, action: String = "create", reason: String? = nil, related: [EntityRef] = []) throws -> EntityRef {
        let document = try entity.document()
        let id = try writer.insert(E.kind, document, at: recordedAt)
        entity.id = id
        let ref = EntityRef(E.kind, id)
        try writer.append(HistoryEvent(
            entity: ref, action: action, actor: actor, at: at, recordedAt: recordedAt,
            changes: FieldChange.changes(from: nil, to: document), reason: reason, related: related))
        return ref
    }

    /// Stores `entity` under its own id — a new one with that id, or a new version of an
    /// existing one — with an event holding what changed. Nothing is written and no event
    /// is recorded when nothing changed; the changes are returned.
    @discardableResult
    public func save<E: LedgerEntity>(_ entity: E, action: String = "update", reason: String? = nil, related: [EntityRef] = []) throws -> [FieldChange] {
        guard let ref = entity.ref else { throw LedgerError.refused(subject: E.kind.label, reason: "没有编号，不能保存 (no id)") }
        let document = try entity.document()
        let old = try writer.document(ref)
        let changes = FieldChange.changes(from: old?.document, to: document)
        guard !changes.isEmpty || old == nil else { return [] }
        try writer.put(ref, document, at: recordedAt)
        try writer.append(HistoryEvent(
            entity: ref, action: old == nil ? "create" : action, actor: actor, at: at, recordedAt: recordedAt,
            changes: changes, reason: reason, related: related))
        return changes
    }

    /// An event that changes no field of `ref` (a photo attached, a merge noted on the survivor).
    public func note(_ ref: EntityRef, action: String, reason: String? = nil, related: [EntityRef] = [], changes: [FieldChange] = []) throws {
        try writer.append(HistoryEvent(
            entity: ref, action: action, actor: actor, at: at, recordedAt: recordedAt, changes: changes, reason: reason, related: related))
    }

    /// Removes the entity's document; its history stays and ends in a `delete` event.
    public func delete(_ ref: EntityRef, reason: String?) throws {
        guard let old = try writer.document(ref) else { throw LedgerError.notFound(ref.kind, String(ref.id)) }
        try writer.delete(ref)
        try writer.append(HistoryEvent(
            entity: ref, action: "delete", actor: actor, at: at, recordedAt: recordedAt,
            changes: FieldChange.changes(from: old.document, to: nil), reason: reason))
    }
}
