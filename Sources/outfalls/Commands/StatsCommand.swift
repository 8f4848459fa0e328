import ArgumentParser
import Foundation
import JSON
import Registry

/// `outfalls stats`: the spatial distribution of outfalls (空间分布分析).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "排污口空间分布：按河流、河段、乡镇、类型统计，河流与河段给出每公里个数 (spatial distribution)")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "分组 river|reach|township|type (group by)") var by: String = "river"
    @Option(help: "输出格式 text|json") var format: OutputFormat = .text

    func run() throws {
        try reporting {
            guard let grouping = DistributionGrouping(rawValue: by) else {
                throw Failure.input("分组应为 river、reach、township 或 type (unknown grouping)")
            }
            let registry = try database.openRegistry()
            let rows = try call { try registry.distribution(by: grouping) }
            let schematic = try call { try registry.isSchematic() }
            switch format {
            case .json:
                Console.print(JSONWriter.pretty(.object(JSONObject([
                    ("by", .string(grouping.rawValue)), ("schematic_data", .bool(schematic)),
                    ("groups", .array(rows.map { r in
                        .object(JSONObject([
                            ("group", .string(r.group)), ("count", .number(Double(r.count))),
                            ("length_km", r.lengthKm.map { .number(($0 * 100).rounded() / 100) } ?? .null),
                            ("per_km", r.perKm.map { .number(($0 * 1000).rounded() / 1000) } ?? .null),
                            ("by_type", .object(JSONObject(r.byType.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))),
                        ]))
                    })),
                ]))))
            case .text:
                if schematic { Console.print("【示意数据】统计基于示意图层，仅供演示 (schematic data)") }
                var table = TextTable(["分组", "排污口数", "长度 km", "每公里"])
                for r in rows {
                    table.add([r.group, String(r.count), r.lengthKm.map { String(format: "%.1f", $0) } ?? "—", r.perKm.map { String(format: "%.2f", $0) } ?? "—"])
                }
                Console.print(table.render())
            }
        }
    }
}
