import ArgumentParser
import JSON
import Supervision
import Workflows

/// `outfalls unit …`: discharging units (排污单位).
struct UnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "排污单位：导入、列表、查看、修改 (discharging units)",
        subcommands: [UnitImportCommand.self, UnitListCommand.self, UnitShowCommand.self, UnitEditCommand.self])
}

struct UnitImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "从 CSV（UTF-8/GBK）、XLSX 或 GeoJSON 点导入排污单位，全部成功或全部不写 (import units, all or nothing)",
        discussion: """
            表头（中文或英文）：单位名称 name、统一社会信用代码 credit_code、排污许可证编号 permit_number、行业 industry、
            地址 address、经度 lon、纬度 lat、许可排污口 permitted_outfalls（排污口键、编码或 ID，以“、”分隔）。
            统一社会信用代码按 GB 32100-2015 校验；已登记的代码（或无代码时同名单位）更新原记录。
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "排污单位文件 (file)")
    var file: String

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let report = try call { try ledger.importUnits(path: file, actor: actorOptions.actor) }
            Console.print(TracingText.report(report, what: "排污单位"))
        }
    }
}

struct UnitListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出排污单位 (list units)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "输出格式 text|json|geojson（有位置的单位，作地图图层）")
    var format: TracingListFormat = .text

    func run() throws {
        try reporting {
            let units = try call { try database.openLedger().units() }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(units.map(TracingJSON.unit))))
            case .geojson: Console.print(JSONWriter.pretty(TracingJSON.unitsGeoJSON(units)))
            case .text:
                var table = TextTable(["ID", "单位名称", "统一社会信用代码", "排污许可证编号", "行业"])
                for unit in units {
                    table.add([
                        String(unit.id ?? 0), unit.name, TracingText.or(unit.creditCode), TracingText.or(unit.permitNumber),
                        TracingText.or(unit.industry),
                    ])
                }
                Console.print(table.render())
                Console.print("共 \(units.count) 个排污单位 (units)")
            }
        }
    }
}

struct UnitShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一个排污单位 (show a unit)")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "统一社会信用代码、单位名称或 ID (credit code, name or id)")
    var unit: String

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let unit = try call { try ledger.unit(matching: self.unit) }
            let history = try call { try ledger.history(of: EntityRef(.unit, unit.id ?? 0)) }
            switch format {
            case .json:
                var object = TracingJSON.unit(unit).objectValue ?? JSONObject()
                object["history"] = .array(history.map { event in
                    .object(JSONObject([
                        ("at", .string(event.at)), ("actor", .string(event.actor)), ("action", .string(event.action)),
                        ("changes", .array(event.changes.map { change in
                            .object(JSONObject([("field", .string(change.field)), ("before", change.before ?? .null), ("after", change.after ?? .null)]))
                        })),
                        ("reason", event.reason.map(JSONValue.string) ?? .null),
                    ]))
                })
                Console.print(JSONWriter.pretty(.object(object)))
            case .text:
                Console.print("排污单位 #\(unit.id ?? 0)「\(unit.name)」")
                Console.print("  统一社会信用代码：\(TracingText.or(unit.creditCode))")
                Console.print("  排污许可证编号：\(TracingText.or(unit.permitNumber))")
                Console.print("  行业：\(TracingText.or(unit.industry))  地址：\(TracingText.or(unit.address))")
                if let lon = unit.lon, let lat = unit.lat { Console.print("  位置：\(lon), \(lat)") }
                if !unit.permittedOutfallIDs.isEmpty {
                    Console.print("  许可证载明排污口 ID：\(unit.permittedOutfallIDs.map(String.init).joined(separator: "、"))")
                }
                Console.print("  历史 history：")
                for event in history {
                    let fields = event.changes.map(\.field).joined(separator: ", ")
                    Console.print("    \(ChinaTime.display(event.at))  \(event.actor)  \(event.action)  \(fields)\(event.reason.map { "  —— \($0)" } ?? "")")
                }
            }
        }
    }
}

struct UnitEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "修改排污单位的字段，记入历史；给空字符串清除该字段 (edit a unit; an empty value clears)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "统一社会信用代码、单位名称或 ID (credit code, name or id)")
    var unit: String

    @Option(help: "单位名称") var name: String?
    @Option(help: "统一社会信用代码") var creditCode: String?
    @Option(help: "排污许可证编号") var permitNumber: String?
    @Option(help: "行业") var industry: String?
    @Option(help: "地址") var address: String?
    @Option(help: "经度 (CGCS2000)") var lon: Double?
    @Option(help: "纬度 (CGCS2000)") var lat: Double?
    @Flag(help: "清除位置 (clear the location)") var clearLocation = false
    @Option(help: "许可证载明的排污口（键、编码或 ID），可多次给出 (outfalls the permit records)") var permittedOutfall: [String] = []
    @Flag(help: "清空许可证载明的排污口 (clear them)") var clearPermittedOutfalls = false
    @Option(help: "修改原因，记入历史 (reason)") var reason: String?

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let edit = UnitEdit(
                name: name, creditCode: creditCode, permitNumber: permitNumber, industry: industry, address: address, lon: lon, lat: lat,
                permittedOutfalls: clearPermittedOutfalls ? [] : (permittedOutfall.isEmpty ? nil : permittedOutfall), clearLocation: clearLocation)
            let (unit, changes) = try call { try ledger.editUnit(self.unit, edit, reason: reason, actor: actorOptions.actor) }
            if changes.isEmpty {
                Console.print("排污单位 #\(unit.id ?? 0)「\(unit.name)」没有变化 (nothing changed)")
            } else {
                Console.print("已修改排污单位 #\(unit.id ?? 0)「\(unit.name)」(updated)：")
                for change in changes {
                    Console.print("  \(change.field)：\(change.before?.displayText ?? "—") → \(change.after?.displayText ?? "—")")
                }
            }
        }
    }
}
