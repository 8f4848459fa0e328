import ArgumentParser
import Foundation
import Reports
import Supervision
import Workflows

/// `outfalls report`: the departments' half-yearly reports (due 25 June and 25 December) and
/// the county summary, as Excel or PDF.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "半年报：部门整治进展（6 月 25 日、12 月 25 日报送），或全县汇总 (half-yearly progress report)",
        discussion: "不给 --department 时生成柳城生态环境局的全县汇总。--period 2024H1 为上半年（截至 6 月 25 日），2024 为全年（截至 12 月 25 日）。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "牵头部门；省略则为全县汇总 (department; omit for the county summary)") var department: String?
    @Option(help: "报告期 2024H1 或 2024 (period)") var period: String
    @Option(help: "截至日期 YYYY-MM-DD，默认为报送截止日 (as of)") var asOf: String?
    @Option(help: "格式 xlsx|pdf") var format: String
    @Option(name: .shortAndLong, help: "输出文件 (output file)") var output: String

    func run() throws {
        try reporting {
            guard let parsed = DepartmentReport.Period(parsing: period) else {
                throw Failure.input("报告期应为 2024H1（上半年）或 2024（全年）：“\(period)” (bad period)")
            }
            guard ["xlsx", "pdf"].contains(format) else { throw Failure.input("格式应为 xlsx 或 pdf (format must be xlsx or pdf)") }
            if let asOf, !(asOf.count == 10 && ChinaTime.startOfDayUTC(asOf) != nil) { throw Failure.input("截至日期应为 YYYY-MM-DD：“\(asOf)” (bad date)") }
            let ledger = try database.openLedger()
            // A department's account reports on its own department only.
            let acting = try call { try ledger.acting(actor.actor) }
            let report = try call { try ledger.departmentReport(department: department, period: parsed, asOf: asOf, by: acting) }
            do {
                if format == "xlsx" { try report.writeXLSX(to: output) } else { try report.writePDF(to: output) }
            } catch {
                throw Failure.input("\(error)")
            }
            Console.print("已生成 \(output)：\(report.title)；案件 \(report.cases.count) 个，已销号 \(report.done.count)，逾期 \(report.overdue.count) (written)")
        }
    }
}
