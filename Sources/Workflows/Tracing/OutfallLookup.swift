import Foundation
import OutfallModel
import Supervision

/// Finds an outfall the way people name one: its registry key, local code, national code
/// or id (the number `outfalls list` shows). A text that names two outfalls is refused
/// rather than guessed.
struct OutfallLookup {
    let outfalls: [Outfall]
    private var byID: [Int64: Outfall] = [:]
    private var byText: [String: [Int64]] = [:]

    init(_ outfalls: [Outfall]) {
        self.outfalls = outfalls
        for outfall in outfalls {
            guard let id = outfall.id else { continue }
            byID[id] = outfall
            for text in Set([outfall.key, outfall.localCode, outfall.nationalCode].compactMap { $0 }) {
                byText[text, default: []].append(id)
            }
        }
    }

    func outfall(id: Int64) -> Outfall? { byID[id] }

    func find(_ text: String) throws(LedgerError) -> Outfall {
        let given = text.trimmingCharacters(in: .whitespaces)
        let ids = byText[given] ?? []
        if ids.count > 1 {
            throw .refused(subject: "排污口“\(given)”", reason: "对应多个排污口（ID \(ids.map(String.init).joined(separator: "、"))），请用 ID (ambiguous, use the id)")
        }
        if let id = ids.first, let outfall = byID[id] { return outfall }
        let digits = given.hasPrefix("#") ? String(given.dropFirst()) : given
        if let id = Int64(digits), let outfall = byID[id] { return outfall }
        throw .notFound(.layer("outfalls"), given)
    }
}
