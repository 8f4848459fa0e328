import ArgumentParser
import JSON
import Workflows

struct MonitoringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitoring", abstract: "监测概况：按河流、乡镇统计已监测、超标、异常的排污口，及各断面水质 (monitoring overview by river and township)")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let o = try ledgerCall { try ledger.monitoringOverview() }
            if format == .json {
                Console.print(JSONWriter.pretty(o.json))
                return
            }
            for (title, groups) in [("按河流", o.byRiver), ("按乡镇", o.byTownship)] {
                var table = TextTable([title, "排污口", "已监测", "超标", "异常"])
                for g in groups { table.add([g.name, String(g.outfalls), String(g.sampled), String(g.exceeding), String(g.abnormal)]) }
                Console.print(table.render() + "\n")
            }
            var table = TextTable(["断面", "水质类别", "目标", "达标", "样品数"])
            for r in o.sections {
                let a = r.assessment
                table.add([
                    r.section.name, a.waterClass?.label ?? "—", a.targetClass?.label ?? "未知", a.attains.map { $0 ? "达标" : "未达标" } ?? "无法判定",
                    String(r.sampleCount),
                ])
            }
            Console.print(table.render())
        }
    }
}
