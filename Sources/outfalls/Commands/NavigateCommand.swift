import ArgumentParser
import GeoKit
import JSON
import Registry
import Rivers

struct NavigateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "navigate",
        abstract: "沿河网向上游或下游追溯，列出途经的排污口、取水口、断面和保护区 (navigate up- or downstream)",
        discussion: """
            起点 start: --outfall ID | --intake ID | --section ID | --lon X --lat Y
            例：outfalls navigate --section 1 --direction up --distance-km 10
            距离为沿河网的最短距离；辫状河道不重复计算。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "从排污口出发 (start at an outfall)")
    var outfall: Int64?

    @Option(help: "从取水口出发 (start at an intake)")
    var intake: Int64?

    @Option(help: "从监测断面出发 (start at a monitoring section)")
    var section: Int64?

    @Option(help: "起点经度或 X (start longitude)")
    var lon: Double?

    @Option(help: "起点纬度或 Y (start latitude)")
    var lat: Double?

    @Option(help: "坐标系 (CRS of --lon/--lat), 默认 4490")
    var crs: String?

    @Option(help: "方向 up|down (direction)")
    var direction: String

    @Option(help: "距离（公里）(distance in km)")
    var distanceKm: Double

    @Flag(help: "只沿干流（同名河流）(main stem only)")
    var mainstem = false

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            guard let flow = FlowDirection(rawValue: direction.lowercased()) ?? (["upstream", "上游"].contains(direction.lowercased()) ? .upstream : (["downstream", "下游"].contains(direction.lowercased()) ? .downstream : nil)) else {
                throw Failure.input("--direction 应为 up（上游）或 down（下游）")
            }
            let starts = [outfall != nil, intake != nil, section != nil, lon != nil || lat != nil].filter { $0 }.count
            guard starts == 1 else { throw Failure.input("请只给出一个起点：--outfall、--intake、--section 或 --lon/--lat (give exactly one start)") }
            let start: NavigationStart
            if let outfall { start = .outfall(outfall) } else if let intake { start = .intake(intake) } else if let section { start = .section(section) } else {
                guard let lon, let lat else { throw Failure.input("--lon 和 --lat 须同时给出") }
                start = .point(GivenPoint(Coordinate(x: lon, y: lat), crs: try parseCRS(crs)))
            }
            let registry = try database.openRegistry()
            let report = try call { try registry.navigate(from: start, direction: flow, distance: distanceKm * 1000, mainstemOnly: mainstem) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(report.json))
            case .text: Console.print(text(report))
            }
        }
    }

    private func text(_ r: NavigationReport) -> String {
        var lines = [
            "自\(r.startDescription)（\(r.start.river) \(r.start.reach.displayID)，里程 \(SnapText.metres(r.start.measure))）向\(r.direction.label)\(r.mainstemOnly ? "沿干流" : "")追溯 \(JSONWriter.format(number: r.distance / 1000, decimals: 3)) km：",
            "",
            "途经河段 reaches:",
        ]
        var reaches = TextTable(["河流", "河段", "起点距离(m)", "长度(m)", "里程范围(m)"])
        for t in r.reaches {
            reaches.add([
                t.reach.river, t.reach.displayID, JSONWriter.format(number: t.entryDistance, decimals: 1),
                JSONWriter.format(number: t.length, decimals: 1),
                "\(JSONWriter.format(number: t.fromMeasure, decimals: 1))–\(JSONWriter.format(number: t.toMeasure, decimals: 1))",
            ])
        }
        lines.append(reaches.render())
        lines.append("")
        guard !r.features.isEmpty else {
            lines.append("途中没有登记的要素 (nothing registered on the way)")
            return lines.joined(separator: "\n")
        }
        lines.append("途经要素 features:")
        var table = TextTable(["河网距离(m)", "图层", "ID", "名称", "说明", "河流"])
        for f in r.features {
            table.add([
                JSONWriter.format(number: f.networkDistance, decimals: 1), f.layer.chineseName, String(f.id), f.name,
                f.detail ?? "", f.river ?? "",
            ])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
