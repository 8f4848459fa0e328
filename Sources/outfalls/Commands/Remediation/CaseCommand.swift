import ArgumentParser
import Foundation
import JSON
import Supervision
import Workflows

/// `outfalls case`: remediation cases (一口一策) through their state machine.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "整治案件：立案、推进、退回、查看 (remediation cases)",
        discussion: """
            状态 states: pending 待整治 → in_progress 整治中 → awaiting_check 待核查 → county_closed 县级预销号 → closed 已销号；
            returned 退回（须说明原因）；已销号的案件可重新整治（--to in_progress，须说明原因）。
            证据 evidence: --evidence before=整治前.jpg --evidence during=… --evidence after=…（保留类：signboard=、sampling_point=）；
            其他 kinds: document, water_opinion（水利部门意见）。
            """,
        subcommands: [Open.self, List.self, Show.self, Advance.self, Return.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "open", abstract: "为异常排污口立案 (open a case for an abnormal outfall)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var when: WhenOptions
        @Argument(help: "排污口：ID、键、本地编码或国家编码 (outfall)") var outfall: String
        @Option(name: .customLong("class"), help: "整治类型 prosecute|consolidate|regularise|retain（依法查处/清理合并/规范整治/保留）") var remediationClass: String
        @Option(help: "牵头部门 (lead department)") var department: String
        @Option(help: "完成时限 YYYY-MM-DD (deadline)") var deadline: String
        @Option(help: "整治措施，可多次给出 (measure)") var measure: [String] = []
        @Option(help: "过渡期至 YYYY-MM-DD (transition period until)") var transitionUntil: String?
        @Option(help: "过渡期原因 (reason for the transition period)") var reason: String?
        @Flag(help: "公共单位或居民小区（统筹协调）") var publicUnit = false
        @Flag(help: "历史遗留问题（不一刀切）") var historical = false
        @Flag(help: "封堵/合并可能影响防洪排涝或堤防安全（须有水利部门意见）") var floodSafety = false
        @Flag(help: "曾超标排放（预销号前须有达标监测）") var exceeded = false
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                guard let remediation = RemediationClass(parsing: remediationClass) else {
                    throw Failure.input("未知整治类型“\(remediationClass)”，应为 prosecute、consolidate、regularise 或 retain (unknown class)")
                }
                let ledger = try database.openLedger()
                let at = try when.instant()
                let acting = try call { try ledger.acting(actor.actor) }
                let opened = try call {
                    try ledger.openCase(
                        outfall: outfall, remediationClass: remediation, department: department, deadline: deadline, measures: measure,
                        transitionUntil: transitionUntil, transitionReason: reason, publicUnitOrEstate: publicUnit, historical: historical,
                        affectsFloodSafety: floodSafety, exceededLimit: exceeded, by: acting, at: at)
                }
                CaseText.print(opened, format: format, headline: "已立案 #\(opened.id ?? 0) (case opened)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出案件：部门、乡镇账号只列本部门、本乡镇的 (list cases in the account's scope)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "状态 (state)") var state: String?
        @Option(help: "牵头部门 (department)") var department: String?
        @Flag(help: "只列逾期的（过渡期内不算）(overdue only)") var overdue = false
        @Option(help: "逾期按此日期判断，默认今天 YYYY-MM-DD (date for overdue)") var on: String?
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                var wanted: CaseState?
                if let state {
                    guard let parsed = CaseState(parsing: state) else { throw Failure.input("未知状态“\(state)” (unknown state)") }
                    wanted = parsed
                }
                let today = on ?? ChinaTime.date(ChinaTime.utcString(Date())) ?? ""
                let ledger = try database.openLedger()
                let acting = try call { try ledger.acting(actor.actor) }
                let cases = try call { try ledger.cases(visibleTo: acting) }.filter { c in
                    (wanted == nil || c.state == wanted) && (department == nil || c.department == department) && (!overdue || c.isOverdue(on: today))
                }
                switch format {
                case .json:
                    Console.print(JSONWriter.pretty(.array(cases.map { c in
                        guard case .object(var o) = c.json else { return c.json }
                        o["overdue"] = .bool(c.isOverdue(on: today))
                        return .object(o)
                    })))
                case .text:
                    guard !cases.isEmpty else { return Console.print("没有符合条件的案件 (no cases)") }
                    var table = TextTable(["案件", "排污口 ID", "类型", "状态", "牵头部门", "乡镇", "时限", "逾期"])
                    for c in cases {
                        table.add([
                            String(c.id ?? 0), String(c.outfallID), c.remediationClass.label, c.state.label, c.department, c.township ?? "",
                            c.deadline + (c.transitionUntil.map { "（过渡期至 \($0)）" } ?? ""), c.isOverdue(on: today) ? "逾期" : "",
                        ])
                    }
                    Console.print(table.render())
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看案件及其历史 (show a case and its history)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "案件编号 (case id)") var id: Int64
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let acting = try call { try ledger.acting(actor.actor) }
                let item = try call { try ledger.remediationCase(id, visibleTo: acting) }
                let history = try call { try ledger.caseHistory(id, visibleTo: acting) }
                switch format {
                case .json:
                    guard case .object(var o) = item.json else { return }
                    o["history"] = .array(history.map(HistoryJSON.event))
                    Console.print(JSONWriter.pretty(.object(o)))
                case .text:
                    CaseText.print(item, format: .text, headline: "案件 #\(id)")
                    for e in history {
                        Console.print("  \(ChinaTime.display(e.at))  \(e.actor)  \(e.action)\(e.reason.map { "：\($0)" } ?? "")")
                    }
                }
            }
        }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "advance", abstract: "推进案件到下一状态，附证据 (advance a case, with evidence)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var when: WhenOptions
        @Argument(help: "案件编号 (case id)") var id: Int64
        @Option(help: "目标状态 in_progress|awaiting_check|county_closed|closed") var to: String
        @Option(help: "证据 KIND=FILE（before、during、after、signboard、sampling_point、document、water_opinion），可多次给出") var evidence: [String] = []
        @Option(help: "说明 (note)") var note: String?
        @Option(help: "核查人（县级预销号）(checked by)") var checkedBy: String?
        @Option(help: "核查日期 YYYY-MM-DD (checked on)") var checkedOn: String?
        @Flag(help: "现场核查 (checked on site)") var onSite = false
        @Option(help: "整治后达标监测的采样日期 YYYY-MM-DD (compliant sample date)") var sampleOn: String?
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                guard let target = CaseState(parsing: to) else { throw Failure.input("未知状态“\(to)” (unknown state)") }
                var files: [(kind: CaseEvidence.Kind, path: String)] = []
                for item in evidence {
                    let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2, let kind = CaseEvidence.Kind(rawValue: parts[0]) {
                        files.append((kind, parts[1]))
                    } else if parts.count == 1 {
                        files.append((.document, parts[0]))
                    } else {
                        throw Failure.input("证据应写作 KIND=FILE，KIND 为 before、during、after、signboard、sampling_point、document 或 water_opinion：“\(item)” (bad evidence)")
                    }
                }
                var verification: CaseVerification?
                if let checkedBy {
                    guard let checkedOn else { throw Failure.input("给出核查人时也须给出 --checked-on 日期 (give --checked-on)") }
                    verification = CaseVerification(checkedBy: checkedBy, checkedOn: checkedOn, onSite: onSite, note: note)
                }
                let ledger = try database.openLedger()
                let at = try when.instant()
                let step = Ledger.CaseStep(evidence: files, verification: verification, compliantSampleOn: sampleOn, note: note)
                let acting = try call { try ledger.acting(actor.actor) }
                let moved = try call { try ledger.advance(id, to: target, step: step, by: acting, at: at) }
                CaseText.print(moved, format: format, headline: "案件 #\(id) 现为“\(moved.state.label)” (now \(moved.state.rawValue))")
            }
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "return", abstract: "在核查或预销号环节退回案件，须说明原因 (return a case)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var when: WhenOptions
        @Argument(help: "案件编号 (case id)") var id: Int64
        @Option(help: "退回原因 (reason)") var reason: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let at = try when.instant()
                let acting = try call { try ledger.acting(actor.actor) }
                let moved = try call { try ledger.advance(id, to: .returned, step: Ledger.CaseStep(note: reason), by: acting, at: at) }
                Console.print("案件 #\(id) 已退回：\(moved.returnReason ?? reason) (returned)")
            }
        }
    }
}

enum CaseText {
    static func print(_ c: RemediationCase, format: OutputFormat, headline: String) {
        switch format {
        case .json:
            Console.print(JSONWriter.pretty(c.json))
        case .text:
            Console.print(headline)
            Console.print("  排污口 \(c.outfallID)　\(c.remediationClass.label)　\(c.state.label)　牵头 \(c.department)　时限 \(c.deadline)")
            if !c.measures.isEmpty { Console.print("  措施：\(c.measures.joined(separator: "、"))") }
            if let until = c.transitionUntil { Console.print("  过渡期至 \(until)：\(c.transitionReason ?? "")") }
            for e in c.evidence { Console.print("  证据：\(e.kind.label) \(e.fileName)（\(e.addedOn)）") }
            if let v = c.verification { Console.print("  核查：\(v.checkedBy) \(v.checkedOn)\(v.onSite ? " 现场" : "")") }
            if let r = c.returnReason { Console.print("  退回原因：\(r)") }
        }
    }
}
