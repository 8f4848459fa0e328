import ArgumentParser
import Foundation
import JSON
import Supervision
import Workflows

struct SuspectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspects", abstract: "一级排查疑似排污口：导入、列出待核实 (level-1 suspected outfalls: import, list)",
        subcommands: [SuspectsImportCommand.self, SuspectsListCommand.self])
}

struct SuspectsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "导入疑似点清单（GeoJSON 点、CSV 经度/纬度、KML、XLSX），全部成功或全部不导入 (import suspects, all or nothing)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "疑似点文件 (file)")
    var file: String

    @Option(help: "没有“来源”列时的来源 (source when the file has no 来源 column)")
    var source: String = "影像解译"

    func run() throws {
        try reporting {
            let ledger = try openLedgerForWriting(database)
            let report = try ledgerCall { try ledger.importSuspects(file: file, defaultSource: source, actor: actorOptions.actor) }
            let ids = report.suspectIDs
            Console.print("已导入 \(report.fileName)：\(ids.count) 个疑似点（ID \(ids.first ?? 0)–\(ids.last ?? 0)），均为待核实 (imported)")
        }
    }
}

struct SuspectsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "列出疑似点及所在乡镇、河流；--open 只列待核实 (list suspects by township and river)")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "只列待核实 (only the open ones)")
    var open = false

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = Ledger(registry: try database.openRegistry())
            let listings = try ledgerCall { try ledger.suspects(openOnly: open) }
            switch format {
            case .json:
                Console.print(JSONWriter.pretty(.array(try listings.map { listing in
                    guard case .object(var object) = try listing.suspect.json() else { return .null }
                    object["status_label"] = .string(listing.suspect.status.label)
                    object["township"] = listing.placement.township.map(JSONValue.string) ?? .null
                    object["river"] = listing.placement.river.map(JSONValue.string) ?? .null
                    object["bank"] = listing.placement.bank.map(JSONValue.string) ?? .null
                    object["snap_status"] = .string(listing.placement.snapStatus)
                    return .object(object)
                })))
            case .text:
                guard !listings.isEmpty else { Console.print(open ? "没有待核实的疑似点 (none open)" : "没有疑似点 (no suspects)"); return }
                var table = TextTable(["ID", "来源编号", "状态", "乡镇", "河流", "岸别", "来源", "经度", "纬度"])
                for l in listings {
                    let s = l.suspect
                    table.add([
                        String(s.id ?? 0), s.sourceNumber ?? "—", s.status.label, l.placement.township ?? "—", l.placement.river ?? "—",
                        l.placement.bank.map { $0 == "left" ? "左岸" : "右岸" } ?? "—", s.source, String(s.lon), String(s.lat),
                    ])
                }
                Console.print(table.render())
                // What is still to do, per river and township: the list a field team is sent out with.
                let open = listings.filter { $0.suspect.status == .open }
                var counts: [String: Int] = [:]
                for l in open { counts["\(l.placement.river ?? "（未定位到河流）")｜\(l.placement.township ?? "（乡镇不明）")", default: 0] += 1 }
                Console.print("\n待核实 \(open.count) 个，按河流｜乡镇：")
                for key in counts.keys.sorted() { Console.print("  \(key)：\(counts[key] ?? 0)") }
            }
        }
    }
}
