import ArgumentParser
import JSON
import Workflows

struct AbnormalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abnormal",
        abstract: "列出已查明存在异常的排污口及理由：超标、旱天直排、违法设置 (abnormal outfalls with reasons)")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let report = try ledgerCall { try ledger.abnormalOutfalls() }
            if format == .json {
                Console.print(JSONWriter.pretty(report.json))
                return
            }
            var table = TextTable(["排污口", "名称", "异常", "详情"])
            for a in report.outfalls {
                for (i, r) in a.reasons.enumerated() {
                    table.add([i == 0 ? a.outfall.key : "", i == 0 ? a.outfall.name : "", r.kind.label + (r.basisConfirmed || r.kind == .indicativeExceedance ? "" : "〔待核实〕"), r.detail])
                }
            }
            Console.print(table.render())
            Console.print("共 \(report.outfalls.count) 个排污口存在异常")
            for note in report.notes { Console.print("注：\(note)") }
        }
    }
}
