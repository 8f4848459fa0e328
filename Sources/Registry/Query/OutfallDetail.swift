import LayerFormats
import OutfallModel
import RegistryStore
import Siting

/// One outfall with everything a detail page shows: the listing, its findings and its
/// history from the audit log.
public struct OutfallDetail: Sendable {
    public var listing: OutfallListing
    public var findings: [Finding]
    public var history: [AuditEntry]
}

extension Registry {
    /// The outfall with this id, or nil.
    public func outfallDetail(id: Int64) throws(RegistryError) -> OutfallDetail? {
        guard try wrapping({ try store.fetch(Outfall.self, id: id) }) != nil else { return nil }
        let history = try auditLog(layer: .outfalls, featureID: id)
        if try storedRules() != nil {
            guard let row = try screening().first(where: { $0.outfall.id == id }) else { return nil }
            let listing = OutfallListing(outfall: row.outfall, township: row.township, snap: row.snap, verdict: row.verdict)
            return OutfallDetail(listing: listing, findings: try row.findingList(), history: history)
        }
        guard let listing = try outfalls().first(where: { $0.outfall.id == id }) else { return nil }
        return OutfallDetail(listing: listing, findings: [], history: history)
    }
}

extension Registry {
    /// Sets an outfall's status (a planner's edit), recorded in the audit log with `note`.
    /// Screening is redone on next use: a proposed outfall is checked as a new one.
    public func setStatus(outfall id: Int64, to status: OutfallStatus, note: String?, actor: String) throws(RegistryError) {
        try Self.checkLength(note, field: "备注 (note)", limit: ImportLimits.textLength)
        let edited = try wrapping { try store.edit(Outfall.self, id: id, actor: actor, note: note) { $0.status = status } }
        guard edited != nil else { throw .invalid("没有排污口 \(id) (no such outfall)") }
    }
}

extension Registry {
    /// Refuses a hand-typed text over the same limits as imported ones (``ImportLimits``).
    public static func checkLength(_ text: String?, field: String, limit: Int) throws(RegistryError) {
        guard let text, text.prefix(limit + 1).count > limit else { return }
        throw .invalid("\(field)长 \(text.unicodeScalars.count) 个字符，超过上限 \(limit) 个字符，未保存 (text too long)")
    }
}

extension Registry {
    /// Changes whenever anything a listing, map or export shows can have changed (layer and
    /// rule versions, imports): what caches of those are keyed on.
    public func dataSignature() throws(RegistryError) -> String {
        try wrapping { try store.dataSignature() }
    }
}
