import Foundation
import JSON
import Registry
import Supervision
import Workflows

enum TracingText {
    static func report(_ report: LedgerImportReport, what: String) -> String {
        var lines = ["已导入 \(report.fileName)：新增 \(report.created.count) 个\(what)，更新 \(report.updated.count) 个，未变 \(report.unchanged.count) 个 (imported)"]
        lines += report.notices.map { "  注意 notice: \($0)" }
        return lines.joined(separator: "\n")
    }

    static func or(_ text: String?) -> String { text.flatMap { $0.isEmpty ? nil : $0 } ?? "—" }

    static func bank(_ code: String?) -> String {
        switch code {
        case "left": "左岸"
        case "right": "右岸"
        default: "—"
        }
    }
}
