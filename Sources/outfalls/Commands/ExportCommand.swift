import ArgumentParser
import GeoKit
import LayerFormats
import OutfallModel
import Registry

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出图层：GeoJSON、KML/KMZ（带样式）、GeoPackage、Shapefile、CSV (export map layers)",
        discussion: """
            例：outfalls export --layer all --format kmz -o 柳城县排污口.kmz
                outfalls export --layer outfalls --format csv --where verdict=prohibited --chinese-headers -o 违法设置.csv
                outfalls export --layer zones --format gpkg --crs 4545 -o zones-4545.gpkg
            GeoJSON 和 KML 只能是经纬度；GeoPackage、Shapefile（zip）、CSV 可用 --crs 输出投影坐标。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "图层 outfalls|zones|rivers|intakes|sections|areas|all")
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

    func run() throws {
        try reporting {
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
        }
    }
}
