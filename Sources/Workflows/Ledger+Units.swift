import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Supervision

/// What an import of units or channels did.
public struct LedgerImportReport: Sendable, Equatable {
    public var fileName: String
    public var created: [Int64]
    public var updated: [Int64]
    public var unchanged: [Int64]
    public var notices: [String]
}

/// A change to one unit's fields; nil leaves a field as it is, an empty text clears it.
public struct UnitEdit: Sendable, Equatable {
    public var name: String?
    public var creditCode: String?
    public var permitNumber: String?
    public var industry: String?
    public var address: String?
    public var lon: Double?
    public var lat: Double?
    /// Outfalls (key, code or id) the unit's permit records; replaces the list when given.
    public var permittedOutfalls: [String]?
    /// Clears the location.
    public var clearLocation: Bool

    public init(
        name: String? = nil, creditCode: String? = nil, permitNumber: String? = nil, industry: String? = nil, address: String? = nil,
        lon: Double? = nil, lat: Double? = nil, permittedOutfalls: [String]? = nil, clearLocation: Bool = false
    ) {
        self.name = name
        self.creditCode = creditCode
        self.permitNumber = permitNumber
        self.industry = industry
        self.address = address
        self.lon = lon
        self.lat = lat
        self.permittedOutfalls = permittedOutfalls
        self.clearLocation = clearLocation
    }
}

/// Discharging units (排污单位): import from a sheet, list, show, edit — every change an event.
extension Ledger {
    /// Every unit, in id order.
    public func units() throws(LedgerError) -> [DischargingUnit] {
        try read { reader in try reader.documents(.unit).map { stored throws(LedgerError) in try DischargingUnit.decode(stored) } }
    }

    /// The unit a person names by credit code, exact name or id.
    public func unit(matching text: String) throws(LedgerError) -> DischargingUnit {
        try UnitLookup(try units()).find(text)
    }

    /// Imports a unit sheet, all or nothing. A row whose credit code is registered updates that
    /// unit; a row whose exact name is that of the one registered unit without a code updates
    /// it too (adding the code, if the row has one); the others are created.
    public func importUnits(path: String, actor: String) throws(LedgerError) -> LedgerImportReport {
        try nothingWrittenOnRefusal { () throws(LedgerError) in try importUnitFile(path: path, actor: actor) }
    }

    private func importUnitFile(path: String, actor: String) throws(LedgerError) -> LedgerImportReport {
        let file = try LedgerImportFile(path: path)
        let sheet = try UnitSheet.read(file)
        let outfalls = try outfallLookup()
        var problems = ImportProblems(fileName: file.fileName)
        for (position, reason) in sheet.problems { problems.add(position, reason) }
        var rows: [(FeaturePosition, DischargingUnit)] = []
        var firstOfCode: [String: FeaturePosition] = [:]
        var firstOfUncodedName: [String: FeaturePosition] = [:]
        for row in sheet.rows {
            do {
                let unit = try unit(from: row, outfalls: outfalls)
                if let code = unit.creditCode {
                    if let first = firstOfCode[code] { throw LedgerError.refused(subject: "统一社会信用代码", reason: "“\(code)”与\(first)重复 (duplicate code)") }
                    firstOfCode[code] = row.position
                } else {
                    if let first = firstOfUncodedName[unit.name] {
                        throw LedgerError.refused(subject: "单位名称", reason: "“\(unit.name)”与\(first)重复，且均无统一社会信用代码 (duplicate name without code)")
                    }
                    firstOfUncodedName[unit.name] = row.position
                }
                rows.append((row.position, unit))
            } catch let error as LedgerError {
                problems.add(row.position, error.reasonText)
            } catch {
                problems.add(row.position, "\(error)")
            }
        }
        try problems.throwIfAny()
        guard !rows.isEmpty else { throw .refused(subject: file.fileName, reason: "没有排污单位记录 (no units in the file)") }
        var report = LedgerImportReport(fileName: file.fileName, created: [], updated: [], unchanged: [], notices: [])
        if !sheet.ignoredColumns.isEmpty {
            report.notices.append("未使用的列 (columns not used)：\(sheet.ignoredColumns.joined(separator: "、"))")
        }
        try change(actor: actor) { tx in
            let existing = UnitLookup(try tx.all(DischargingUnit.self))
            var claimed = Set<Int64>()
            for (_, row) in rows {
                var unit = row
                // By credit code; else the one unit of that name still without a code (the
                // sheet brings the code it lacked). A unit is updated by one row at most.
                var match = row.creditCode.flatMap(existing.unit(creditCode:))
                if match == nil {
                    let uncoded = existing.units(named: row.name).filter { $0.creditCode == nil }
                    if uncoded.count == 1 { match = uncoded[0] }
                }
                if let id = match?.id, !claimed.contains(id) {
                    claimed.insert(id)
                    unit.id = id
                    let changes = try tx.save(unit, action: "import.update", reason: "导入 \(file.fileName)")
                    if changes.isEmpty { report.unchanged.append(id) } else { report.updated.append(id) }
                } else {
                    try tx.create(&unit, action: "import.create", reason: "导入 \(file.fileName)")
                    if let id = unit.id { report.created.append(id) }
                }
            }
        }
        return report
    }

    /// Changes the fields of one unit (named by credit code, name or id), recorded in its history.
    @discardableResult
    public func editUnit(_ text: String, _ edit: UnitEdit, reason: String?, actor: String) throws(LedgerError) -> (DischargingUnit, [FieldChange]) {
        let outfalls = try outfallLookup()
        let reason = try InputText.optional(reason, field: "说明 (reason)", max: InputText.maxText)
        return try change(actor: actor) { tx in
            let lookup = UnitLookup(try tx.all(DischargingUnit.self))
            var unit = try lookup.find(text)
            if let name = edit.name { unit.name = try InputText.required(name, field: "单位名称 (name)") }
            if let code = edit.creditCode {
                unit.creditCode = try InputText.optional(code, field: "统一社会信用代码").map { (text) throws(LedgerError) in
                    try CreditCode.validated(text, subject: "统一社会信用代码 (credit code)")
                }
                if let code = unit.creditCode, let other = lookup.unit(creditCode: code), other.id != unit.id {
                    throw LedgerError.refused(subject: "统一社会信用代码", reason: "“\(code)”已属于排污单位 #\(other.id ?? 0)「\(other.name)」(code in use)")
                }
            }
            if let permit = edit.permitNumber { unit.permitNumber = try InputText.optional(permit, field: "排污许可证编号 (permit)") }
            if let industry = edit.industry { unit.industry = try InputText.optional(industry, field: "行业 (industry)") }
            if let address = edit.address { unit.address = try InputText.optional(address, field: "地址 (address)") }
            if edit.clearLocation {
                unit.lon = nil
                unit.lat = nil
            }
            if edit.lon != nil || edit.lat != nil {
                guard let lon = edit.lon, let lat = edit.lat else {
                    throw LedgerError.refused(subject: "位置 (location)", reason: "经度和纬度须同时给出 (give both --lon and --lat)")
                }
                try checkLocation(Coordinate(lon: lon, lat: lat), subject: "位置 (location)")
                unit.lon = lon
                unit.lat = lat
            }
            if let permitted = edit.permittedOutfalls {
                unit.permittedOutfallIDs = try permitted.map { (text) throws(LedgerError) in try outfalls.find(text).id ?? 0 }
            }
            let changes = try tx.save(unit, action: "update", reason: reason)
            return (unit, changes)
        }
    }

    // MARK: Helpers

    func outfallLookup() throws(LedgerError) -> OutfallLookup {
        do { return OutfallLookup(try registry.store.fetchAll(Outfall.self)) } catch { throw Self.ledgerError(error) }
    }

    func checkLocation(_ point: Coordinate, subject: String) throws(LedgerError) {
        guard point.isFinite else { throw .refused(subject: subject, reason: "坐标不是有限数值 (non-finite coordinate)") }
        if let problem = registry.settings.region.problem(with: point) {
            throw .refused(subject: subject, reason: "坐标 (\(point.lon), \(point.lat)) 不在配置区域内：\(problem)")
        }
    }

    private func unit(from row: UnitSheet.Row, outfalls: OutfallLookup) throws(LedgerError) -> DischargingUnit {
        let name = try InputText.required(row.values[.name], field: UnitColumn.name.label)
        let code = try InputText.optional(row.values[.creditCode], field: UnitColumn.creditCode.label).map { (text) throws(LedgerError) in
            try CreditCode.validated(text, subject: UnitColumn.creditCode.label)
        }
        var unit = DischargingUnit(
            name: name, creditCode: code, permitNumber: try InputText.optional(row.values[.permitNumber], field: UnitColumn.permitNumber.label),
            industry: try InputText.optional(row.values[.industry], field: UnitColumn.industry.label),
            address: try InputText.optional(row.values[.address], field: UnitColumn.address.label))
        var point = row.point
        if row.lon != nil || row.lat != nil {
            guard let lonText = row.lon, let latText = row.lat else {
                throw .refused(subject: "经度/纬度", reason: "经度和纬度须同时填写或同时留空 (give both or neither)")
            }
            guard let lon = RecordTable.coordinate(lonText), let lat = RecordTable.coordinate(latText) else {
                throw .refused(subject: "经度/纬度", reason: "“\(lonText)”, “\(latText)”不是数值或度分秒 (not numbers)")
            }
            point = Coordinate(lon: lon, lat: lat)
        }
        if let point {
            try checkLocation(point, subject: "经度/纬度")
            unit.lon = point.lon
            unit.lat = point.lat
        }
        if let list = row.values[.permittedOutfalls] {
            let names = list.split(whereSeparator: { ",，、;；".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            unit.permittedOutfallIDs = try names.map { (text) throws(LedgerError) in
                do { return try outfalls.find(text).id ?? 0 } catch {
                    throw .refused(subject: UnitColumn.permittedOutfalls.label, reason: "没有排污口“\(text)”（按键、编码或 ID）(no such outfall)")
                }
            }
        }
        return unit
    }
}
