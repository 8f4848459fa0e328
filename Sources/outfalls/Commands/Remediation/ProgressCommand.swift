import ArgumentParser
import Foundation
import JSON
import Supervision
import Workflows

/// `outfalls progress`: remediated share of the abnormal outfalls against the targets, as of any date.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "整治进度：已销号占异常排污口的比例，对照 30%/70%/基本完成目标 (progress against the targets)",
        discussion: """
            按变更历史重放得出当日台账所示的数字，而非今天的状态。目标为年末目标；on_track 按当年已过的时间
            在上年末与本年末目标之间线性折算（本系统的口径）。只统计柳江、龙江、融江和县城建成区的排污口。
            Replayed from the history: what the ledger said that day.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "截至日期 YYYY-MM-DD（北京时间），默认今天 (as of)") var asOf: String?
    @Option(help: "分组 river|township|department|class|type (group by)") var by: String?
    @Option(help: "输出格式 text|json") var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let date = asOf ?? ChinaTime.date(ChinaTime.utcString(Date())) ?? ""
            guard date.count == 10, ChinaTime.startOfDayUTC(date) != nil else { throw Failure.input("日期应为 YYYY-MM-DD：“\(date)” (bad date)") }
            if let by, !["river", "township", "department", "class", "type"].contains(by) {
                throw Failure.input("分组应为 river、township、department、class 或 type (unknown grouping)")
            }
            let ledger = try database.openLedger()
            // A department's or township's account sees its own cases' figures.
            let acting = try call { try ledger.acting(actor.actor) }
            let figures = try call { try ledger.progress(asOf: date, by: by, visibleTo: acting) }
            switch format {
            case .json:
                Console.print(JSONWriter.pretty(.object(JSONObject([("as_of", .string(date)), ("by", by.map(JSONValue.string) ?? .null), ("groups", .array(figures.map(\.json)))]))))
            case .text:
                var table = TextTable(["分组", "异常", "已销号", "比例", "年末目标", "应完成", "进度"])
                for f in figures {
                    table.add([
                        f.group ?? "全县", String(f.abnormal), String(f.closed), String(format: "%.1f%%", f.percent),
                        f.targetPercent.map { String(format: "%.0f%%", $0) } ?? "—", f.expectedPercent.map { String(format: "%.1f%%", $0) } ?? "—",
                        f.onTrack.map { $0 ? "正常" : "滞后" } ?? "—",
                    ])
                }
                Console.print("截至 \(date)（北京时间）" + (acting.isCountyWide ? "" : "，范围：\(acting.scopeLabel)"))
                Console.print(table.render())
            }
        }
    }
}
