import ArgumentParser
import JSON
import Supervision
import WaterQuality
import Workflows

struct AbnormalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abnormal",
        abstract: "已查明存在异常的排污口及理由：超标、旱天直排、违法设置、排查发现问题、溯源发现雨水口混入污水；逐条确认或排除 (abnormal outfalls with reasons; confirm or dismiss each)",
        subcommands: [List.self, Mark.self, ManualAbnormal.Add.self, ManualAbnormal.Dismiss.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出异常排污口及理由 (list abnormal outfalls)")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json")
        var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let report = try ledgerCall { try ledger.derivedAbnormalOutfalls() }
                if format == .json {
                    let manual = try ManualAbnormal.printList(ledger, format: .json)
                    guard case .object(var object) = report.json else { return Console.print(JSONWriter.pretty(report.json)) }
                    object["manual_reasons"] = manual
                    Console.print(JSONWriter.pretty(.object(object)))
                    return
                }
                var table = TextTable(["排污口", "名称", "异常", "理由编号", "确认", "详情"])
                for a in report.outfalls {
                    for (i, r) in a.reasons.enumerated() {
                        table.add([
                            i == 0 ? a.outfall.key : "", i == 0 ? a.outfall.name : "",
                            r.kind.label + (r.basisConfirmed || r.kind == .indicativeExceedance ? "" : "〔待核实〕"), r.id,
                            r.state.label + (r.decision?.note.map { "：\($0)" } ?? ""), r.detail,
                        ])
                    }
                }
                Console.print(table.render())
                Console.print("共 \(report.outfalls.filter(\.isAbnormal).count) 个排污口存在异常（理由全部排除的不计）")
                for note in report.notes { Console.print("注：\(note)") }
                _ = try ManualAbnormal.printList(ledger, format: .text)
            }
        }
    }

    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark", abstract: "确认、排除或重新待定一条异常理由，记入历史 (confirm, dismiss or reopen one reason)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Argument(help: "排污口键或编码 (outfall)")
        var outfall: String
        @Option(help: "理由编号，见 outfalls abnormal (reason id)")
        var reason: String
        @Flag(help: "确认 (confirm)") var confirm = false
        @Flag(help: "排除，须 --note (dismiss)") var dismiss = false
        @Flag(help: "重新待确认 (reopen)") var reopen = false
        @Option(help: "说明 (note)")
        var note: String?

        func validate() throws {
            guard [confirm, dismiss, reopen].filter({ $0 }).count == 1 else { throw ValidationError("请给出 --confirm、--dismiss、--reopen 之一") }
        }

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let event: ReasonReviewState.Event = confirm ? .confirm : dismiss ? .dismiss : .reopen
                let decision = try ledgerCall {
                    try ledger.reviewAbnormalReason(outfall: outfall, reason: reason, event: event, note: note, actor: actorOptions.actor)
                }
                Console.print("\(outfall) \(reason)：\(decision.state.label)" + (decision.note.map { "（\($0)）" } ?? ""))
            }
        }
    }
}
