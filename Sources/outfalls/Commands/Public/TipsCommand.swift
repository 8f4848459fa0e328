import ArgumentParser
import JSON
import Foundation
import Registry
import RegistryStore
import Supervision
import Workflows

/// `outfalls tips`: tips from the public (群众举报) — list, show, advance. Showing the tipster
/// and moving a tip on need an account (`--user`) whose role may handle tips (举报受理员, 管理员).
struct TipsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tips", abstract: "群众举报：列出、查看、办理 (tips from the public)",
        discussion: """
            状态 states: received 已收到 → verifying 核查中 → resolved 已办结（须公开答复）；rejected 不予受理（须说明理由）；
            已办结/不予受理可 --to verifying 重新核查（须 --note）。--confirmed 情况属实：在 --outfall（缺省为最近的排污口）下
            添加异常原因（来源“群众举报属实”）。举报人信息仅举报受理员可见：tips show ID --tipster --user 受理员账号。
            """,
        subcommands: [List.self, Show.self, Advance.self])

    /// The role of the account `--user` names; nil when there is no such enabled account.
    static func role(of actor: String, _ ledger: Ledger) throws -> Role? {
        try call { try ledger.registry.users() }.first { $0.username == actor && !$0.disabled }?.role
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出举报 (list)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "状态 (state)") var state: String?
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                var wanted: TipState?
                if let state {
                    guard let parsed = TipState(parsing: state) else { throw Failure.input("未知状态“\(state)” (unknown state)") }
                    wanted = parsed
                }
                let ledger = try database.openLedger()
                let tips = try ledgerCall { try ledger.tips() }.filter { wanted == nil || $0.state == wanted }
                switch format {
                case .json: Console.print(JSONWriter.pretty(.array(try tips.map { try $0.json() })))
                case .text:
                    var table = TextTable(["编号", "查询码", "提交时间", "状态", "照片", "排污口", "内容"])
                    for t in tips {
                        table.add([
                            String(t.id ?? 0), t.trackingNumber, ChinaTime.display(t.submittedAt), t.state.label, String(t.photos.count),
                            t.outfallID.map(String.init) ?? "", String(t.description.prefix(40)),
                        ])
                    }
                    Console.print(tips.isEmpty ? "暂无举报 (no tips)" : table.render())
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一条举报 (show one)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "编号或查询码 (id or tracking number)") var tip: String
        @Flag(help: "显示举报人（须举报受理员账号 --user）(show the tipster)") var tipster = false
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let found = try ledgerCall { try ledger.tip(tip) }
                var identity: TipIdentity?
                if tipster {
                    let role = try TipsCommand.role(of: actor.actor, ledger) ?? .public
                    identity = try ledgerCall { try ledger.tipIdentity(of: found.id ?? 0, for: role) }
                }
                switch format {
                case .json:
                    guard case .object(var object) = try found.json() else { return }
                    if let identity { object["tipster"] = try identity.json() }
                    Console.print(JSONWriter.pretty(.object(object)))
                case .text:
                    Console.print("举报 #\(found.id ?? 0)  查询码 \(found.trackingNumber)  \(found.state.label)")
                    Console.print("提交：\(ChinaTime.display(found.submittedAt))  位置：\(found.lon), \(found.lat)（\(found.locationSource)）")
                    if let n = found.nearestOutfallID { Console.print("最近排污口：#\(n)（\(Int(found.nearestDistanceM ?? 0)) 米）") }
                    if let o = found.outfallID { Console.print("涉及排污口：#\(o)\(found.confirmed ? "（属实，已列入异常）" : "")") }
                    Console.print("内容：\(found.description)")
                    Console.print("照片：\(found.photos.count) 张")
                    if let answer = found.answer { Console.print("公开答复：\(answer)") }
                    if let identity {
                        Console.print("举报人：\(identity.name ?? "（未留）")  电话：\(identity.phone ?? "（未留）")  地址：\(identity.address)")
                    }
                }
            }
        }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "advance", abstract: "办理举报：--to verifying|resolved|rejected (move a tip on)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "编号或查询码 (id or tracking number)") var tip: String
        @Option(help: "目标状态 verifying|resolved|rejected") var to: String
        @Option(help: "公开答复（办结、不予受理必填）(published answer)") var answer: String?
        @Option(help: "涉及排污口 (outfall)") var outfall: String?
        @Flag(help: "情况属实：列入排污口异常原因 (confirmed)") var confirmed = false
        @Option(help: "内部说明（重新核查必填）(note)") var note: String?
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                guard let target = TipState(parsing: to) else { throw Failure.input("未知状态“\(to)”，应为 verifying、resolved 或 rejected (unknown state)") }
                let ledger = try database.openLedger()
                guard let role = try TipsCommand.role(of: actor.actor, ledger) else {
                    throw Failure.input("请用 --user 指定举报受理员账号（“\(actor.actor)”不是已启用的账号）(a handler account is needed)")
                }
                let saved = try ledgerCall {
                    try ledger.advanceTip(tip, to: target, answer: answer, outfall: outfall, confirm: confirmed, note: note, actor: actor.actor, role: role)
                }
                switch format {
                case .json: Console.print(JSONWriter.pretty(try saved.json()))
                case .text: Console.print("举报 #\(saved.id ?? 0)：\(saved.state.label)\(saved.abnormalReasonID.map { "，已添加异常原因 #\($0)" } ?? "") (tip \(saved.state.rawValue))")
                }
            }
        }
    }
}
