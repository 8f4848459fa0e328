import Supervision

/// Reads every front end needs of any ledger kind: all entities of a type, one by id, and
/// the attachment record of a stored file.
extension Ledger {
    public func entities<E: LedgerEntity>(_ type: E.Type) throws(LedgerError) -> [E] {
        try read { reader in try reader.documents(E.kind).map { stored throws(LedgerError) in try E.decode(stored) } }
    }

    public func entity<E: LedgerEntity>(_ type: E.Type, id: Int64) throws(LedgerError) -> E? {
        try read { reader in try reader.document(EntityRef(E.kind, id)).map { stored throws(LedgerError) in try E.decode(stored) } }
    }

    /// The record of the stored file with this digest, if the ledger knows it.
    public func attachment(sha256: String) throws(LedgerError) -> AttachmentRecord? {
        try entities(AttachmentRecord.self).first { $0.sha256 == sha256 }
    }
}
