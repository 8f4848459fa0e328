import Foundation

/// A CSV file as a table — header and rows with the line each starts on — for sheets that
/// are records rather than points (discharging units, where a location is optional).
/// Same parsing and encoding detection (UTF-8 or GBK) as ``CSVPointReader``.
public struct CSVTable: Sendable {
    public struct Row: Sendable, Hashable {
        /// The line the record starts on (1 is the header).
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]
    public var encoding: TextEncoding

    /// Reads `bytes`; blank rows are dropped, a row with a different column count is kept
    /// (its reader reports it with its line).
    public static func read(_ bytes: [UInt8], encoding forced: TextEncoding? = nil) throws(FormatError) -> CSVTable {
        let (text, encoding) = try TextEncoding.decode(bytes, forced: forced)
        let records = try CSVParser.parse(text)
        guard let header = records.first else { throw .structure("CSV 文件为空 (empty CSV file)") }
        let rows = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        return CSVTable(
            header: header.fields.map { $0.trimmingCharacters(in: .whitespaces) },
            rows: rows.map { Row(line: $0.line, fields: $0.fields.map { $0.trimmingCharacters(in: .whitespaces) }) },
            encoding: encoding)
    }

    /// A longitude or latitude as tables write it: decimals or degrees-minutes-seconds.
    public static func coordinate(_ text: String) -> Double? {
        PointColumns.coordinate(text)
    }
}
