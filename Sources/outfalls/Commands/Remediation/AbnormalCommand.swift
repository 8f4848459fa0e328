import ArgumentParser
import JSON
import Supervision
import Workflows

/// `outfalls abnormal`: the abnormal set (已查明存在异常) the 30 / 70 / ~100 % targets count.
struct AbnormalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abnormal", abstract: "异常排污口清单：列出、添加或排除异常原因 (the abnormal set)",
        subcommands: [List.self, Add.self, Dismiss.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出异常排污口及其原因 (list abnormal outfalls with their reasons)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let abnormal = try call { try ledger.abnormalOutfalls() }
                let names = try call { try ledger.registry.outfallNames() }
                let ids = abnormal.keys.sorted()
                switch format {
                case .json:
                    Console.print(JSONWriter.pretty(.array(ids.map { id in
                        .object(JSONObject([
                            ("outfall_id", .number(Double(id))), ("name", .string(names[id] ?? "")),
                            ("reasons", .array((abnormal[id] ?? []).map(\.json))),
                        ]))
                    })))
                case .text:
                    guard !ids.isEmpty else { return Console.print("异常清单为空 (no abnormal outfalls)") }
                    var table = TextTable(["排污口 ID", "名称", "原因编号", "来源", "原因"])
                    for id in ids {
                        for r in abnormal[id] ?? [] { table.add([String(id), names[id] ?? "", String(r.id ?? 0), r.source.label, r.reason]) }
                    }
                    Console.print(table.render())
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加异常原因（检查、举报等）(add a reason)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var when: WhenOptions
        @Argument(help: "排污口：ID、键、本地编码或国家编码 (outfall)") var outfall: String
        @Option(help: "异常原因 (reason)") var reason: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let at = try when.instant()
                let entry = try call { try ledger.addAbnormal(outfall: outfall, reason: reason, actor: actor.actor, at: at) }
                Console.print("已添加异常原因 #\(entry.id ?? 0)：\(entry.reason) (added)")
            }
        }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "排除一条异常原因，须说明 (dismiss a reason, with a note)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var when: WhenOptions
        @Argument(help: "原因编号 (reason id)") var id: Int64
        @Option(help: "说明 (note)") var note: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let at = try when.instant()
                try call { try ledger.setAbnormal(id, state: .dismissed, note: note, actor: actor.actor, at: at) }
                Console.print("已排除异常原因 #\(id) (dismissed)")
            }
        }
    }
}
