import Foundation
import GDALKit

/// A sheet of records rather than of points — header and rows, each with the line it is on —
/// for tables where a location is optional (discharging units). CSV is parsed as
/// ``CSVPointReader`` parses it (UTF-8 or GBK); XLSX is read through GDAL's driver, the first
/// sheet, its first row the header.
public struct RecordTable: Sendable {
    public struct Row: Sendable, Hashable {
        /// The line (CSV) or spreadsheet row the record is on; 1 is the header.
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]
    /// The text encoding found ("UTF-8", "GBK").
    public var encoding: String

    /// Reads CSV `bytes`; blank rows are dropped, a row with a different column count is kept
    /// (its reader reports it with its line).
    public static func csv(_ bytes: [UInt8], encoding forced: TextEncoding? = nil) throws(FormatError) -> RecordTable {
        let (text, encoding) = try TextEncoding.decode(bytes, forced: forced)
        let records = try CSVParser.parse(text)
        guard let header = records.first else { throw .structure("CSV 文件为空 (empty CSV file)") }
        let rows = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        return RecordTable(
            header: header.fields.map { $0.trimmingCharacters(in: .whitespaces) },
            rows: rows.map { Row(line: $0.line, fields: $0.fields.map { $0.trimmingCharacters(in: .whitespaces) }) },
            encoding: encoding.rawValue)
    }

    /// Reads the first sheet of the XLSX file at `path`, every cell as text: a credit code of
    /// 18 digits read as a number would lose its last digits.
    public static func xlsx(path: String) throws(FormatError) -> RecordTable {
        do {
            return try VectorDataset.withSettings(["OGR_XLSX_HEADERS": "FORCE", "OGR_XLSX_FIELD_TYPES": "STRING"]) {
                let dataset = try VectorDataset.open(path: path, allowedDrivers: ["XLSX"])
                guard let sheet = dataset.layers.first else { throw FormatError.structure("工作簿中没有工作表 (no sheets)") }
                let fields = sheet.fields
                var rows: [Row] = []
                sheet.forEachFeature { view in
                    let cells = fields.enumerated().map { i, field -> String in
                        switch view.value(i, kind: field.kind) {
                        case .null: ""
                        case .integer(let n): String(n)
                        case .real(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
                        case .string(let s): s.trimmingCharacters(in: .whitespaces)
                        }
                    }
                    if cells.allSatisfy(\.isEmpty) { return }
                    rows.append(Row(line: view.number + 1, fields: cells))
                }
                return RecordTable(header: fields.map { $0.name.trimmingCharacters(in: .whitespaces) }, rows: rows, encoding: "UTF-8")
            }
        } catch let error as FormatError {
            throw error
        } catch let error as GDALError {
            throw .structure("无法读取（xlsx）：\(error.message) (cannot open)")
        } catch {
            throw .structure("\(error)")
        }
    }

    /// A longitude or latitude as tables write it: decimals or degrees-minutes-seconds.
    public static func coordinate(_ text: String) -> Double? {
        PointColumns.coordinate(text)
    }
}
