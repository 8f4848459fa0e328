import GeoKit
import LayerFormats
import OutfallModel
import RegistryStore

/// Why an import was refused. Whatever the reason, nothing was written.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    case cannotRead(file: String, reason: String)
    case unknownFormat(file: String)
    case format(file: String, FormatError)
    case crsConflict(file: String, declared: CRS, given: CRS)
    case unidentifiedCRS(file: String, wkt: String)
    case rejected(file: String, problems: [ImportProblem], total: Int)
    case empty(file: String)
    /// `file`: the file being imported, when the store refused its features.
    case store(StoreError, file: String? = nil)

    /// How many problems are listed before "… and N more".
    static let listedProblems = 20

    public var description: String {
        let nothing = "未写入任何数据 (nothing was imported)"
        switch self {
        case .cannotRead(let file, let reason):
            return "无法读取文件 \(file)：\(reason) (cannot read file)"
        case .unknownFormat(let file):
            return "无法识别文件 \(file) 的格式：支持 .geojson/.json、.csv、.shp/.zip、.gpkg、.kml/.kmz、.xlsx，或用 --format 指定 (unknown format)"
        case .format(let file, let error):
            return "文件 \(file) \(error)。\(nothing)"
        case .crsConflict(let file, let declared, let given):
            return "文件 \(file) 声明的坐标系为 \(declared)，与 --crs \(given) 不一致：请确认后只保留一个。\(nothing)"
        case .unidentifiedCRS(let file, let wkt):
            let name = wkt.split(separator: "\"").dropFirst().first.map(String.init) ?? "?"
            return "文件 \(file) 的坐标系（\(name)）无法对应到 EPSG 代码：请用 --crs 指定，如 --crs 4545 或 --crs 4526。\(nothing)"
        case .rejected(let file, let problems, let total):
            var lines = ["文件 \(file) 有 \(total) 个要素不合格，整个文件未导入 (\(total) bad feature(s); \(nothing))："]
            lines += problems.map { "  \(file) \($0)" }
            if total > problems.count { lines.append("  ……另有 \(total - problems.count) 个问题 (and \(total - problems.count) more)") }
            return lines.joined(separator: "\n")
        case .empty(let file):
            return "文件 \(file) 中没有要素 (no features)。\(nothing)"
        case .store(let error, let file):
            return (file.map { "文件 \($0)：" } ?? "") + "\(error)。\(nothing)"
        }
    }
}
