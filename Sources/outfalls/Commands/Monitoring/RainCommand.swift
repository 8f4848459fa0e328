import ArgumentParser
import JSON
import WaterQuality
import Workflows

struct RainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rain", abstract: "导入或查看日降雨记录，设定旱天直排判定规则 (daily rain records and the dry-weather rule)",
        subcommands: [Import.self, List.self, Set.self], defaultSubcommand: List.self)

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV/XLSX 导入日降雨量，全部成功或全部不导入 (columns date［日期］, mm［降雨量］, station［站点，可选］)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Argument(help: "CSV 或 XLSX 文件 (file)")
        var file: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let report = try ledgerCall { try ledger.importRain(path: file, actor: actorOptions.actor) }
                Console.print("已导入 \(report.count) 条日降雨记录（\(report.first) 至 \(report.last)）")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出日降雨记录和现行旱天直排规则 (list rain records)")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json")
        var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let records = try ledgerCall { try ledger.rainRecords() }
                let rule = try ledgerCall { try ledger.monitoringSettings().dryWeatherRule }
                if format == .json {
                    Console.print(
                        JSONWriter.pretty(
                            .object(
                                JSONObject([
                                    (
                                        "rule",
                                        .object(
                                            JSONObject([
                                                ("dry_days", .number(Double(rule.dryDays))), ("threshold_mm", .number(rule.thresholdMM)),
                                                ("confirmed", .bool(false)),
                                                ("label", .string(rule.label)),
                                            ]))
                                    ),
                                    ("records", .array(records.map(\.json))),
                                ]))))
                    return
                }
                Console.print("旱天直排规则：\(rule.label)")
                var table = TextTable(["日期", "站点", "降雨量 mm"])
                for r in records { table.add([r.day, r.station.isEmpty ? "（未注明）" : r.station, MeasuredValue.format(r.millimetres)]) }
                Console.print(table.render())
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "设定旱天直排判定：连续无雨天数与无雨阈值（县级设定，无国家标准）(set the dry-weather rule)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Option(help: "此前连续无雨天数 N (dry days before)")
        var dryDays: Int
        @Option(help: "日降雨量不超过此值（mm）即为无雨 (dry-day threshold, mm)")
        var thresholdMm: Double

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let rule = DryWeatherRule(dryDays: dryDays, thresholdMM: thresholdMm)
                try ledgerCall { try ledger.setDryWeatherRule(rule, actor: actorOptions.actor) }
                Console.print("已设定旱天直排规则：\(rule.label)")
            }
        }
    }
}
