import ArgumentParser
import Foundation
import JSON
import Workflows

struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "疑似重复：同一河流、同一岸别、相距不超过 N 米的排污口和待审核记录 (candidate duplicates: same river, same bank, within N m)")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("within-m"), help: "距离（米，默认 30）(distance in metres)")
    var withinM: Double = 30

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = Ledger(registry: try database.openRegistry())
            let report = try ledgerCall { try ledger.duplicates(withinMetres: withinM) }
            switch format {
            case .json:
                func item(_ i: DuplicateItem) -> JSONValue {
                    switch i {
                    case .outfall(let id, let name): .object(JSONObject([("kind", "outfall"), ("id", .number(Double(id))), ("name", .string(name))]))
                    case .survey(let id, let number, let name):
                        .object(JSONObject([("kind", "survey"), ("id", .number(Double(id))), ("record_number", .string(number)), ("name", .string(name))]))
                    }
                }
                Console.print(JSONWriter.pretty(.object(JSONObject([
                    ("within_m", .number(report.withinMetres)),
                    ("pairs", .array(report.pairs.map { p in
                        .object(JSONObject([
                            ("first", item(p.first)), ("second", item(p.second)), ("river", .string(p.river)), ("bank", .string(p.bank)),
                            ("distance_m", .number((p.distance * 10).rounded() / 10)),
                        ]))
                    })),
                    ("unplaced", .array(report.unplaced.map { u in .object(JSONObject([("item", item(u.item)), ("snap_status", .string(u.status))])) })),
                ]))))
            case .text:
                if report.pairs.isEmpty {
                    Console.print("没有疑似重复（同河同岸 \(JSONWriter.format(number: withinM)) 米内）(no candidates)")
                } else {
                    var table = TextTable(["河流", "岸别", "距离(m)", "一", "二"])
                    for p in report.pairs {
                        table.add([p.river, p.bank == "left" ? "左岸" : "右岸", JSONWriter.format(number: p.distance, decimals: 1), p.first.label, p.second.label])
                    }
                    Console.print(table.render())
                }
                if !report.unplaced.isEmpty {
                    Console.print("\n未能判断岸别（未吸附、有歧义或在中心线上），不参与判断：\(report.unplaced.count) 个")
                    for u in report.unplaced.prefix(50) { Console.print("  \(u.item.label)：\(u.status)") }
                }
            }
        }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "把重复的排污口 OTHER 合并到 KEEP：OTHER 注销并指向 KEEP，两者历史与照片均保留 (merge a duplicate)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "保留的排污口 ID (outfall to keep)")
    var keep: Int64

    @Argument(help: "被合并的排污口 ID (the duplicate)")
    var other: Int64

    @Option(help: "合并原因（必填）(why; required)")
    var note: String

    func run() throws {
        try reporting {
            let ledger = try openLedgerForWriting(database)
            try ledgerCall { try ledger.merge(keep: keep, other: other, note: note, actor: actorOptions.actor) }
            Console.print("已将排污口 \(other) 合并到 \(keep)：\(other) 已注销，排查记录与照片归入 \(keep) (merged)")
        }
    }
}
