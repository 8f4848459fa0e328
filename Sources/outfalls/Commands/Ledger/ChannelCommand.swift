import ArgumentParser
import JSON
import Supervision
import Workflows

/// `outfalls channel …`: drainage channels (排污通道).
struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "排污通道：导入、列表 (drainage channels)",
        subcommands: [ChannelImportCommand.self, ChannelListCommand.self])
}

struct ChannelImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "从 GeoJSON、Shapefile 或 GeoPackage 导入排污通道（线），全部成功或全部不写 (import channels, all or nothing)",
        discussion: """
            属性：名称 name、类型 kind（管道/明渠/涵洞/泵站/其他）、排污单位 unit（统一社会信用代码或名称）、
            排污口 outfall（键、编码或 ID）。线的最后一个顶点为下游端，须在排污口的容差内（默认 30 米，
            outfalls trace settings --channel-tolerance-m 修改）；未注明排污口时取容差内最近的排污口，没有则拒绝。
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "排污通道文件 (file)")
    var file: String

    func run() throws {
        try reporting {
            let ledger = try database.openLedger()
            let report = try call { try ledger.importChannels(path: file, actor: actorOptions.actor) }
            Console.print(TracingText.report(report, what: "排污通道"))
        }
    }
}

struct ChannelListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出排污通道 (list channels)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "输出格式 text|json|geojson")
    var format: TracingListFormat = .text

    func run() throws {
        try reporting {
            let channels = try call { try database.openLedger().channels() }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(channels.map(TracingJSON.channel))))
            case .geojson: Console.print(JSONWriter.pretty(TracingJSON.channelsGeoJSON(channels)))
            case .text:
                var table = TextTable(["ID", "名称", "类型", "排污单位 ID", "排污口 ID", "顶点", "提示"])
                for channel in channels {
                    table.add([
                        String(channel.id ?? 0), channel.name, channel.kind.label, channel.unitID.map(String.init) ?? "—",
                        channel.outfallID.map(String.init) ?? "—", String(channel.coordinates.count), channel.flags.joined(separator: "；"),
                    ])
                }
                Console.print(table.render())
                Console.print("共 \(channels.count) 条排污通道 (channels)")
            }
        }
    }
}

/// Listing formats of the tracing layers: text, JSON, and GeoJSON for a map.
enum TracingListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, geojson
}
