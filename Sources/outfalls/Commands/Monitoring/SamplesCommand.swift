import ArgumentParser
import Foundation
import JSON
import Supervision
import WaterQuality
import Workflows

struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples", abstract: "导入或查看监测数据 (import or list monitoring samples)", subcommands: [Import.self, List.self, Export.self],
        defaultSubcommand: List.self)

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "从 CSV/XLSX 导入监测数据，全部成功或全部不导入 (import samples, all or nothing)",
            discussion: """
                列 columns: point［监测点］, sampled_at［采样时间］, parameter［指标］, value［数值］, unit［单位］, kind［样品类型 瞬时样/混合样］, lab［检测单位，可选］.
                point 为排污口的键、本地编码或国家编码，或监测断面名称。<0.05、0.05L、ND、未检出 表示低于检出限。
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Argument(help: "CSV 或 XLSX 文件 (file)")
        var file: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let report = try ledgerCall { try ledger.importSamples(path: file, actor: actorOptions.actor) }
                Console.print(
                    "已导入 \(report.count) 条监测数据（\(report.points.count) 个监测点：\(report.points.prefix(10).joined(separator: "、"))；指标：\(report.parameters.map(\.label).joined(separator: "、"))）"
                )
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出监测数据 (list samples)")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "监测点：排污口键/编码或断面名称 (point)")
        var point: String?
        @Option(help: "起始日期 YYYY-MM-DD (from)")
        var from: String?
        @Option(help: "截止日期 YYYY-MM-DD (to, inclusive)")
        var to: String?
        @Option(help: "输出格式 text|json")
        var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let samples = try ledgerCall { try ledger.samples(point: point, from: from, to: to) }
                if format == .json {
                    Console.print(JSONWriter.pretty(.array(samples.map(\.json))))
                    return
                }
                guard !samples.isEmpty else {
                    Console.print("没有监测数据 (no samples)")
                    return
                }
                var table = TextTable(["监测点", "采样时间", "指标", "数值", "单位", "样品类型", "检测单位"])
                for s in samples {
                    table.add([
                        s.point.name, ChinaTime.display(s.sampledAt), s.parameter.label, s.value.display, s.parameter.canonicalUnit.label,
                        s.sampleKind.label,
                        s.lab ?? "",
                    ])
                }
                Console.print(table.render())
                Console.print("共 \(samples.count) 条")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "导出监测数据或评价结果为 CSV 或 XLSX（Excel 可直接打开，CSV 可再导入）(export samples or assessments as CSV or XLSX)")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .shortAndLong, help: "输出文件 .csv 或 .xlsx (output file)")
        var output: String
        @Option(help: "格式 csv|xlsx，默认按文件扩展名 (format; default from the extension)")
        var format: String?
        @Flag(help: "导出评价结果而非监测数据 (export the assessments)")
        var assessments = false
        @Option(help: "监测点 (point)") var point: String?
        @Option(help: "起始日期 YYYY-MM-DD") var from: String?
        @Option(help: "截止日期 YYYY-MM-DD") var to: String?

        func run() throws {
            try reporting {
                let chosen = (format ?? (output as NSString).pathExtension).lowercased()
                guard chosen == "csv" || chosen == "xlsx" else { throw Failure.input("格式应为 csv 或 xlsx：“\(chosen)” (format must be csv or xlsx)") }
                guard output.lowercased().hasSuffix("." + chosen) else { throw Failure.input("输出文件扩展名应为 .\(chosen)：\(output) (extension does not match the format)") }
                if chosen == "xlsx", FileManager.default.fileExists(atPath: output) {
                    throw Failure.input("文件已存在，不覆盖：\(output) (file exists)")
                }
                let ledger = try database.openLedger()
                let count: Int
                if assessments {
                    let all = try ledgerCall { try ledger.assessAll(from: from, to: to) }
                    count = all.map(\.judgements.count).reduce(0, +)
                    if chosen == "xlsx" {
                        try ledgerCall { try MonitoringXLSX.writeAssessments(all, to: output) }
                    } else {
                        try write(MonitoringCSV.assessments(all))
                    }
                } else {
                    let samples = try ledgerCall { try ledger.samples(point: point, from: from, to: to) }
                    count = samples.count
                    if chosen == "xlsx" {
                        try ledgerCall { try MonitoringXLSX.writeSamples(samples, to: output) }
                    } else {
                        try write(MonitoringCSV.samples(samples))
                    }
                }
                Console.print("已导出 \(count) 行到 \(output)")
            }
        }

        private func write(_ text: String) throws {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .withoutOverwriting) } catch {
                throw Failure.input("无法写入 \(output)（文件已存在？）：\(error.localizedDescription)")
            }
        }
    }
}
