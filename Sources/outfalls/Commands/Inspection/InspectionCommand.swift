import ArgumentParser
import Foundation
import JSON
import OutfallModel
import Supervision
import Workflows

/// `outfalls inspection`: 双随机一公开 — draws from a published seed, results, publication, conflicts.
struct InspectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspection", abstract: "双随机抽查：抽取、结果、公开、回避名单 (random inspections)",
        discussion: """
            抽取可由任何人用公开的种子和两份名录复算（算法见 docs/inspections.md，Tests/Tools/redraw.py）。
            A draw is recomputed by anyone from its published seed and the two registers (docs/inspections.md).
            """,
        subcommands: [Draw.self, List.self, Show.self, RecordResult.self, Publish.self, VoidDraw.self, Registers.self, Conflicts.self, Settings.self])

    /// `N` or `P%`.
    static func parseObjects(_ text: String) throws -> (count: Int?, percent: Int?) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") || t.hasSuffix("％") {
            guard let p = Int(t.dropLast()) else { throw Failure.input("--objects：无法识别“\(text)”，应为数量 N 或比例 P%（如 25%）") }
            return (nil, p)
        }
        guard let n = Int(t) else { throw Failure.input("--objects：无法识别“\(text)”，应为数量 N 或比例 P%（如 25%）") }
        return (n, nil)
    }

    /// `abnormal=3,complaint=2,exceedance=2`.
    static func parseWeights(_ texts: [String]) throws -> [InspectionRiskFactor: Double] {
        var result: [InspectionRiskFactor: Double] = [:]
        for part in texts.flatMap({ $0.split(separator: ",") }) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let names = InspectionRiskFactor.allCases.map(\.rawValue).joined(separator: "、")
            guard pair.count == 2, let factor = InspectionRiskFactor(rawValue: pair[0]), let w = Double(pair[1]) else {
                throw Failure.input("--weights：无法识别“\(part)”，应为 因素=权重，因素为 \(names)（如 abnormal=3）")
            }
            result[factor] = w
        }
        return result
    }

    struct Draw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "draw", abstract: "按公开种子抽取检查对象和检查人员 (draw objects and inspectors)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "抽取数量 N 或比例 P%（向上取整）(objects: N or P%)") var objects: String
        @Option(help: "每个对象抽取的检查人员数 (inspectors per object)") var inspectors: Int
        @Option(help: "公开的随机种子（如摇号结果、当日开奖号码）(published seed)") var seed: String
        @Option(help: "抽查任务名称 (title)") var title: String = "入河排污口双随机抽查"
        @Option(help: "排污口类型，可多次或逗号分隔；默认 工矿企业、园区污水处理厂、城镇污水处理厂 (types)") var types: [String] = []
        @Option(help: "排污口状态，默认 active,remediating (statuses)") var statuses: [String] = []
        @Option(help: "高风险权重 abnormal=W,complaint=W,exceedance=W（1–100）(weights)") var weights: [String] = []
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let (count, percent) = try InspectionCommand.parseObjects(objects)
                let typeList = try types.flatMap { $0.split(separator: ",") }.map { t -> OutfallType in
                    guard let type = OutfallType(parsing: String(t)) else { throw Failure.input("--types：未知排污口类型“\(t)” (unknown type)") }
                    return type
                }
                let statusList = try statuses.flatMap { $0.split(separator: ",") }.map { t -> OutfallStatus in
                    guard let s = OutfallStatus(parsing: String(t)) else { throw Failure.input("--statuses：未知状态“\(t)” (unknown status)") }
                    return s
                }
                let request = DrawRequest(
                    title: title, seed: seed, objectCount: count, objectPercent: percent, inspectorsPerObject: inspectors, types: typeList,
                    statuses: statusList, weights: try InspectionCommand.parseWeights(weights))
                let ledger = try database.openLedger()
                let draw = try call { try ledger.drawInspections(request, actor: actor.actor) }
                if format == .json {
                    Console.print(JSONWriter.pretty(draw.publicJSON(results: [], publishInspectorNames: true)))
                } else {
                    Console.print("已抽取 #\(draw.id ?? 0)（种子“\(draw.seed)”，名录 \(draw.objects.count) 个对象、\(draw.inspectors.count) 名检查人员）(drawn)")
                    InspectionText.printPicks(draw, results: [])
                    Console.print("公开：outfalls inspection publish \(draw.id ?? 0)")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出抽查 (list draws)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let draws = try call { try ledger.inspectionDraws() }
                let results = try call { try ledger.inspectionResults() }
                if format == .json {
                    Console.print(JSONWriter.pretty(.array(draws.map { d in
                        .object(JSONObject([
                            ("id", .number(Double(d.id ?? 0))), ("title", .string(d.title)), ("seed", .string(d.seed)), ("state", .string(d.state.rawValue)),
                            ("drawn_at", .string(d.drawnAt)), ("objects", .number(Double(d.picks.count))),
                            ("results", .number(Double(results.filter { $0.drawID == d.id }.count))),
                        ]))
                    })))
                    return
                }
                guard !draws.isEmpty else { return Console.print("还没有抽查 (no draws)：outfalls inspection draw …") }
                var table = TextTable(["编号", "名称", "种子", "抽中", "已录结果", "状态", "抽取时间"])
                for d in draws {
                    table.add([
                        String(d.id ?? 0), d.title, d.seed, String(d.picks.count), String(results.filter { $0.drawID == d.id }.count), d.state.label,
                        ChinaTime.display(d.drawnAt),
                    ])
                }
                Console.print(table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一次抽查：种子、名录、抽中对象与结果 (show a draw)")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "抽查编号 (draw id)") var id: Int64
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let draw = try call { try ledger.inspectionDraw(id) }
                let results = try call { try ledger.inspectionResults(draw: id) }
                if format == .json { return Console.print(JSONWriter.pretty(try call { try draw.json(results: results) })) }
                Console.print("抽查 #\(id) \(draw.title)  状态：\(draw.state.label)")
                Console.print("种子 seed：\(draw.seed)   算法 scheme：\(draw.scheme)   抽取：\(ChinaTime.display(draw.drawnAt))（\(draw.drawnBy)）")
                if !draw.parameters.weights.isEmpty {
                    Console.print("权重 weights：" + draw.parameters.weights.keys.sorted().map { "\($0)=\(draw.parameters.weights[$0] ?? 1)" }.joined(separator: "，"))
                }
                Console.print("检查对象名录 \(draw.objects.count) 个；检查人员名录 \(draw.inspectors.count) 名：" + draw.inspectors.map(\.username).joined(separator: "、"))
                if let reason = draw.voidReason { Console.print("作废原因：\(reason)") }
                InspectionText.printPicks(draw, results: results)
            }
        }
    }

    struct RecordResult: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "result", abstract: "录入一个抽中对象的检查结果 (record a result)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "抽查编号 (draw id)") var draw: Int64
        @Argument(help: "排污口：ID、键、本地编码或国家编码 (outfall)") var outfall: String
        @Option(help: "现场检查情况 (finding)") var finding: String
        @Flag(help: "发现问题：加入异常排污口清单（来源：双随机检查）(a problem)") var problem = false
        @Option(help: "采样编号或检测报告编号 (samples)") var samples: String?
        @Option(help: "现场照片，可多次给出 (photo)") var photo: [String] = []
        @Option(help: "检查人员（默认为 --user）(inspector)") var inspector: String?
        @Option(help: "检查日期 YYYY-MM-DD（默认今天）(date)") var date: String?

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let result = try call {
                    try ledger.recordInspectionResult(
                        draw: draw, outfall: outfall, finding: finding, problem: problem, samples: samples, photos: photo, inspector: inspector,
                        date: date, actor: actor.actor)
                }
                Console.print("已录入检查结果 #\(result.id ?? 0)（\(result.date)，\(result.inspector)）(recorded)")
                if let abnormal = result.abnormalID { Console.print("已加入异常清单：异常原因 #\(abnormal)（来源：双随机检查）") }
            }
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "publish", abstract: "公开一次抽查（公众网站 /public/inspections）(publish)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "抽查编号 (draw id)") var id: Int64

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                _ = try call { try ledger.publishDraw(id, actor: actor.actor) }
                Console.print("已公开抽查 #\(id) (published)")
            }
        }
    }

    struct VoidDraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: "作废一次未公开的抽查，须说明原因 (void an unpublished draw)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "抽查编号 (draw id)") var id: Int64
        @Option(help: "作废原因 (reason)") var reason: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                _ = try call { try ledger.voidDraw(id, reason: reason, actor: actor.actor) }
                Console.print("已作废抽查 #\(id) (voided)")
            }
        }
    }

    struct Registers: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "registers", abstract: "查看当前的检查对象名录和检查人员名录 (show the registers)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "排污口类型 (types)") var types: [String] = []

        func run() throws {
            try reporting {
                let typeList = try types.flatMap { $0.split(separator: ",") }.map { t -> OutfallType in
                    guard let type = OutfallType(parsing: String(t)) else { throw Failure.input("--types：未知排污口类型“\(t)” (unknown type)") }
                    return type
                }
                let ledger = try database.openLedger()
                let objects = try call { try ledger.inspectionObjects(types: typeList, statuses: [], weights: [:]) }
                var table = TextTable(["ID", "编码", "名称", "类型", "属地乡镇", "责任主体"])
                for o in objects { table.add([String(o.outfallID), o.code, o.name, OutfallType(rawValue: o.type)?.label ?? o.type, o.township, o.unit ?? ""]) }
                Console.print("检查对象名录 \(objects.count) 个：\n" + table.render())
                let inspectors = try call { try ledger.inspectionInspectors() }
                var people = TextTable(["账号", "所在乡镇", "部门"])
                for i in inspectors { people.add([i.username, i.township, i.department ?? ""]) }
                Console.print("\n检查人员名录 \(inspectors.count) 名：\n" + people.render())
            }
        }
    }

    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conflicts",
            abstract: "回避名单：检查人员与排污单位的关联 (inspector ↔ unit conflicts)", subcommands: [Add.self, List.self, Remove.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "登记一条关联 (add a link)")
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var actor: ActorOptions
            @Argument(help: "检查人员账号 (inspector)") var inspector: String
            @Argument(help: "排污单位：统一社会信用代码、名称或编号 (unit)") var unit: String
            @Option(help: "说明 (note)") var note: String?

            func run() throws {
                try reporting {
                    let ledger = try database.openLedger()
                    let conflict = try call { try ledger.addInspectionConflict(username: inspector, unit: unit, note: note, actor: actor.actor) }
                    Console.print("已登记回避 #\(conflict.id ?? 0)：\(inspector) 不抽取该单位的排污口 (added)")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "列出回避名单 (list)")
            @OptionGroup var database: DatabaseOptions

            func run() throws {
                try reporting {
                    let ledger = try database.openLedger()
                    let conflicts = try call { try ledger.inspectionConflicts() }
                    let units = try call { try ledger.units() }
                    guard !conflicts.isEmpty else { return Console.print("回避名单为空 (none)") }
                    var table = TextTable(["编号", "检查人员", "排污单位", "说明"])
                    for c in conflicts {
                        table.add([String(c.id ?? 0), c.username, units.first { $0.id == c.unitID }?.name ?? "#\(c.unitID)", c.note ?? ""])
                    }
                    Console.print(table.render())
                }
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "删除一条关联，须说明原因 (remove)")
            @OptionGroup var database: DatabaseOptions
            @OptionGroup var actor: ActorOptions
            @Argument(help: "回避编号 (id)") var id: Int64
            @Option(help: "原因 (reason)") var reason: String

            func run() throws {
                try reporting {
                    let ledger = try database.openLedger()
                    try call { try ledger.removeInspectionConflict(id, reason: reason, actor: actor.actor) }
                    Console.print("已删除回避 #\(id) (removed)")
                }
            }
        }
    }

    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settings", abstract: "公开设置：是否公开检查人员姓名 (settings)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "公众网站是否公开检查人员 yes|no (publish inspector names)") var publishNames: String?

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                var settings = try call { try ledger.inspectionSettings() }
                if let publishNames {
                    guard ["yes", "no"].contains(publishNames) else { throw Failure.input("--publish-names 应为 yes 或 no") }
                    settings = try call { try ledger.updateInspectionSettings(publishInspectorNames: publishNames == "yes", actor: actor.actor) }
                }
                Console.print("公开检查人员：\(settings.publishInspectorNames ? "是" : "否")")
                Console.print("公众网站地址：\(settings.publicURL ?? "未设置")；监督电话：\(settings.supervisionPhone ?? "未设置")（outfalls sign --public-url/--phone 设置）")
            }
        }
    }
}

enum InspectionText {
    static func printPicks(_ draw: InspectionDraw, results: [InspectionResult]) {
        var table = TextTable(["序", "ID", "编码", "名称", "属地乡镇", "权重", "检查人员", "结果"])
        for p in draw.picks {
            let o = draw.objects.first { $0.outfallID == p.outfallID }
            let r = results.filter { $0.outfallID == p.outfallID }
            let summary = r.isEmpty ? "待检查" : r.map { "\($0.date) \($0.problem ? "发现问题" : "未发现问题")" }.joined(separator: "；")
            table.add([
                String(p.rank), String(p.outfallID), o?.code ?? "", o?.name ?? "", o?.township ?? "", String(o?.weight ?? 1),
                p.inspectors.joined(separator: "、"), summary,
            ])
        }
        Console.print(table.render())
    }
}
