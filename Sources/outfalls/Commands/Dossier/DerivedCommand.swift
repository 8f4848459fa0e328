import ArgumentParser
import JSON
import Registry
import Workflows

struct DerivedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derived",
        abstract: "由图层推算的字段（乡镇、受纳水体、岸别、水功能区、下游国控断面）及与登记值不一致之处 (derived fields and disagreements)",
        discussion: """
            outfalls derived                       每个排污口的推算值
            outfalls derived --disagreements       只列登记值与推算不一致的排污口
            推算值不覆盖登记值：不一致之处列出，由人核实。
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "只列有不一致的排污口 (only outfalls with disagreements)")
    var disagreements = false

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = Ledger(registry: try database.openRegistry())
            var list = try call { try ledger.derivedFields() }
            if disagreements { list = list.filter { !$0.disagreements.isEmpty } }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(list.map(\.json))))
            case .text:
                guard !list.isEmpty else {
                    Console.print(disagreements ? "登记值与图层推算一致 (no disagreements)" : "没有排污口 (no outfalls)")
                    return
                }
                var table = TextTable(["ID", "乡镇", "受纳水体", "岸别", "水功能区（目标）", "下游国控断面", "不一致"])
                for d in list {
                    table.add([
                        String(d.outfallID), d.township ?? "—", d.receivingWater ?? "—", d.bankLabel ?? "—",
                        d.waterFunctionZone.map { "\($0)（\(d.waterFunctionTarget ?? "—")）" } ?? "—",
                        d.downstreamSection.map { "\($0) \(Int((d.downstreamDistance ?? 0).rounded())) m" } ?? "—",
                        d.disagreements.map { "\($0.label)：登记“\($0.entered)”≠推算“\($0.derived ?? "—")”" }.joined(separator: "；"),
                    ])
                }
                Console.print(table.render())
                let count = list.filter { !$0.disagreements.isEmpty }.count
                Console.print("共 \(list.count) 个排污口，\(count) 个有不一致 (\(count) with disagreements)")
            }
        }
    }
}
