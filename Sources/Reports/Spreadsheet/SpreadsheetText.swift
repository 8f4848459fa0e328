/// Text for spreadsheet cells that a spreadsheet program will not run as a formula.
///
/// OWASP's advice on CSV injection: a cell beginning with `=`, `+`, `-`, `@`, a tab or a
/// carriage return may be taken for a formula (or DDE call) when the file is opened, so such
/// text is prefixed with a single quote. libxlsxwriter's string cells are never formulas,
/// but the same workbook is often re-saved as CSV by the person who opens it, so the
/// workbook writer applies the same rule; the quote is visible and says "this was text".
public enum SpreadsheetText {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` with `'` in front if it could start a formula; otherwise unchanged.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, triggers.contains(Character(first)) else { return text }
        return "'" + text
    }
}
