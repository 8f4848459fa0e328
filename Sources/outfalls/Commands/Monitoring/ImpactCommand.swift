import ArgumentParser
import JSON
import WaterQuality
import Workflows

struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "断面上游各排污口对断面的负荷贡献排序（COD、氨氮、总磷）(outfalls ranked by the load they deliver to a section)",
        discussion: "负荷 = 流量 × 浓度，沿河网一级衰减；模型参数为设定值〔待核实〕，每次输出都列明假设。")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "监测断面名称 (section name)")
    var section: String
    @Option(help: "流速 m/s (velocity)")
    var velocity: Double = LoadModel.defaults.velocity
    @Option(help: "COD 衰减系数 1/d")
    var kCod: Double = LoadModel.defaults.decayPerDay[.cod] ?? 0
    @Option(help: "氨氮衰减系数 1/d")
    var kNh3n: Double = LoadModel.defaults.decayPerDay[.ammonia] ?? 0
    @Option(help: "总磷衰减系数 1/d")
    var kTp: Double = LoadModel.defaults.decayPerDay[.totalPhosphorus] ?? 0
    @Option(help: "起始日期 YYYY-MM-DD") var from: String?
    @Option(help: "截止日期 YYYY-MM-DD") var to: String?
    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let model = LoadModel(decayPerDay: [.cod: kCod, .ammonia: kNh3n, .totalPhosphorus: kTp], velocity: velocity)
            let report = try ledgerCall { try ledger.impact(section: section, model: model, from: from, to: to) }
            if format == .json {
                Console.print(JSONWriter.pretty(report.json))
                return
            }
            Console.print(
                "\(report.section.name)"
                    + (report.measured.map { "：实测 \($0.assessment.waterClass?.label ?? "无法定类")，目标 \($0.assessment.targetClass?.label ?? "未知")" }
                        ?? "：无实测数据"))
            Console.print(report.model.assumptions)
            for r in report.rankings {
                Console.print("\n\(r.parameter.label)（\(r.parameter.rawValue)）")
                var table = TextTable(["排名", "排污口", "负荷 kg/d", "距离 km", "到达 kg/d", "占比"])
                for (i, c) in r.contributions.enumerated() {
                    table.add([
                        String(i + 1), c.name, MeasuredValue.format(c.load), MeasuredValue.format((c.distance / 100).rounded() / 10),
                        MeasuredValue.format(c.delivered), MeasuredValue.format((c.share * 1000).rounded() / 10) + "%",
                    ])
                }
                Console.print(table.render())
            }
            if report.rankings.isEmpty { Console.print("上游排污口没有同时具备流量和浓度的监测数据") }
            for m in report.missing { Console.print("未计入：\(m)") }
        }
    }
}
