import ArgumentParser
import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Siting

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "拟设排污口位置核查：是否在保护区内、法律依据、审批或登记 (pre-check a proposed outfall)",
        discussion: """
            例：outfalls check --lon 109.2318 --lat 24.6702 --type 工矿企业排污口
            --crs gcj02 表示坐标取自高德/腾讯/奥维（默认模式）；结果的 text 格式为可存档的中文报告。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "经度或 X (longitude or easting)")
    var lon: Double

    @Option(help: "纬度或 Y (latitude or northing)")
    var lat: Double

    @Option(help: "排污口类型：HJ 1312 中文名或英文名 (outfall type)")
    var type: String?

    @Option(help: "坐标系：EPSG 代码或 gcj02/bd09，默认 4490")
    var crs: String?

    @Option(help: "输出格式 text|json|geojson")
    var format: ReportFormat = .text

    func run() throws {
        try reporting {
            var outfallType: OutfallType?
            if let type {
                guard let parsed = OutfallType(parsing: type) else {
                    throw Failure.input("未知排污口类型“\(type)”：应为 \(OutfallType.acceptedValues) (unknown type)")
                }
                outfallType = parsed
            }
            let registry = try database.openRegistry()
            let report = try call { try registry.check(GivenPoint(Coordinate(x: lon, y: lat), crs: try parseCRS(crs)), type: outfallType) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(report.json))
            case .geojson: Console.print(JSONWriter.pretty(report.geoJSON))
            case .text: Console.print(CheckReportText.render(report))
            }
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, geojson
}
