import ArgumentParser
import JSON
import WaterQuality
import Workflows

struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards", abstract: "查看、替换或设定排放与水质标准 (show, replace or set the discharge and water-quality standards)",
        subcommands: [List.self, Import.self, Set.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出现行标准及各项限值、出处和核实情况 (list the standards in force)")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json")
        var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let inForce = try ledgerCall { try ledger.standards() }
                let catalog = inForce.catalog
                if format == .json {
                    Console.print(
                        JSONWriter.pretty(
                            .object(
                                JSONObject([
                                    ("title", .string(catalog.title)), ("version", .string(catalog.version)), ("source", .string(inForce.source)),
                                    ("standards", .array(catalog.standards.map(\.json))),
                                ]))))
                    return
                }
                Console.print("\(catalog.title)  版本 \(catalog.version)\n来源：\(inForce.source)")
                for standard in catalog.standards {
                    Console.print("\n\(standard.id) \(standard.title)" + (standard.isConfirmed ? "" : "  〔含待核实限值〕"))
                    Console.print("  判定：\(standard.judgingClause)")
                    if !standard.gradeByReceivingClass.isEmpty {
                        Console.print(
                            "  等级："
                                + WaterQualityClass.allCases.compactMap { c in standard.gradeByReceivingClass[c].map { "\(c.label)→\($0)" } }.joined(
                                    separator: "，"))
                    }
                    var table = TextTable(["等级", "指标", "限值", "单位", "出处"])
                    for grade in standard.grades {
                        for limit in grade.limits {
                            table.add([
                                grade.id, "\(limit.parameter.label) \(limit.parameter.rawValue)", limit.display, limit.parameter.canonicalUnit.label,
                                limit.clause,
                            ])
                        }
                    }
                    Console.print(table.render())
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "载入标准文件并启用 (load and activate a standards file)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Argument(help: "标准文件 JSON (standards JSON file; the bundled one is GeoData/water-standards.json)")
        var file: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let catalog = try ledgerCall { try ledger.importStandards(path: file, actor: actorOptions.actor) }
                let unconfirmed = catalog.standards.filter { !$0.isConfirmed }.map(\.id)
                Console.print(
                    "已启用标准文件 \(catalog.title) 版本 \(catalog.version)（\(catalog.standards.count) 项标准）"
                        + (unconfirmed.isEmpty ? "" : "；含待核实限值：\(unconfirmed.joined(separator: "、"))（不用于判定）"))
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "县级设定某排污口执行的标准、等级、建设日期或行业，或城镇污水处理厂统一等级 (county setting for an outfall, or for all urban WWTPs)")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actorOptions: ActorOptions
        @Option(help: "排污口键或编码 (outfall key or code)")
        var outfall: String?
        @Option(help: "标准编号，如 \"GB 18918-2002\" (standard id)")
        var standard: String?
        @Option(help: "等级，如 1A、1B、2 (grade)")
        var grade: String?
        @Option(help: "建设日期 YYYY-MM-DD（GB 18918 总磷按建设日期分档）(build date)")
        var built: String?
        @Option(help: "排污单位行业，如 制糖 (industry)")
        var industry: String?
        @Option(help: "说明 (note)")
        var note: String?
        @Option(help: "所有城镇污水处理厂统一执行的等级（如 1A；none 取消）(grade for every urban WWTP)")
        var wwtpGrade: String?

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                if let wwtpGrade {
                    let grade = wwtpGrade.lowercased() == "none" ? nil : wwtpGrade
                    try ledgerCall { try ledger.setUrbanWWTPGrade(grade, actor: actorOptions.actor) }
                    Console.print(grade.map { "城镇污水处理厂统一执行 \($0)（单个排污口的设定优先）" } ?? "已取消统一等级：按受纳水体类别确定")
                }
                guard let outfall else {
                    if wwtpGrade == nil { throw Failure.input("请给出 --outfall 或 --wwtp-grade") }
                    return
                }
                let setting = DischargeSetting(standard: standard, grade: grade, builtOn: built, industry: industry, note: note)
                _ = try ledgerCall { try ledger.setDischargeStandard(outfall: outfall, setting: setting, actor: actorOptions.actor) }
                let assessed = try ledgerCall { try ledger.assessOutfall(outfall) }
                Console.print("已设定 \(outfall)：执行 \(assessed.choice?.standard.id ?? "—") \(assessed.choice?.grade?.id ?? "（等级未定）")")
                for reason in assessed.choice?.reasons ?? [] { Console.print("  · \(reason)") }
            }
        }
    }
}
