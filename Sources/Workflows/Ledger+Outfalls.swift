import OutfallModel
import Registry
import Supervision

extension Ledger {
    /// The outfall a person means by `text`: its id, key, local code or national code.
    public func outfall(_ text: String) throws(LedgerError) -> Outfall {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else { throw .refused(subject: "排污口", reason: "请给出排污口 ID、键、本地编码或国家编码") }
        let all: [Outfall]
        do { all = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        if let id = Int64(trimmed), let found = all.first(where: { $0.id == id }) { return found }
        if let found = all.first(where: { $0.key == trimmed || $0.localCode == trimmed || $0.nationalCode == trimmed }) { return found }
        throw .notFound(.layer("outfalls"), trimmed)
    }
}
