import ArgumentParser
import JSON
import Registry
import Supervision
import Workflows

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "排污口的全部历史：谁、何时、改了哪些字段、为什么 (an outfall's history, field by field)",
        discussion: """
            outfalls history O-30                         按时间列出（北京时间）
            outfalls history O-30 --format json           JSON：at, recorded_at, actor, action, changes [{field, before, after}], reason
            outfalls history O-30 --as-of 2024-06-25      按历史重建该日结束时的档案和要素 (state as of a date)
            OUTFALL 可以是登记键、国家编码、本地编码或 ID。包含排查档案、图层要素、该口的排查记录和溯源记录。
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "排污口：键、国家编码、本地编码或 ID (outfall key, code or id)")
    var outfall: String

    @Option(help: "重建某日（北京时间，YYYY-MM-DD 或 YYYY-MM-DD HH:MM）的状态 (rebuild the state as of a date)")
    var asOf: String?

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = Ledger(registry: try database.openRegistry())
            let found = try call { try ledger.outfall(outfall) }
            guard let id = found.id else { throw Failure.database("排污口没有 ID (no id)") }
            if let asOf {
                guard let instant = Self.cutoff(asOf) else {
                    throw Failure.input("--as-of 应为日期 YYYY-MM-DD 或 YYYY-MM-DD HH:MM（北京时间）(bad date \(asOf))")
                }
                let state = try call { try ledger.outfallState(id: id, asOf: instant) }
                switch format {
                case .json: Console.print(JSONWriter.pretty(HistoryJSON.state(state)))
                case .text:
                    Console.print("排污口 \(id)「\(found.name)」截至 \(asOf)（北京时间）的状态：")
                    Console.print("排查档案 (file)：\(state.file.map { JSONWriter.pretty(.object($0)) } ?? "（当时尚无）")")
                    Console.print("图层要素 (feature)：\(state.feature.map { JSONWriter.pretty(.object($0)) } ?? "（历史中无记录）")")
                }
                return
            }
            let events = try call { try ledger.outfallHistory(id: id) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(events.map(HistoryJSON.event))))
            case .text:
                guard !events.isEmpty else {
                    Console.print("排污口 \(id)「\(found.name)」暂无历史记录 (no history)")
                    return
                }
                Console.print("排污口 \(id)「\(found.name)」的历史（北京时间）：")
                for e in events {
                    let entered = e.recordedAt != e.at ? "（\(ChinaTime.display(e.recordedAt)) 录入）" : ""
                    Console.print("\(ChinaTime.display(e.at))\(entered)  \(e.actor)  \(e.entity.kind.label) \(e.entity.id)  \(e.action)\(e.reason.map { "  原因：\($0)" } ?? "")")
                    for change in e.changes { Console.print("    \(HistoryJSON.describe(change))") }
                }
            }
        }
    }

    /// A date alone means the end of that day in China; a time is taken as given in China time.
    static func cutoff(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let end = ChinaTime.endOfDayUTC(trimmed) { return end }
        return ChinaTime.parseInput(trimmed)
    }
}
