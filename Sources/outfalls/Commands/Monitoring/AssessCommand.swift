import ArgumentParser
import Foundation
import JSON
import WaterQuality
import Workflows

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "按标准评价排污口监测数据或断面水质 (judge an outfall's samples, or class a section)",
        discussion: """
            排污口：确定执行标准和等级（及理由），混合样按日均值判定，瞬时样注明；超标倍数 =（数值 − 限值）/ 限值。
            断面：按 GB 3838-2002 单因子评价，最差项目定类（劣V），与水功能区目标比较。未核实的限值不作判定（无法判定）。
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "排污口键或编码 (outfall key or code)")
    var outfall: String?
    @Option(help: "监测断面名称 (section name)")
    var section: String?
    @Option(help: "起始日期 YYYY-MM-DD")
    var from: String?
    @Option(help: "截止日期 YYYY-MM-DD")
    var to: String?
    @Option(help: "输出格式 text|json|xlsx（xlsx 须给 -o）")
    var format: AssessFormat = .text
    @Option(name: .shortAndLong, help: "输出文件 .xlsx（--format xlsx 时）(output file)")
    var output: String?

    enum AssessFormat: String, ExpressibleByArgument, CaseIterable { case text, json, xlsx }

    func validate() throws {
        guard (outfall == nil) != (section == nil) else { throw ValidationError("请给出 --outfall 或 --section 之一 (one of --outfall, --section)") }
        if format == .xlsx {
            guard let output, output.lowercased().hasSuffix(".xlsx") else { throw ValidationError("--format xlsx 须给出 -o 文件.xlsx (give -o FILE.xlsx)") }
        } else if output != nil {
            throw ValidationError("-o 只用于 --format xlsx (-o is for xlsx)")
        }
    }

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            if let outfall {
                let a = try ledgerCall { try ledger.assessOutfall(outfall, from: from, to: to) }
                if format == .xlsx, let output {
                    guard !FileManager.default.fileExists(atPath: output) else { throw Failure.input("文件已存在，不覆盖：\(output) (file exists)") }
                    try ledgerCall { try MonitoringXLSX.writeAssessments([a], to: output) }
                    Console.print("已导出 \(a.judgements.count) 条评价结果到 \(output)")
                    return
                }
                if format == .json {
                    Console.print(JSONWriter.pretty(a.json))
                    return
                }
                Console.print("\(a.outfall.key) \(a.outfall.name)（\(a.outfall.type.label)）")
                Console.print("受纳水体：\(a.receivingZone.map { "\($0.name)，目标 \($0.targetClass?.label ?? "未知")" } ?? "未找到水功能区")（\(a.receivingPlace)）")
                if let c = a.choice {
                    Console.print("执行标准：\(c.standard.id) \(c.standard.title) \(c.grade.map { "等级 \($0.id)" } ?? "（等级未定）")")
                    for r in c.reasons { Console.print("  · \(r)") }
                } else {
                    Console.print("执行标准：无法确定：\(a.choiceProblem ?? "")")
                }
                guard !a.judgements.isEmpty else {
                    Console.print("没有监测数据 (no samples)")
                    return
                }
                var table = TextTable(["日期", "指标", "数值", "单位", "限值", "结论", "超标倍数", "依据"])
                for j in a.judgements {
                    table.add([
                        j.day, j.parameter.label, j.value.display, j.parameter.canonicalUnit.label, j.limit?.display ?? "—",
                        j.verdict.label + (j.conclusive ? "" : "（参考）"), j.exceedanceMultiple.map { String(format4: $0) } ?? "",
                        j.basis + (j.reason.map { "；\($0)" } ?? ""),
                    ])
                }
                Console.print(table.render())
            } else if let section {
                let r = try ledgerCall { try ledger.assessSection(section, from: from, to: to) }
                if format == .xlsx, let output {
                    guard !FileManager.default.fileExists(atPath: output) else { throw Failure.input("文件已存在，不覆盖：\(output) (file exists)") }
                    try ledgerCall { try MonitoringXLSX.writeSection(r, to: output) }
                    Console.print("已导出 \(r.section.name) 的断面评价到 \(output)")
                    return
                }
                if format == .json {
                    Console.print(JSONWriter.pretty(r.json))
                    return
                }
                let a = r.assessment
                Console.print(
                    "\(r.section.name)：\(a.waterClass?.label ?? "无法定类")，目标 \(a.targetClass?.label ?? "未知")（\(r.zone?.name ?? "未找到水功能区")）→ \(a.attains.map { $0 ? "达标" : "未达标" } ?? "无法判定")"
                )
                var table = TextTable(["指标", "均值", "单位", "样品数", "类别", "说明"])
                for item in a.items {
                    table.add([
                        item.parameter.label, item.value.display, item.parameter.canonicalUnit.label, String(item.sampleCount),
                        item.waterClass?.label ?? "—", item.reason ?? "",
                    ])
                }
                Console.print(table.render())
                for note in a.notes { Console.print("注：\(note)") }
            }
        }
    }
}

extension String {
    init(format4 n: Double) {
        let scaled = (n * 10_000).rounded() / 10_000
        self = "\(scaled)"
    }
}
