/// One cell of a workbook or CSV table: text, a number (kept a number, so sums and sorting
/// work in Excel), or nothing.
public enum SpreadsheetCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(Double)
    case empty

    public init(stringLiteral value: String) { self = .text(value) }

    /// Text, or empty for nil.
    public static func text(_ value: String?) -> SpreadsheetCell { value.map { .text($0) } ?? .empty }

    /// A number, or empty for nil or a non-finite value (Excel has no NaN).
    public static func number(_ value: Double?) -> SpreadsheetCell {
        guard let value, value.isFinite else { return .empty }
        return .number(value)
    }
}
