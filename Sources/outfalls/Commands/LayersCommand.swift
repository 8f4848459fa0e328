import ArgumentParser
import JSON
import Registry
import RegistryStore

struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers", abstract: "列出各图层要素数及来源 (feature counts and provenance of every layer)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let registry = try database.openRegistry()
            let summaries: [LayerSummary]
            do { summaries = try registry.layerSummaries() } catch { throw Failure.database("\(error)") }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(summaries.map(\.json))))
            case .text: Console.print(text(summaries, registry: registry))
            }
        }
    }

    private func text(_ summaries: [LayerSummary], registry: Registry) -> String {
        let region = registry.settings.region
        var lines = [
            "数据库 \(database.path) — 区域 \(region.name) [\(region.envelope.minX)–\(region.envelope.maxX)E, "
                + "\(region.envelope.minY)–\(region.envelope.maxY)N]，县级代码 \(registry.settings.countyAdcode)",
            "",
        ]
        var table = TextTable(["图层 layer", "名称", "要素数", "来源文件 source files"])
        for s in summaries {
            let files = s.sources.map(\.fileName).joined(separator: ", ")
            table.add([s.layer.rawValue, s.layer.chineseName, String(s.count), files.isEmpty ? "—" : files])
        }
        lines.append(table.render())
        let allSources = summaries.flatMap(\.sources)
        if !allSources.isEmpty {
            lines.append("")
            lines.append("来源与精度 provenance:")
            for s in allSources {
                let flag = s.schematic ? "【示意数据 SCHEMATIC】" : ""
                lines.append("  [\(s.layer.rawValue)] \(s.fileName) \(flag)")
                lines.append("      导入 \(s.importedAt) by \(s.importedBy)；\(s.featureCount) 个要素（新增 \(s.added)、更新 \(s.updated)、未变 \(s.unchanged)）；坐标系 \(s.crs)；SHA-256 \(s.fileSHA256.prefix(12))…")
                if let p = s.provenance { lines.append("      来源 source: \(p)") }
                if let l = s.licence { lines.append("      许可 licence: \(l)") }
                if let a = s.accuracy { lines.append("      精度 accuracy: \(a)") }
                for w in s.warnings { lines.append("      修复 repaired: \(w)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
