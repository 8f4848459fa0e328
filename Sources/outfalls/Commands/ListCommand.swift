import ArgumentParser
import JSON
import OutfallModel
import Registry
import Siting

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "列出登记的排污口，可筛选 (list registered outfalls, filterable)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "类型（HJ 1312 中文名或英文枚举名），可重复 (type; repeatable)")
    var type: [String] = []

    @Option(help: "状态，可重复 (status; repeatable): \(OutfallStatus.allCases.map { "\($0.rawValue)=\($0.label)" }.joined(separator: ", "))")
    var status: [String] = []

    @Option(help: "所属乡镇 (township name)")
    var township: String?

    @Option(help: "受纳河流（按吸附结果）(receiving river, from the snap)")
    var river: String?

    @Option(help: "核查结论，可重复 (verdict; repeatable): prohibited, restricted, review, notice, clear")
    var verdict: [String] = []

    @Option(help: "名称包含 (name contains)")
    var name: String?

    @Option(help: "最多列出条数 (at most N rows)")
    var limit: Int?

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            var filter = OutfallFilter()
            filter.types = try type.map { text in
                guard let t = OutfallType(parsing: text) else {
                    throw Failure.input("未知排污口类型“\(text)”：应为 \(OutfallType.acceptedValues) (unknown type)")
                }
                return t
            }
            filter.statuses = try status.map { text in
                guard let s = OutfallStatus(parsing: text) else {
                    throw Failure.input("未知状态“\(text)”：应为 \(OutfallStatus.acceptedValues) (unknown status)")
                }
                return s
            }
            filter.township = township
            filter.nameContains = name
            filter.river = river
            if let limit, limit < 1 { throw Failure.input("--limit 应为正整数 (must be positive)") }
            filter.limit = limit
            let registry = try database.openRegistry()
            filter.verdicts = try verdict.map { text in
                guard let s = Severity(rawValue: text) else { throw Failure.input("未知核查结论“\(text)” (unknown verdict)") }
                return s
            }
            let listings = try call { try registry.outfalls(matching: filter) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(listings.map(\.json))))
            case .text: Console.print(text(listings))
            }
        }
    }

    private func text(_ listings: [OutfallListing]) -> String {
        guard !listings.isEmpty else { return "没有符合条件的排污口 (no matching outfalls)" }
        var table = TextTable(["ID", "本地编码", "名称", "类型", "状态", "乡镇", "河流", "岸别", "里程(m)", "核查结论"])
        for l in listings {
            let o = l.outfall
            table.add([
                String(o.id ?? 0), o.localCode ?? "—", o.name, o.type.label, o.status?.label ?? "未填", l.township ?? "—",
                l.snap.map { $0.status == "ok" ? ($0.river ?? "—") : "（\(SnapText.statusLabel($0.status))）" } ?? "—",
                l.snap?.bankLabel ?? "—", l.snap?.measure.map { JSONWriter.format(number: $0, decimals: 0) } ?? "—",
                l.verdict?.label ?? "—",
            ])
        }
        let schematic = listings.contains { $0.outfall.extra["schematic"]?.boolValue == true }
        return table.render() + "\n共 \(listings.count) 个排污口 (\(listings.count) outfall(s))"
            + (schematic ? "。注意：含示意数据（schematic sample data），非真实排污口。" : "")
    }
}
