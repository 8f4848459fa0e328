import Foundation
import Supervision

/// Finds a discharging unit the way people name one: its 统一社会信用代码, its exact name,
/// or its id (`#3` or `3`). A name two units share is refused rather than guessed.
struct UnitLookup {
    let units: [DischargingUnit]
    private var byID: [Int64: DischargingUnit] = [:]
    private var byCode: [String: Int64] = [:]
    private var byName: [String: [Int64]] = [:]

    init(_ units: [DischargingUnit]) {
        self.units = units
        for unit in units {
            guard let id = unit.id else { continue }
            byID[id] = unit
            if let code = unit.creditCode { byCode[code] = id }
            byName[unit.name, default: []].append(id)
        }
    }

    var dictionary: [Int64: DischargingUnit] { byID }

    func unit(id: Int64) -> DischargingUnit? { byID[id] }

    func unit(creditCode: String) -> DischargingUnit? { byCode[creditCode].flatMap { byID[$0] } }

    func units(named name: String) -> [DischargingUnit] { (byName[name] ?? []).compactMap { byID[$0] } }

    func find(_ text: String) throws(LedgerError) -> DischargingUnit {
        let given = text.trimmingCharacters(in: .whitespaces)
        if let unit = unit(creditCode: CreditCode.normalized(given)) { return unit }
        let named = units(named: given)
        if named.count > 1 {
            throw .refused(
                subject: "排污单位“\(given)”",
                reason: "有 \(named.count) 个同名单位（ID \(named.compactMap(\.id).map(String.init).joined(separator: "、"))），请用统一社会信用代码或 ID (ambiguous name)")
        }
        if let unit = named.first { return unit }
        let digits = given.hasPrefix("#") ? String(given.dropFirst()) : given
        if digits.count < 18, let id = Int64(digits), let unit = byID[id] { return unit }
        throw .notFound(.unit, given)
    }
}
