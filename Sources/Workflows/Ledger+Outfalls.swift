import OutfallModel
import Registry
import Supervision

extension Ledger {
    /// The outfall a person means by `text`: its id (`9` or `#9`), key, local code or
    /// national code; a text that names two outfalls is refused rather than guessed.
    public func outfall(_ text: String) throws(LedgerError) -> Outfall {
        guard text.count <= 200 else { throw .refused(subject: "排污口", reason: "名称过长，请给出排污口 ID、键、本地编码或国家编码") }
        let all: [Outfall]
        do { all = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        return try OutfallLookup(all).find(text)
    }
}
