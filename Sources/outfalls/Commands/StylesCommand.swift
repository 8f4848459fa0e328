import ArgumentParser
import Foundation
import LayerFormats
import OutfallModel
import Registry

struct StylesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styles",
        abstract: "由 Styles/styles.json 生成 QGIS 样式（.qml）与图例 (generate QGIS styles and the legend)",
        discussion: "默认写入仓库的 Styles/qgis、Styles/legend 和 docs/legend.md；--output 指定其他目录。")

    @Option(help: "输出目录 (output directory; default: the Styles directory in use)")
    var output: String?

    func run() throws {
        try reporting {
            guard let stylesDirectory = ResourceLocator.styles() else { throw Failure.input("找不到 Styles/styles.json (styles not found)") }
            let data = try Data(contentsOf: URL(fileURLWithPath: stylesDirectory + "/styles.json"))
            let styles: StyleSheet
            do { styles = try StyleSheet(json: [UInt8](data)) } catch { throw Failure.input("\(error)") }
            let root = output ?? stylesDirectory
            let files = FileManager.default
            try files.createDirectory(atPath: root + "/qgis", withIntermediateDirectories: true)
            try files.createDirectory(atPath: root + "/legend", withIntermediateDirectories: true)
            var written = 0
            for layer in LayerKind.allCases {
                try StyleDocuments.qml(layer, styles: styles).write(toFile: "\(root)/qgis/\(layer.rawValue).qml", atomically: true, encoding: .utf8)
                written += 1
                for c in styles.style(layer).classes {
                    try StyleDocuments.swatch(layer, c).write(
                        toFile: "\(root)/legend/\(layer.rawValue)-\(StyleDocuments.fileSafe(c.value)).svg", atomically: true, encoding: .utf8)
                    written += 1
                }
            }
            let legendPath = output.map { $0 + "/legend.md" } ?? ((stylesDirectory as NSString).deletingLastPathComponent + "/docs/legend.md")
            try StyleDocuments.legendMarkdown(styles).write(toFile: legendPath, atomically: true, encoding: .utf8)
            Console.print("已生成 \(written) 个样式文件与图例 \(legendPath) (styles generated)")
        }
    }
}
