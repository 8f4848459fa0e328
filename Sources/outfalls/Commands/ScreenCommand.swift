import ArgumentParser
import GeoKit
import JSON
import OutfallModel
import Registry
import Siting

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "核查全部登记排污口，列出违法设置及需关注的排口（依法查处一批）(screen every registered outfall)",
        discussion: "结果存入数据库；图层或规则变化后自动重算。--only flagged 只列有问题的，--only prohibited 只列违法设置的。")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "只列 flagged（有问题的）或某一级别 prohibited|restricted|review|notice")
    var only: String?

    @Option(help: "输出格式 text|json|geojson")
    var format: ReportFormat = .text

    func run() throws {
        try reporting {
            var minimum: Severity?
            var exact: Severity?
            if let only {
                if only == "flagged" { minimum = .notice } else if let s = Severity(rawValue: only) { exact = s } else {
                    throw Failure.input("--only 应为 flagged 或 prohibited、restricted、review、notice、clear")
                }
            }
            let registry = try database.openRegistry()
            let all = try call { try registry.screening() }
            let chosen = all.filter { row in
                if let minimum { return row.verdict >= minimum }
                if let exact { return row.verdict == exact }
                return true
            }
            // Most severe first, then by id. Sorting the keys and not the rows: a row is large,
            // and moving 100,000 of them about was a twentieth of a listing.
            let keys = chosen.map { ($0.verdict, -($0.outfall.id ?? 0)) }
            let rows = chosen.indices.sorted { keys[$0] > keys[$1] }.map { chosen[$0] }
            let schematic = try call { try registry.isSchematic() }
            switch format {
            case .json:
                // The same text as JSONWriter.pretty of the whole document, written one outfall
                // at a time: 100,000 outfalls with their findings are most of a gigabyte as one string.
                var head = "{\n  \"summary\": "
                JSONWriter.write(ScreeningRow.summary(all), into: &head, indent: "  ", level: 1)
                head += ",\n  \"schematic_data\": \(schematic),\n  \"outfalls\": "
                guard !rows.isEmpty else {
                    Console.print(head + "[]\n}")
                    return
                }
                var out = Array((head + "[").utf8)
                var writer = ScreeningJSONWriter(indent: "  ", level: 2)
                // Reading the stored findings back is most of what is left once the writer
                // reuses their texts, and needs nothing from other rows: a batch is read on
                // every core, then written in order.
                let batch = 4096
                for start in stride(from: 0, to: rows.count, by: batch) {
                    let slice = Array(rows[start..<min(rows.count, start + batch)])
                    let lists = slice.parallelMap(minimumShare: 512) { row in
                        Result { () throws(RegistryError) in try row.findingList() }
                    }
                    for (i, (row, list)) in zip(slice, lists).enumerated() {
                        out.append(text: start + i == 0 ? "\n    " : ",\n    ")
                        writer.write(row, findings: try call { try list.get() }, into: &out)
                    }
                    try Console.write(bytes: out)
                    out.removeAll(keepingCapacity: true)
                }
                out.append(text: "\n  ]\n}\n")
                try Console.write(bytes: out)
            case .geojson:
                Console.print(JSONWriter.pretty(.object(JSONObject([
                    ("type", "FeatureCollection"),
                    ("features", .array(try rows.map { row in
                        guard case .object(var properties) = try call({ try row.json() }) else { return .null }
                        properties.removeValue(forKey: "lon")
                        properties.removeValue(forKey: "lat")
                        return .object(JSONObject([
                            ("type", "Feature"), ("id", .number(Double(row.outfall.id ?? 0))), ("properties", .object(properties)),
                            ("geometry", row.outfall.geometry.geoJSON),
                        ]))
                    })),
                ]))))
            case .text:
                Console.print(text(all: all, rows: rows, schematic: schematic))
            }
        }
    }

    private func text(all: [ScreeningRow], rows: [ScreeningRow], schematic: Bool) -> String {
        var lines = ["登记排污口设置核查（共 \(all.count) 个）"]
        if schematic { lines.append("【注意】所用图层含示意数据，结果仅供演示。") }
        var total = [Severity: Int]()
        for row in all { total[row.verdict, default: 0] += 1 }
        lines.append(Severity.allCases.reversed().map { "\($0.label) \(total[$0] ?? 0)" }.joined(separator: "；"))
        for (title, key) in [("按河流 by river", { (r: ScreeningRow) in r.snap?.river ?? "（未吸附）" }),
                             ("按乡镇 by township", { (r: ScreeningRow) in r.township ?? "（无乡镇）" })] {
            lines.append("")
            var table = TextTable([title, "禁止", "严控", "审查", "提示", "无问题"])
            for (name, bySeverity) in ScreeningRow.counts(all, by: key) {
                table.add([name] + Severity.allCases.reversed().map { String(bySeverity[$0] ?? 0) })
            }
            lines.append(table.render())
        }
        lines.append("")
        let flagged = rows.filter { $0.verdict > .clear }
        lines.append(flagged.isEmpty ? "没有需关注的排污口。" : "需关注的排污口（按严重程度）：")
        var table = TextTable(["ID", "结论", "名称", "类型", "河流", "乡镇", "规则"])
        for row in flagged {
            // The stored rule ids: each rule once, most severe first, with no findings to expand.
            let rules = row.ruleIDs
            table.add([
                String(row.outfall.id ?? 0), row.verdict.label, row.outfall.name, row.outfall.type.label, row.snap?.river ?? "—",
                row.township ?? "—", rules.joined(separator: ","),
            ])
        }
        if !flagged.isEmpty { lines.append(table.render()) }
        return lines.joined(separator: "\n")
    }
}
