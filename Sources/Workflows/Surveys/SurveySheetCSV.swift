import Foundation

/// The field sheet as CSV text (RFC 4180, CRLF line ends as Excel writes them): headers and
/// the example row from ``SurveySheet``. The byte-order mark is the writer's to add.
public enum SurveySheetCSV {
    public static func template() -> String {
        [SurveySheet.headers, SurveySheet.exampleRow].map { row in row.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
