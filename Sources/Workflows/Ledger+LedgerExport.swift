import Foundation
import OutfallModel
import Registry
import RegistryStore
import Reports
import Siting
import Supervision

/// The formats the ledger (台账) is exported in.
public enum LedgerExportFormat: String, Sendable, CaseIterable {
    case xlsx, csv
}

extension Ledger {
    /// The ledger as a table: one row per outfall, the columns the mapping chooses.
    public func ledgerTable(mapping: LedgerMapping) throws(LedgerError) -> SpreadsheetTable {
        let listings = try registryCall { try registry.outfalls() }
        var derivedByID: [Int64: DerivedFields] = [:]
        for d in try derivedFields() { derivedByID[d.outfallID] = d }
        let surveys = try latestAcceptedSurveys()
        let (files, traces, units) = try read { reader in
            (try reader.documents(.outfall).map { stored throws(LedgerError) in try OutfallFile.decode(stored) },
             try reader.documents(.trace).map { stored throws(LedgerError) in try Trace.decode(stored) },
             try reader.documents(.unit).map { stored throws(LedgerError) in try DischargingUnit.decode(stored) })
        }
        var fileByID: [Int64: OutfallFile] = [:]
        for f in files { if let id = f.id { fileByID[id] = f } }
        var tracesByOutfall: [Int64: [Trace]] = [:]
        for t in traces { tracesByOutfall[t.outfallID, default: []].append(t) }
        var unitsByID: [Int64: DischargingUnit] = [:]
        for u in units { if let id = u.id { unitsByID[id] = u } }

        var rows: [[SpreadsheetCell]] = []
        for listing in listings {
            guard let id = listing.outfall.id else { continue }
            let row = LedgerRow(
                outfall: listing.outfall, verdict: listing.verdict, derived: derivedByID[id], file: fileByID[id], survey: surveys[id],
                traces: (tracesByOutfall[id] ?? []).sorted { ($0.tracedOn, $0.id ?? 0) < ($1.tracedOn, $1.id ?? 0) },
                units: unitsByID, government: countyGovernment)
            rows.append(mapping.columns.map { row.cell($0.field) })
        }
        return SpreadsheetTable(
            name: "台账", columns: mapping.columns.map { SpreadsheetTable.Column($0.column, width: LedgerRow.width($0.field)) }, rows: rows)
    }

    /// Writes the ledger to `path` (XLSX with a notes sheet, or UTF-8 CSV with BOM); returns the row count.
    @discardableResult
    public func exportLedger(format: LedgerExportFormat, to path: String, mapping: LedgerMapping) throws(LedgerError) -> Int {
        let table = try ledgerTable(mapping: mapping)
        let schematic = try registryCall { try registry.store.sources() }.contains(where: \.schematic)
        do {
            switch format {
            case .csv:
                try CSVTable.write(table, to: path)
            case .xlsx:
                var notes = SpreadsheetTable(name: "说明", columns: [.init("项目", width: 16), .init("内容", width: 90)])
                notes.rows = [
                    ["生成时间", .text(ChinaTime.display(Timestamp.now()) + "（北京时间）")],
                    ["排污口数", .number(Double(table.rows.count))],
                    ["列映射", .text(mapping.source)],
                    ["说明", "表头与字段由映射文件决定；默认映射为本系统自定，国家平台导入模板未找到，取得后可按模板另编映射文件（--mapping）。"],
                    ["推算字段", "乡镇、受纳水体、岸别、水功能区、下游国控断面由图层推算；与登记值不一致之处见“登记值与图层推算不一致之处”列，推算值不覆盖登记值。"],
                ]
                if schematic { notes.rows.append(["注意", .text(Dossier.schematicBanner)]) }
                try XLSXWorkbook(tables: [table, notes]).write(to: path)
            }
        } catch {
            // A refused sheet or an unwritable path (missing folder, no permission) is for the
            // person to fix: both are input problems (exit 1).
            switch error {
            case .refused(let reason): throw .refused(subject: (path as NSString).lastPathComponent, reason: reason)
            case .cannotWrite: throw .refused(subject: (path as NSString).lastPathComponent, reason: "\(error)")
            }
        }
        return table.rows.count
    }
}

/// One outfall's ledger row: every ``LedgerField`` from the registry and the ledger.
struct LedgerRow {
    var outfall: Outfall
    var verdict: Severity?
    var derived: DerivedFields?
    var file: OutfallFile?
    var survey: SurveyRecord?
    var traces: [Trace]
    var units: [Int64: DischargingUnit]
    var government: String

    static func width(_ field: LedgerField) -> Double {
        switch field {
        case .name, .derivedDisagreements, .problemTypes, .responsibleBasis: 36
        case .type, .waterFunctionZone, .downstreamSection, .responsibleParty, .enteredResponsible, .responsibleKind: 24
        case .id, .lon, .lat, .bank, .nationalPlatform: 10
        default: 16
        }
    }

    func entered(_ keys: [String]) -> String? {
        for key in keys {
            if let value = outfall.extra[key]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return nil
    }

    func cell(_ field: LedgerField) -> SpreadsheetCell {
        let o = outfall
        switch field {
        case .id: return .number(o.id.map(Double.init))
        case .key: return .text(o.key)
        case .name: return .text(o.name)
        case .nationalCode: return .text(o.nationalCode)
        case .localCode: return .text(o.localCode)
        case .temporaryNumber: return .text(file?.temporaryNumber)
        case .type: return .text(o.type.label)
        case .typeCategory: return .text(o.type.category.label)
        case .status: return .text(o.status?.label)
        case .township: return .text(survey?.township ?? entered(Ledger.enteredTownshipKeys) ?? derived?.township)
        case .townshipDerived: return .text(derived?.township)
        case .village: return .text(survey?.village ?? entered(["村", "行政村", "village"]))
        case .receivingWater: return .text(survey?.receivingWater ?? entered(Ledger.enteredWaterKeys) ?? derived?.receivingWater)
        case .receivingWaterDerived: return .text(derived?.receivingWater)
        case .bank: return .text(derived?.bankLabel)
        case .reachCode: return .text(derived?.reachCode)
        case .waterFunctionZone: return .text(derived?.waterFunctionZone)
        case .waterFunctionTarget: return .text(derived?.waterFunctionTarget)
        case .downstreamSection: return .text(derived?.downstreamSection)
        case .downstreamDistance: return .number(derived?.downstreamDistance.map { ($0 * 10).rounded() / 10 })
        case .lon: return .number(o.location.lon)
        case .lat: return .number(o.location.lat)
        case .lifecycle: return .text(file?.lifecycle.label)
        case .nationalPlatform: return .text((file?.nationalPlatform ?? .unknown).label)
        case .responsibleParty: return .text(responsible.party ?? responsible.reason)
        case .responsibleKind: return .text(Dossier.kindLabel(responsible.kind))
        case .responsibleBasis: return .text(responsible.basis)
        case .enteredResponsible: return .text(file?.enteredResponsible ?? o.responsible)
        case .latestSurveyDate: return .text(survey?.surveyedOn)
        case .dischargeWay: return .text(survey?.dischargeWay)
        case .problemTypes:
            var problems: [String] = []
            for p in (survey?.problems ?? []) + (traces.last?.problems ?? []) where !problems.contains(p) { problems.append(p) }
            return problems.isEmpty ? .empty : .text(problems.joined(separator: "、"))
        case .traceResult: return .text(traces.last?.result.label)
        case .verdict: return .text(verdict?.label)
        case .derivedDisagreements:
            let list = derived?.disagreements ?? []
            return list.isEmpty ? .empty : .text(list.map { "\($0.label)：登记“\($0.entered)”，推算“\($0.derived ?? "—")”" }.joined(separator: "；"))
        }
    }

    var responsible: ResponsibleParty { ResponsibleParty.derive(traces: traces, units: units, government: government) }
}
