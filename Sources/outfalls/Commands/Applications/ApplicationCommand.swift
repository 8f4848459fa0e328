import ArgumentParser
import Foundation
import JSON
import Supervision
import Workflows

/// `outfalls application`: 审批/登记 of new, changed and enlarged outfalls (生态环境部令第35号).
struct ApplicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "application", abstract: "新设、改设、扩大排污口的审批与登记 (applications: approval and registration)",
        discussion: """
            审批 approval（工矿企业、园区污水处理厂、城镇污水处理厂排污口）：已受理 accepted → 审查中 under_review → 已决定 decided → 已公开 published；
            登记 registration（其他类型）：已提交 submitted → 已登记 registered → 已公开 published；未办结前可撤回 withdrawn。
            受理时自动运行设置核查并固定存档；需征求的意见（水利/交通/渔业）由核查结果得出，意见齐全前不能决定。
            决定时限默认 20 个工作日〔待核实〕，节假日与调休在 application calendar 中维护。
            """,
        subcommands: [File.self, Consult.self, Decide.self, Register.self, Publish.self, Withdraw.self, Recheck.self, List.self, Show.self, CalendarCommand.self])

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "file", abstract: "受理申请并运行设置核查 (file an application; the siting check is frozen into it)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var when: WhenOptions
        @Option(help: "new|change|enlarge（新设/改设/扩大）") var kind: String
        @Option(help: "排污口类型：HJ 1312 中文名或英文名 (outfall type)") var type: String
        @Option(help: "经度或 X (longitude or easting)") var lon: Double
        @Option(help: "纬度或 Y (latitude or northing)") var lat: Double
        @Option(help: "坐标系：EPSG 代码或 gcj02/bd09，默认 4490") var crs: String?
        @Option(help: "申请单位：统一社会信用代码或单位名称 (applicant: credit code or name)") var applicant: String
        @Option(help: "单位名称（代码不在排污单位名录中时）(applicant name)") var applicantName: String?
        @Option(help: "排污口名称 (outfall name)") var name: String?
        @Option(help: "设计排放能力 m³/d (design capacity)") var capacity: Double?
        @Option(help: "受纳水体 (receiving water)") var receivingWater: String?
        @Option(help: "申请材料 FILE 或 KIND=FILE（report 论证报告、brief_analysis 简要分析材料、registration_form 登记表、other），可多次给出") var document: [String] = []
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                guard let parsed = ApplicationKind(parsing: kind) else { throw Failure.input("申请类别应为 new、change 或 enlarge：“\(kind)” (unknown kind)") }
                var files: [(kind: ApplicationDocument.Kind?, path: String)] = []
                for item in document {
                    let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2, let k = ApplicationDocument.Kind(rawValue: parts[0]) {
                        files.append((k, parts[1]))
                    } else {
                        files.append((nil, item))
                    }
                }
                let ledger = try database.openLedger()
                let request = ApplicationRequest(
                    kind: parsed, type: type, x: lon, y: lat, crs: crs, applicant: applicant, applicantName: applicantName, outfallName: name,
                    capacityM3PerDay: capacity, receivingWater: receivingWater, documents: files)
                let at = try when.instant()
                let filed = try call { try ledger.fileApplication(request, actor: actor.actor, at: at) }
                try ApplicationText.print(filed, ledger: ledger, format: format, headline: "已受理申请 #\(filed.id ?? 0)（\(filed.track.label)）(filed)")
            }
        }
    }

    struct Consult: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "consult", abstract: "记录征求意见 (record an authority's opinion)")
        @OptionGroup var step: StepOptions
        @Option(help: "water|transport|fishery（水利局/交通运输局/农业农村局）") var authority: String
        @Option(help: "意见 (opinion)") var opinion: String
        @Option(help: "复函日期 YYYY-MM-DD，默认今天 (date of the opinion)") var on: String?
        @Option(help: "复函文件 (the letter)") var document: String?

        func run() throws {
            try reporting {
                guard let who = ConsultingAuthority(parsing: authority) else {
                    throw Failure.input("征求意见部门应为 water、transport 或 fishery：“\(authority)” (unknown authority)")
                }
                try step.perform({ ledger, id, actor in
                    try ledger.consultApplication(id, authority: who, opinion: opinion, on: on, document: document, actor: actor)
                }) { _, id in
                    "申请 #\(id) 已记录\(who.shortLabel)意见 (opinion recorded)"
                }
            }
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decide", abstract: "审批决定：同意或不予同意 (decide: approve or refuse)")
        @OptionGroup var step: StepOptions
        @Flag(help: "同意 (approve)") var approve = false
        @Flag(help: "不予同意 (refuse)") var refuse = false
        @Option(help: "理由 (reasons)") var reason: String

        func run() throws {
            try reporting {
                guard approve != refuse else { throw Failure.input("请给出 --approve 或 --refuse 之一 (give one of --approve, --refuse)") }
                try step.perform({ ledger, id, actor in try ledger.decideApplication(id, approve: approve, reason: reason, actor: actor) }) { saved, id in
                    "申请 #\(id)：\(saved.decision?.outcome.label ?? "")" + (saved.outfallID.map { "；排污口 \($0) 已作为新增登记入库" } ?? "")
                }
            }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "登记（登记表已收）(register a registration-track application)")
        @OptionGroup var step: StepOptions
        @Option(help: "说明；核查结论为严格控制时必填 (note; required when restricted)") var reason: String?

        func run() throws {
            try reporting {
                try step.perform({ ledger, id, actor in try ledger.registerApplication(id, reason: reason, actor: actor) }) { saved, id in
                    "申请 #\(id) 已登记；排污口 \(saved.outfallID ?? 0) 已作为新增入库 (registered)"
                }
            }
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "publish", abstract: "公开决定或登记 (publish the decision or registration)")
        @OptionGroup var step: StepOptions

        func run() throws {
            try reporting {
                try step.perform({ ledger, id, actor in try ledger.publishApplication(id, actor: actor) }) { _, id in
                    "申请 #\(id) 已公开 (published)"
                }
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "撤回申请 (withdraw)")
        @OptionGroup var step: StepOptions
        @Option(help: "撤回原因 (reason)") var reason: String

        func run() throws {
            try reporting {
                try step.perform({ ledger, id, actor in try ledger.withdrawApplication(id, reason: reason, actor: actor) }) { _, id in
                    "申请 #\(id) 已撤回 (withdrawn)"
                }
            }
        }
    }

    struct Recheck: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "recheck", abstract: "按现行规则和图层重新核查，作为新的核查记录 (re-check; a new dated entry)")
        @OptionGroup var step: StepOptions

        func run() throws {
            try reporting {
                try step.perform({ ledger, id, actor in try ledger.recheckApplication(id, actor: actor) }) { saved, id in
                    "申请 #\(id) 已重新核查：\(saved.currentCheck?.verdict.label ?? "") (re-checked)"
                }
            }
        }
    }

    /// What every step on one application takes: the registry, who acts, which application,
    /// how to print the result.
    struct StepOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "申请编号 (application id)") var id: Int64
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        /// Runs the step as the actor and prints the saved application under its headline.
        func perform(
            _ step: (Ledger, Int64, String) throws -> Application, headline: (Application, Int64) -> String
        ) throws {
            let ledger = try database.openLedger()
            let saved = try call { try step(ledger, id, actor.actor) }
            try ApplicationText.print(saved, ledger: ledger, format: format, headline: headline(saved, id))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出申请 (list applications)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "状态 (state)") var state: String?
        @Flag(help: "只列逾期的 (overdue only)") var overdue = false
        @Option(help: "逾期按此日期判断，默认今天 YYYY-MM-DD (date for overdue)") var on: String?
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                var wanted: ApplicationState?
                if let state {
                    guard let parsed = ApplicationState(parsing: state) else { throw Failure.input("未知状态“\(state)” (unknown state)") }
                    wanted = parsed
                }
                let today = try on.map { d in try call { try WorkingCalendar.validDay(d, subject: "--on") } } ?? ChinaTime.date(ChinaTime.utcString(Date())) ?? ""
                let ledger = try database.openLedger()
                let calendar = try call { try ledger.workingCalendar() }
                let rows = try call { try ledger.applications() }.filter { a in
                    (wanted == nil || a.state == wanted) && (!overdue || a.isOverdue(on: today, calendar: calendar))
                }
                switch format {
                case .json:
                    Console.print(JSONWriter.pretty(.array(rows.map { $0.json(calendar: calendar, today: today) })))
                case .text:
                    guard !rows.isEmpty else { return Console.print("没有符合条件的申请 (no applications)") }
                    var table = TextTable(["申请", "类别", "程序", "申请单位", "类型", "核查结论", "状态", "受理日", "时限", "逾期"])
                    for a in rows {
                        table.add([
                            String(a.id ?? 0), a.kind.label, a.track.label, a.applicant.name, a.outfallTypeLabel, a.currentCheck?.verdict.label ?? "—",
                            a.state.label, a.filedOn, a.deadline(calendar) ?? "—", a.isOverdue(on: today, calendar: calendar) ? "逾期" : "",
                        ])
                    }
                    Console.print(table.render())
                    Console.print("时限：\(calendar.decisionPeriodDays) 个工作日\(WorkingCalendar.unconfirmedMark)（地方办事指南做法，第35号令未明确；可用 application calendar period 修改）")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看申请、核查存档与历史 (show an application and its history)")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "申请编号 (application id)") var id: Int64
        @Option(help: "逾期按此日期判断，默认今天 YYYY-MM-DD") var on: String?
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let item = try call { try ledger.application(id) }
                let history = try call { try ledger.history(of: EntityRef(Application.kind, id)) }
                let today = try on.map { d in try call { try WorkingCalendar.validDay(d, subject: "--on") } }
                switch format {
                case .json:
                    let calendar = try call { try ledger.workingCalendar() }
                    guard case .object(var o) = item.json(calendar: calendar, today: today ?? ApplicationText.today()) else { return }
                    o["history"] = .array(history.map(HistoryJSON.event))
                    Console.print(JSONWriter.pretty(.object(o)))
                case .text:
                    try ApplicationText.print(item, ledger: ledger, format: .text, headline: "申请 #\(id)", today: today)
                    Console.print("历史 (history)：")
                    for e in history {
                        Console.print("  \(ChinaTime.display(e.at))  \(e.actor)  \(e.action)\(e.reason.map { "：\($0)" } ?? "")")
                    }
                }
            }
        }
    }
}
