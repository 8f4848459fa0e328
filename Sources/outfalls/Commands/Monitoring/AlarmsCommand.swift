import ArgumentParser
import JSON
import WaterQuality
import Workflows

struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "疑似设备故障报警（数值不变、突变、不可能的数值、数据中断），逐条判定属实或故障 (suspected device faults)",
        subcommands: [List.self, Mark.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出报警 (list alarms)")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json")
        var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let alarms = try ledgerCall { try ledger.alarms() }
                if format == .json {
                    Console.print(JSONWriter.pretty(.array(alarms.map(\.json))))
                    return
                }
                var table = TextTable(["排污口", "报警编号", "类型", "日期", "判定", "详情"])
                for a in alarms {
                    table.add([
                        a.outfall.key, a.flag.id, a.flag.kind.label, a.flag.days.joined(separator: ","),
                        a.decision.map { $0.decision.label + ($0.note.map { "：\($0)" } ?? "") } ?? "待判定", a.flag.detail,
                    ])
                }
                Console.print(table.render())
                Console.print("共 \(alarms.count) 条报警")
            }
        }
    }

    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark", abstract: "判定一条报警属实（超标成立）或设备故障（不计超标），须 --note (mark an alarm real or a fault)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Argument(help: "排污口键或编码 (outfall)")
        var outfall: String
        @Argument(help: "报警编号，见 outfalls alarms (alarm id)")
        var alarm: String
        @Flag(help: "设备故障 (a device fault)") var fault = false
        @Flag(help: "属实 (real)") var real = false
        @Option(help: "说明（必填）(note, required)")
        var note: String?

        func validate() throws {
            guard fault != real else { throw ValidationError("请给出 --fault 或 --real 之一") }
        }

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let made = try ledgerCall {
                    try ledger.markAlarm(outfall: outfall, alarm: alarm, decision: fault ? .fault : .real, note: note, actor: actorOptions.actor)
                }
                Console.print("\(outfall) \(alarm)：\(made.decision.label)")
            }
        }
    }
}
