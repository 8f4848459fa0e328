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
                units: unitsByID, government: try tracingSettings().government)
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
            // libxlsxwriter is loaded on first use: its message names the package to install.
            case .libraryMissing: throw .refused(subject: (path as NSString).lastPathComponent, reason: "\(error)")
            }
        }
        return table.rows.count
    }
}
