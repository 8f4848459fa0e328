import ArgumentParser
import GeoKit
import LayerFormats
import OutfallModel
import Registry
import Workflows

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出图层：GeoJSON、KML/KMZ（带样式）、GeoPackage、Shapefile、CSV (export map layers)",
        discussion: """
            例：outfalls export --layer all --format kmz -o 柳城县排污口.kmz
                outfalls export --layer outfalls --format csv --where verdict=prohibited --chinese-headers -o 违法设置.csv
                outfalls export --layer zones --format gpkg --crs 4545 -o zones-4545.gpkg
                outfalls export --layer ledger --format xlsx -o 台账.xlsx [--mapping 映射.json]   排污口台账（一口一行）
            GeoJSON 和 KML 只能是经纬度；GeoPackage、Shapefile（zip）、CSV 可用 --crs 输出投影坐标。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "图层 outfalls|zones|rivers|intakes|sections|areas|all，或 ledger（台账，xlsx|csv）")
    var layer: String = "outfalls"

    @Option(help: "格式 geojson|kml|kmz|gpkg|shp|csv")
    var format: String

    @Option(name: .shortAndLong, help: "输出文件（多图层的 geojson/csv 为目录）(output path)")
    var output: String

    @Option(name: .customLong("where"), help: "筛选 FIELD=VALUE，可重复 (filter; repeatable), e.g. verdict=prohibited")
    var conditions: [String] = []

    @Option(help: "坐标小数位（默认经纬度 7 位、投影 3 位）(coordinate decimals)")
    var precision: Int?

    @Option(help: "输出坐标系，如 EPSG:4545（仅 gpkg、shp、csv）(output CRS)")
    var crs: String?

    @Flag(help: "CSV 用中文表头 (Chinese CSV headers)")
    var chineseHeaders = false

    @Option(help: "台账列映射文件（JSON，仅 --layer ledger；默认 GeoData/ledger-mapping.json）(ledger column mapping)")
    var mapping: String?

    func run() throws {
        try reporting {
            if layer.lowercased() == "ledger" {
                try exportLedger()
                return
            }
            if mapping != nil { throw Failure.input("--mapping 只用于 --layer ledger (only for the ledger)") }
            let kinds: [LayerKind]
            if layer.lowercased() == "all" {
                kinds = LayerKind.allCases
            } else {
                guard let kind = LayerKind(parsing: layer) else { throw Failure.input("未知图层“\(layer)” (unknown layer)") }
                kinds = [kind]
            }
            let filters = try conditions.map { text -> (field: String, value: String) in
                guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                    throw Failure.input("--where 应为 字段=值，如 verdict=prohibited (bad --where \(text))")
                }
                return (String(text[..<eq]), String(text[text.index(after: eq)...]))
            }
            if let precision, !(0...15).contains(precision) { throw Failure.input("--precision 应在 0–15 之间") }
            var epsg: Int?
            if let crs {
                guard case .epsg(let code) = try parseCRS(crs) else { throw Failure.input("--crs 应为 EPSG 代码 (EPSG code expected)") }
                epsg = code
            }
            let registry = try database.openRegistry()
            let report = try call {
                try registry.export(ExportRequest(
                    layers: kinds, format: format, path: output, filters: filters, precision: precision, epsg: epsg,
                    chineseHeaders: chineseHeaders))
            }
            let counts = report.counts.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: "，")
            Console.print("已导出到 \(report.path)：\(counts) (exported)")
            if report.withheld > 0 {
                Console.print(
                    "注意：\(report.withheld) 个排污口在导出期间有变动，未附吸附与核查结果（显示为“未核查”），稍后重新导出即可 "
                        + "(\(report.withheld) outfalls changed during the export and went out unscreened; export again later)")
            }
        }
    }

    /// 台账: one row per outfall, columns from the mapping file; XLSX or CSV only.
    private func exportLedger() throws {
        guard let format = LedgerExportFormat(rawValue: format.lowercased()) else {
            throw Failure.input("台账只能导出为 xlsx 或 csv (ledger: xlsx or csv)")
        }
        guard conditions.isEmpty, crs == nil, precision == nil, !chineseHeaders else {
            throw Failure.input("台账不支持 --where、--crs、--precision、--chinese-headers；列和表头由 --mapping 决定 (not for the ledger)")
        }
        let ledger = Ledger(registry: try database.openRegistry())
        let columns = try call { try mapping.map(LedgerMapping.load(path:)) ?? LedgerMapping.bundled() }
        let rows = try call { try ledger.exportLedger(format: format, to: output, mapping: columns) }
        Console.print("已导出台账到 \(output)：\(rows) 个排污口，\(columns.columns.count) 列 (exported)")
    }
}
