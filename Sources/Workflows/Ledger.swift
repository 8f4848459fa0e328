import Attachments
import Foundation
import JSON
import Registry
import RegistryStore
import Supervision

/// The supervision ledger's use cases (排查、溯源、责任主体、一口一档), shared by the CLI and the
/// server: front ends call these, never a store. Each use case lives in an extension in its
/// own file (`Ledger+Surveys.swift`, `Ledger+Tracing.swift`, …).
///
/// Every change goes through ``change(actor:at:reason:_:)``: one transaction, and every entity
/// it touches gets a history event with who, when and what changed, field by field.
///
/// ## Topics
/// - Opening: ``init(registry:)``
/// - History: ``history(of:)``, ``state(of:asOf:)``, ``recentHistory(kind:limit:)``
public struct Ledger: Sendable {
    public let registry: Registry
    public let store: any LedgerStore
    public let attachments: AttachmentStore

    public init(registry: Registry) {
        self.registry = registry
        self.store = registry.store.ledger
        self.attachments = AttachmentStore.beside(databasePath: registry.store.path)
    }

    /// Runs `body` in one transaction as `actor`. `at` is when the work happened, if not now
    /// (backfill: "surveyed on 3 May", entered today); both times are kept.
    public func change<T>(actor: String, at: String? = nil, _ body: (LedgerTransaction) throws -> T) throws(LedgerError) -> T {
        let now = Timestamp.now()
        do {
            return try store.write { writer in
                try body(LedgerTransaction(writer: writer, actor: actor, at: at ?? now, recordedAt: now))
            }
        } catch {
            throw Self.ledgerError(error)
        }
    }

    /// Runs `body` on one consistent snapshot.
    public func read<T>(_ body: (any LedgerReading) throws -> T) throws(LedgerError) -> T {
        do { return try store.read(body) } catch { throw Self.ledgerError(error) }
    }

    /// Everything that happened to one entity, oldest first.
    public func history(of ref: EntityRef) throws(LedgerError) -> [HistoryEvent] {
        try read { reader in try reader.events(of: ref) }
    }

    /// The last `limit` events of one kind (or of all), oldest first.
    public func recentHistory(kind: EntityKind? = nil, limit: Int = 50) throws(LedgerError) -> [HistoryEvent] {
        try read { reader in try reader.events(kind: kind, limit: limit) }
    }

    /// An entity's document as it stood at the end of `asOf` (a date `YYYY-MM-DD`, China time,
    /// or an ISO 8601 instant), rebuilt from its history alone.
    public func state(of ref: EntityRef, asOf: String) throws(LedgerError) -> JSONObject? {
        HistoryReplay.state(of: try history(of: ref), asOf: asOf)
    }

    static func ledgerError(_ error: any Error) -> LedgerError {
        switch error {
        case let error as LedgerError: error
        case let error as StoreError: .storage("\(error)")
        case let error as AttachmentError: .refused(subject: "附件", reason: "\(error)")
        default: .storage("\(error)")
        }
    }
}
