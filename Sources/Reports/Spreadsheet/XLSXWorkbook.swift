import CXlsxWriter
import Foundation

/// An Excel workbook (.xlsx) built as a value — sheets, each with a bold, frozen header row,
/// column widths, text and number cells — and written once through libxlsxwriter.
///
/// Text cells go through ``SpreadsheetText/neutralised(_:)``: libxlsxwriter's
/// `worksheet_write_string` never makes a formula, but a cell such as `=HYPERLINK(…)` would
/// become one when the sheet is saved as CSV and opened again, so it is prefixed with `'`
/// as OWASP advises.
///
/// ## Topics
/// - Building: ``init(tables:)``, ``tables``
/// - Writing: ``write(to:)`` (to a temporary file beside the target, then renamed)
public struct XLSXWorkbook: Sendable, Equatable {
    /// Excel's own limits.
    public static let maximumRows = 1_048_576
    public static let maximumColumns = 16_384
    public static let maximumCellCharacters = 32_767

    public var tables: [SpreadsheetTable]

    public init(tables: [SpreadsheetTable] = []) {
        self.tables = tables
    }

    /// Writes the workbook to `path` atomically: nothing appears at `path` unless all of it
    /// was written.
    public func write(to path: String) throws(ReportError) {
        try validate()
        try AtomicFile.write(to: path) { (temporary: String) throws(ReportError) in try self.writeFile(temporary) }
    }

    func validate() throws(ReportError) {
        guard !tables.isEmpty else { throw .refused("工作簿至少要有一个工作表 (a workbook needs a sheet)") }
        var names = Set<String>()
        for table in tables {
            if let problem = Self.sheetNameProblem(table.name) { throw .refused("工作表名“\(table.name)”\(problem)") }
            guard names.insert(table.name.lowercased()).inserted else { throw .refused("工作表名“\(table.name)”重复 (duplicate sheet name)") }
            guard table.rows.count + 1 <= Self.maximumRows else {
                throw .refused("工作表“\(table.name)”有 \(table.rows.count) 行，超过 Excel 上限 \(Self.maximumRows - 1) 行 (too many rows)")
            }
            guard table.columns.count <= Self.maximumColumns else { throw .refused("工作表“\(table.name)”列数超过 Excel 上限 (too many columns)") }
            for (r, row) in table.rows.enumerated() {
                guard row.count <= table.columns.count else {
                    throw .refused("工作表“\(table.name)”第 \(r + 2) 行有 \(row.count) 个值，多于 \(table.columns.count) 列 (row wider than header)")
                }
                for cell in row {
                    if case .text(let text) = cell, text.count + 1 > Self.maximumCellCharacters {
                        throw .refused("工作表“\(table.name)”第 \(r + 2) 行有超过 \(Self.maximumCellCharacters) 个字符的单元格 (cell too long)")
                    }
                }
            }
        }
    }

    /// Excel's rule for sheet names: 1–31 characters, none of `[]:*?/\`, not starting or ending with `'`.
    static func sheetNameProblem(_ name: String) -> String? {
        if name.isEmpty || name.count > 31 { return "应为 1–31 个字符 (1–31 characters)" }
        if name.contains(where: { "[]:*?/\\".contains($0) }) { return "不能含 []:*?/\\ (forbidden character)" }
        if name.hasPrefix("'") || name.hasSuffix("'") { return "不能以 ' 开头或结尾" }
        return nil
    }

    private func writeFile(_ path: String) throws(ReportError) {
        try XlsxWriterLibrary.ready()
        var options = lxw_workbook_options()
        // Rows are written in order, so libxlsxwriter can stream them to disk instead of
        // keeping the whole ledger in memory.
        options.constant_memory = 1
        guard let workbook = xlsxWriter.pointee.workbook_new_opt(path, &options) else {
            throw .cannotWrite(path: path, reason: "libxlsxwriter 无法创建工作簿 (workbook_new failed)")
        }
        var failure: ReportError?
        let bold = xlsxWriter.pointee.workbook_add_format(workbook)
        xlsxWriter.pointee.format_set_bold(bold)
        tables: for table in tables {
            guard let sheet = xlsxWriter.pointee.workbook_add_worksheet(workbook, table.name) else {
                failure = .refused("无法创建工作表“\(table.name)” (workbook_add_worksheet failed)")
                break
            }
            for (c, column) in table.columns.enumerated() {
                let col = lxw_col_t(c)
                _ = xlsxWriter.pointee.worksheet_set_column(sheet, col, col, column.width, nil)
            }
            xlsxWriter.pointee.worksheet_freeze_panes(sheet, 1, 0)
            for (c, column) in table.columns.enumerated() {
                let error = xlsxWriter.pointee.worksheet_write_string(sheet, 0, lxw_col_t(c), SpreadsheetText.neutralised(column.header), bold)
                if error != LXW_NO_ERROR {
                    failure = Self.failure(error, table: table.name, row: 1)
                    break tables
                }
            }
            for (r, row) in table.rows.enumerated() {
                let excelRow = lxw_row_t(r + 1)
                for (c, cell) in row.enumerated() {
                    let col = lxw_col_t(c)
                    let error: lxw_error
                    switch cell {
                    case .text(let text): error = xlsxWriter.pointee.worksheet_write_string(sheet, excelRow, col, SpreadsheetText.neutralised(text), nil)
                    case .number(let value): error = xlsxWriter.pointee.worksheet_write_number(sheet, excelRow, col, value, nil)
                    case .empty: continue
                    }
                    if error != LXW_NO_ERROR {
                        failure = Self.failure(error, table: table.name, row: r + 2)
                        break tables
                    }
                }
            }
        }
        // workbook_close writes the file and frees the workbook; it is called on failure too.
        let closed = xlsxWriter.pointee.workbook_close(workbook)
        if let failure { throw failure }
        if closed != LXW_NO_ERROR {
            throw .cannotWrite(path: path, reason: Self.message(closed))
        }
    }

    private static func message(_ error: lxw_error) -> String {
        xlsxWriter.pointee.lxw_strerror(error).map { String(cString: $0) } ?? "libxlsxwriter error \(error.rawValue)"
    }

    private static func failure(_ error: lxw_error, table: String, row: Int) -> ReportError {
        .refused("工作表“\(table)”第 \(row) 行：\(message(error))")
    }
}
