import ArgumentParser
import JSON
import Supervision
import Workflows

/// `outfalls abnormal add` / `dismiss`: reasons a person states (an inspection, a tip), kept as
/// entities with their history beside the reasons monitoring and screening derive.
enum ManualAbnormal {
    /// The manual reasons of each outfall, for `abnormal list`.
    static func printList(_ ledger: Ledger, format: OutputFormat) throws -> JSONValue {
        let abnormal = try call { try ledger.manualAbnormalReasons() }
        let names = try call { try ledger.registry.outfallNames() }
        let ids = abnormal.keys.sorted()
        let json = JSONValue.array(ids.map { id in
            .object(JSONObject([
                ("outfall_id", .number(Double(id))), ("name", .string(names[id] ?? "")), ("reasons", .array((abnormal[id] ?? []).map(\.json))),
            ]))
        })
        if format == .text, !ids.isEmpty {
            var table = TextTable(["排污口 ID", "名称", "原因编号", "来源", "原因"])
            for id in ids {
                for r in abnormal[id] ?? [] { table.add([String(id), names[id] ?? "", String(r.id ?? 0), r.source.label, r.reason]) }
            }
            Console.print("\n人工添加的异常原因（abnormal add；abnormal dismiss 编号 --note 排除）：")
            Console.print(table.render())
        }
        return json
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "添加异常原因（检查、举报等）(add a reason)")
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
        static let configuration = CommandConfiguration(commandName: "dismiss", abstract: "排除一条异常原因，须说明 (dismiss a reason, with a note)")
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
