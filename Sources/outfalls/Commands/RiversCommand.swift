import ArgumentParser
import JSON
import Registry
import Rivers

struct RiversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rivers", abstract: "河网概况与检查：河流、河段、汇流点、出口、流向问题 (river network summary and checks)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let registry = try database.openRegistry()
            let network = try call { try registry.riverNetwork() }
            var rivers: [String: (reaches: Set<String>, length: Double, maxMeasure: Double)] = [:]
            for edge in network.edges {
                let reach = network.reaches[edge.reach]
                var entry = rivers[reach.river] ?? ([], 0, 0)
                entry.reaches.insert(reach.displayID)
                entry.length += edge.length
                entry.maxMeasure = max(entry.maxMeasure, edge.fromMeasure)
                rivers[reach.river] = entry
            }
            let names = rivers.keys.sorted { rivers[$0]?.length ?? 0 > rivers[$1]?.length ?? 0 }
            switch format {
            case .json:
                Console.print(JSONWriter.pretty(.object(JSONObject([
                    ("rivers", .array(names.map { name in
                        .object(JSONObject([
                            ("river", .string(name)), ("reaches", .array((rivers[name]?.reaches.sorted() ?? []).map(JSONValue.string))),
                            ("length_m", .number(((rivers[name]?.length ?? 0) * 10).rounded() / 10)),
                            ("max_measure_m", .number(((rivers[name]?.maxMeasure ?? 0) * 10).rounded() / 10)),
                        ]))
                    })),
                    ("reach_count", .number(Double(network.reaches.count))),
                    ("edge_count", .number(Double(network.edges.count))),
                    ("confluences", .number(Double(network.confluenceNodes.count))),
                    ("outlets", .number(Double(network.outletNodes.count))),
                    ("metric_crs", .string("EPSG:\(network.metricEPSG)")),
                    ("diagnostics", .array(network.diagnostics.map { d in
                        .object(JSONObject([
                            ("kind", .string(d.kind.rawValue)), ("reaches", .array(d.reaches.map(JSONValue.string))),
                            ("lon", .number(d.location.lon)), ("lat", .number(d.location.lat)), ("message", .string(d.description)),
                        ]))
                    })),
                ]))))
            case .text:
                var table = TextTable(["河流", "河段", "长度(km)", "最大里程(km)"])
                for name in names {
                    guard let r = rivers[name] else { continue }
                    table.add([name, r.reaches.sorted().joined(separator: ","), JSONWriter.format(number: r.length / 1000, decimals: 2),
                               JSONWriter.format(number: r.maxMeasure / 1000, decimals: 2)])
                }
                Console.print(table.render())
                Console.print("\n河段 \(network.reaches.count) 条（网络边 \(network.edges.count) 条），汇流点 \(network.confluenceNodes.count) 个，出口 \(network.outletNodes.count) 个；长度按 EPSG:\(network.metricEPSG) 计算。")
                if network.diagnostics.isEmpty {
                    Console.print("流向检查：未发现问题 (no direction problems found)")
                } else {
                    Console.print("流向检查发现 \(network.diagnostics.count) 个问题 (direction problems):")
                    for d in network.diagnostics { Console.print("  - \(d)") }
                }
            }
        }
    }
}
