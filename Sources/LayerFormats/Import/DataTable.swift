import Foundation
import GDALKit

/// A table without geometry (lab results, rain records): a header and rows of text, each
/// with the line a person sees it on in the spreadsheet (the header is line 1). CSV (UTF-8
/// or GBK) is read by our RFC 4180 parser, XLSX through GDAL with every cell as text so
/// `<0.05` and `0.50` arrive as written.
public struct DataTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        public var cells: [String]
    }

    public var header: [String]
    public var rows: [Row]

    /// Largest file accepted by default (bytes).
    public static let maximumFileSize = 20_000_000

    public static func read(_ file: InputFile, maximumRows: Int) throws(FormatError) -> DataTable {
        guard file.bytes.count <= maximumFileSize else {
            throw .structure("文件超过 \(maximumFileSize / 1_000_000) MB (file too large)")
        }
        let lower = file.path.lowercased()
        let table: DataTable
        if lower.hasSuffix(".xlsx") {
            table = try readXLSX(file)
        } else if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") {
            table = try readCSV(file)
        } else {
            throw .structure("只支持 CSV 或 XLSX 文件 (only CSV or XLSX)：\(file.path)")
        }
        guard table.rows.count <= maximumRows else {
            throw .structure("共 \(table.rows.count) 行，超过上限 \(maximumRows) 行；请分批导入 (too many rows)")
        }
        return table
    }

    static func readCSV(_ file: InputFile) throws(FormatError) -> DataTable {
        let (text, _) = try TextEncoding.decode(file.bytes)
        let records = try CSVParser.parse(text)
        guard let first = records.first else { throw .structure("文件为空 (empty file)") }
        var rows: [Row] = []
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            rows.append(Row(line: record.line, cells: record.fields.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        return DataTable(header: first.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: rows)
    }

    static func readXLSX(_ file: InputFile) throws(FormatError) -> DataTable {
        do {
            return try VectorDataset.withSettings(["OGR_XLSX_HEADERS": "FORCE", "OGR_XLSX_FIELD_TYPES": "STRING"]) {
                let dataset = try VectorDataset.open(path: file.path, allowedDrivers: ["XLSX"])
                guard let layer = dataset.layers.first else { throw FormatError.structure("工作簿没有工作表 (no sheet)") }
                let fields = layer.fields
                var rows: [Row] = []
                layer.forEachFeature { view in
                    let cells = fields.indices.map { i -> String in
                        switch view.value(i, kind: fields[i].kind) {
                        case .null: ""
                        case .integer(let n): String(n)
                        case .real(let d): String(d)
                        case .string(let s): s.trimmingCharacters(in: .whitespaces)
                        }
                    }
                    if !cells.allSatisfy(\.isEmpty) { rows.append(Row(line: view.number + 1, cells: cells)) }
                }
                return DataTable(header: fields.map { $0.name.trimmingCharacters(in: .whitespaces) }, rows: rows)
            }
        } catch let error as FormatError {
            throw error
        } catch let error as GDALError {
            throw .structure("无法读取 XLSX：\(error.message) (cannot open)")
        } catch {
            throw .structure("无法读取 XLSX：\(error)")
        }
    }
}
