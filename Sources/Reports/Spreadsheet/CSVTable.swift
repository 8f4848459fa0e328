import Foundation

/// A ``SpreadsheetTable`` as CSV the way Chinese Excel opens it correctly: UTF-8 with a
/// byte-order mark, CRLF line ends, RFC 4180 quoting, and text that could start a formula
/// prefixed with `'` (``SpreadsheetText``). Numbers are written as plain decimals.
public enum CSVTable {
    public static func render(_ table: SpreadsheetTable) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        // Numbers are written as they are ("-3" is a number, not a formula); text is neutralised.
        func field(_ text: String, isNumber: Bool) {
            let safe = isNumber ? text : SpreadsheetText.neutralised(text)
            if safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                out.append(0x22)
                out.append(contentsOf: Array(safe.replacingOccurrences(of: "\"", with: "\"\"").utf8))
                out.append(0x22)
            } else {
                out.append(contentsOf: Array(safe.utf8))
            }
        }
        func line(_ cells: [(String, Bool)]) {
            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(0x2C) }
                field(cell.0, isNumber: cell.1)
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        line(table.columns.map { ($0.header, false) })
        for row in table.rows {
            line(row.map { cell in
                switch cell {
                case .text(let text): (text, false)
                case .number(let value): (number(value), true)
                case .empty: ("", false)
                }
            })
        }
        return out
    }

    /// Shortest decimal that reads back as the same number, without exponent for usual values.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Writes the table to `path` atomically.
    public static func write(_ table: SpreadsheetTable, to path: String) throws(ReportError) {
        let bytes = render(table)
        try AtomicFile.write(to: path) { (temporary: String) throws(ReportError) in
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
                throw .cannotWrite(path: path, reason: "无法创建文件 (create failed)")
            }
        }
    }
}
