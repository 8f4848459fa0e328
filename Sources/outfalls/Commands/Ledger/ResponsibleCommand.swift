import ArgumentParser
import JSON
import Supervision
import Workflows

struct ResponsibleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responsible",
        abstract: "按规则确定排污口的责任主体，并标出与之不符的手填值 (the responsible party by rule)",
        discussion: """
            以最新一次溯源为准：1 口对 1 源 → 该单位；1 口对多源 → 主要责任单位（各单位份额载入排污许可证）；
            溯源后仍未查明 → 政府兜底（桂政办发〔2022〕36号，主体见 outfalls trace settings）；尚未溯源 → 暂无法确定。
            JSON: kind = unit | shared_main | government | undetermined, party, reason, basis。
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "排污口：键、编码或 ID (outfall)")
    var outfall: String

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let report = try call { try database.openLedger().responsibleParty(of: outfall) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(TracingJSON.responsible(report)))
            case .text:
                let party = report.party
                Console.print("排污口 #\(report.outfall.id ?? 0)「\(report.outfall.name)」")
                Console.print("  责任主体：\(party.party ?? "暂无法确定")（\(party.kind.label)）")
                Console.print("  理由：\(party.reason)")
                Console.print("  依据：\(party.basis)")
                for item in report.entered {
                    if let disagreement = item.disagreement {
                        Console.print("  ⚠ 不一致 (flagged)：\(item.source)：\(disagreement)")
                    } else {
                        Console.print("  手填（\(item.source)）“\(item.value)”与规则一致 (agrees)")
                    }
                }
            }
        }
    }
}
