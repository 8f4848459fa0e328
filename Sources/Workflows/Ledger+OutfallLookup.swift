import OutfallModel
import Registry
import RegistryStore
import Supervision

extension Ledger {
    /// The outfall a person named: by registry key, national code, local code or id, tried
    /// in that order (a key or code that looks like a number still wins over an id). A text
    /// that names two different outfalls is refused with both, rather than one picked.
    public func outfall(named text: String) throws(LedgerError) -> Outfall {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty, wanted.count <= 200 else {
            throw .refused(subject: "排污口", reason: "请给出排污口的键、国家编码、本地编码或 ID (give a key, code or id)")
        }
        let all = try registryCall { try registry.store.fetchAll(Outfall.self) }
        let matchers: [(Outfall) -> Bool] = [{ $0.key == wanted }, { $0.nationalCode == wanted }, { $0.localCode == wanted }]
        for match in matchers {
            let found = all.filter(match)
            if found.count == 1 { return found[0] }
            if found.count > 1 {
                let names = found.map { "\($0.name)（ID \($0.id ?? 0)）" }.joined(separator: "、")
                throw .refused(subject: "排污口“\(wanted)”", reason: "对应多个排污口：\(names)；请用 ID (ambiguous, use the id)")
            }
        }
        if let id = Int64(wanted), let found = all.first(where: { $0.id == id }) { return found }
        throw .notFound(.outfall, wanted)
    }
}
