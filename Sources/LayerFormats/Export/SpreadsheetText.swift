/// Text bound for a spreadsheet (CSV opened in Excel, WPS or LibreOffice), made inert.
///
/// A cell whose text begins with `=`, `+`, `-` or `@` — or a tab or carriage return, which
/// spreadsheets skip before looking — is run as a formula when the file is opened: a name
/// such as `=HYPERLINK("http://…","点击")` in a public download would reach every planner who
/// opens it (CSV injection). Following OWASP, such text gets a leading `'`, which spreadsheets
/// show as text and do not display. Only text is treated so: a number, negative or not, is
/// written as a number by the caller.
public enum SpreadsheetText {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\n", "\r\n"]

    public static func neutralised(_ text: String) -> String {
        // Leading spaces do not stop some spreadsheets from reading a formula.
        guard let first = text.first(where: { $0 != " " }), triggers.contains(first) else { return text }
        return "'" + text
    }
}
