import ArgumentParser
import GeoKit
import LayerFormats
import OutfallModel
import Registry

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入图层文件（GeoJSON、CSV、Shapefile、GeoPackage、KML/KMZ、XLSX），全部成功或全部不导入 (import, all or nothing)",
        discussion: """
            LAYER: rivers 河流 | zones 保护区/功能区 | intakes 取水口 | sections 断面 | areas 行政区 | outfalls 排污口
            同一文件再次导入不会重复：按要素 id（限本文件名范围）、国家编码或名称+几何识别，有变化则更新并记入审计日志。
            Re-importing a file updates features by id (scoped to the file name), national code, or name+geometry.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "图层 layer: rivers, zones, intakes, sections, areas, outfalls")
    var layer: String

    @Argument(help: "文件 file (.geojson .json .csv .shp .zip .gpkg .kml .kmz .xlsx)")
    var file: String

    @Option(help: "坐标系：EPSG 代码（4490、4326、4545…）或 gcj02 / bd09 (CRS of the coordinates; default: as declared, else 4490)")
    var crs: String?

    @Option(help: "文件格式 geojson|csv|shp|gpkg|kml|xlsx (default: by file ending)")
    var format: String?

    @Option(help: "CSV 文字编码 utf-8|gbk (default: detected)")
    var encoding: String?

    @Option(help: "CSV 经度/X 列名 (longitude or easting column)")
    var xColumn: String?

    @Option(help: "CSV 纬度/Y 列名 (latitude or northing column)")
    var yColumn: String?

    @Option(help: "GeoPackage 表名或 XLSX 工作表名（文件中有多个时）(table or sheet to read)")
    var layerName: String?

    @Option(help: "要素 id 的范围名，默认为文件名 (scope of feature ids; default: file name)")
    var scope: String?

    @Option(help: "数据来源说明 (where the data comes from)")
    var source: String?

    @Option(help: "许可 (licence)")
    var licence: String?

    @Option(help: "精度说明 (accuracy)")
    var accuracy: String?

    @Option(help: "每次导入的要素数上限，默认 \(ImportLimits.maximumFeatures) (most features one file may hold)")
    var maxFeatures: Int = ImportLimits.maximumFeatures

    @Flag(help: "标记为示意数据 (mark the data as schematic)")
    var schematic = false

    func run() throws {
        try reporting {
            guard let layerKind = LayerKind(parsing: layer) else {
                throw Failure.input("未知图层“\(layer)”：应为 \(LayerKind.allCases.map(\.rawValue).joined(separator: "、")) (unknown layer)")
            }
            var parsedCRS: CRS?
            if let crs {
                do { parsedCRS = try CRS(parsing: crs) } catch { throw Failure.input("\(error)") }
            }
            guard maxFeatures > 0 else { throw Failure.input("--max-features 应为正整数 (must be positive)") }
            var options = ReadOptions(xColumn: xColumn, yColumn: yColumn, layerName: layerName, maximumFeatures: maxFeatures)
            if let encoding {
                guard let parsed = TextEncoding(parsing: encoding) else {
                    throw Failure.input("--encoding 应为 utf-8 或 gbk (unknown encoding \(encoding))")
                }
                options.encoding = parsed
            }
            let registry = try database.openRegistry()
            let request = ImportRequest(
                layer: layerKind, path: file, crs: parsedCRS, format: format, readOptions: options, scope: scope,
                provenance: Provenance(description: source, licence: licence, accuracy: accuracy, schematic: schematic),
                actor: actorOptions.actor)
            let report: ImportReport
            do {
                report = try registry.importLayer(request)
            } catch {
                throw Failure.input("\(error)")
            }
            Console.print(
                "已导入 \(report.fileName) → \(report.layer.rawValue)（\(report.layer.chineseName)）：共 \(report.featureCount) 个要素，"
                    + "新增 \(report.added)，更新 \(report.updated)，未变 \(report.unchanged)。坐标系 \(report.crs)"
                    + (report.encoding.map { "，编码 \($0)" } ?? "") + "。")
            Console.print(
                "Imported \(report.featureCount) feature(s): \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged.")
            for notice in report.notices { Console.print("  修复 repaired: \(notice)") }
        }
    }
}
