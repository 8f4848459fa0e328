/// A table with a header row: one sheet of a workbook, or one CSV file.
public struct SpreadsheetTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var header: String
        /// Width in Excel character units (about one Latin character; a CJK character is ~2).
        public var width: Double

        public init(_ header: String, width: Double = 14) {
            self.header = header
            self.width = width
        }
    }

    /// The sheet's name (Excel: at most 31 characters, none of `[]:*?/\`).
    public var name: String
    public var columns: [Column]
    public var rows: [[SpreadsheetCell]]

    public init(name: String, columns: [Column], rows: [[SpreadsheetCell]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}
