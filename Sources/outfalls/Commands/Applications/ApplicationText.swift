import ArgumentParser
import Foundation
import JSON
import Supervision
import Workflows

/// An application as the CLI prints it: the frozen checks as of their dates, the opinions
/// needed and on file, the decision, the deadline by the working-day calendar.
enum ApplicationText {
    static func today() -> String { ChinaTime.date(ChinaTime.utcString(Date())) ?? "" }

    static func print(_ a: Application, ledger: Ledger, format: OutputFormat, headline: String, today given: String? = nil) throws {
        let calendar = try call { try ledger.workingCalendar() }
        let today = given ?? today()
        switch format {
        case .json:
            Console.print(JSONWriter.pretty(a.json(calendar: calendar, today: today)))
        case .text:
            Console.print(headline)
            Console.print("  \(a.kind.label) \(a.outfallTypeLabel)（\(a.track.label)）　状态：\(a.state.label)")
            Console.print("  申请单位：\(a.applicant.name)\(a.applicant.creditCode.map { "（\($0)）" } ?? "")")
            Console.print("  排污口：\(a.outfallName)　位置：\(String(format: "%.6f, %.6f", a.lon, a.lat))（CGCS2000；原坐标 \(a.origin.x), \(a.origin.y) \(a.origin.crs)）")
            if let c = a.capacityM3PerDay { Console.print("  设计排放能力：\(String(format: "%g", c)) m³/d") }
            if let w = a.receivingWater { Console.print("  受纳水体：\(w)") }
            let overdue = a.isOverdue(on: today, calendar: calendar)
            Console.print("  受理：\(a.filedOn)　决定时限：\(a.deadline(calendar) ?? "—")（\(calendar.decisionPeriodDays) 个工作日\(WorkingCalendar.unconfirmedMark)）\(overdue ? "　【已逾期】" : "")")
            for (i, check) in a.checks.enumerated() {
                Console.print("  \(i == 0 ? "受理时核查" : "重新核查") \(ChinaTime.display(check.checkedAt))：\(check.verdict.label)　规则 \(check.rulesVersion)　图层 \(check.layerVersions)")
                for f in check.findings {
                    Console.print("    - [\(f.severity.label)] \(f.title)：\(f.feature)；依据 \(f.basis)\(f.basisConfirmed ? "" : "〔条款待核实〕")")
                }
                if check.usesSchematicData { Console.print("    （核查所用图层含示意数据，不作为正式依据）") }
            }
            if !a.consultationsNeeded.isEmpty {
                Console.print("  需征求意见：\(a.consultationsNeeded.map(\.shortLabel).joined(separator: "、"))；尚缺：\(a.missingConsultations.isEmpty ? "无" : a.missingConsultations.map(\.shortLabel).joined(separator: "、"))")
            }
            for c in a.consultations { Console.print("  意见：\(c.authority.shortLabel) \(c.on)：\(c.opinion)（录入 \(c.by)）") }
            for d in a.documents { Console.print("  材料：\(d.kind.label) \(d.fileName)（\(d.addedOn)）") }
            if let d = a.decision { Console.print("  决定：\(d.outcome.label)　\(d.decidedOn) \(d.decidedBy)：\(d.reasons)") }
            if let r = a.registration { Console.print("  登记：\(r.on) \(r.by)\(r.note.map { "：\($0)" } ?? "")") }
            if let p = a.publication { Console.print("  公开：\(p.on)") }
            if let w = a.withdrawal { Console.print("  撤回：\(w.on)：\(w.note ?? "")") }
            if let o = a.outfallID { Console.print("  已入库排污口：\(o)（新增）") }
        }
    }
}

/// `outfalls application calendar`: the working-day calendar of the decision period.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "工作日历：节假日、调休工作日、决定时限 (working-day calendar)",
        subcommands: [AddHoliday.self, AddWorkday.self, Remove.self, Period.self, ListDays.self])

    struct AddHoliday: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-holiday", abstract: "加入节假日 (add a day off)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "日期 YYYY-MM-DD，可多个") var days: [String]
        func run() throws { try edit(days.map { .addHoliday($0) }, database: database, actor: actor) }
    }

    struct AddWorkday: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-workday", abstract: "加入调休工作日 (add a make-up workday)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "日期 YYYY-MM-DD，可多个") var days: [String]
        func run() throws { try edit(days.map { .addWorkday($0) }, database: database, actor: actor) }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "删除节假日或调休设置 (remove a day)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "日期 YYYY-MM-DD，可多个") var days: [String]
        func run() throws { try edit(days.map { .remove($0) }, database: database, actor: actor) }
    }

    struct Period: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "period", abstract: "设置决定时限（工作日）〔待核实〕(set the decision period)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "工作日数 (working days)") var days: Int
        func run() throws { try edit([.decisionPeriod(days)], database: database, actor: actor) }
    }

    struct ListDays: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "查看工作日历 (show the calendar)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text
        func run() throws {
            try reporting {
                let calendar = try call { try database.openLedger().workingCalendar() }
                show(calendar, format: format)
            }
        }
    }

    static func show(_ c: WorkingCalendar, format: OutputFormat) {
        switch format {
        case .json:
            Console.print(JSONWriter.pretty(.object(JSONObject([
                ("decision_period_working_days", .number(Double(c.decisionPeriodDays))), ("decision_period_confirmed", .bool(false)),
                ("holidays", .array(c.holidays.map(JSONValue.string))), ("workdays", .array(c.workdays.map(JSONValue.string))),
            ]))))
        case .text:
            Console.print("决定时限：\(c.decisionPeriodDays) 个工作日\(WorkingCalendar.unconfirmedMark)（周六、周日休息）")
            Console.print("节假日：\(c.holidays.isEmpty ? "（未设置）" : c.holidays.joined(separator: " "))")
            Console.print("调休工作日：\(c.workdays.isEmpty ? "（未设置）" : c.workdays.joined(separator: " "))")
        }
    }
}

extension ParsableCommand {
    fileprivate func edit(_ edits: [Ledger.CalendarEdit], database: DatabaseOptions, actor: ActorOptions) throws {
    try reporting {
        let ledger = try database.openLedger()
        var last: WorkingCalendar?
        for e in edits { last = try call { try ledger.editCalendar(e, actor: actor.actor) } }
        if let last { CalendarCommand.show(last, format: .text) }
    }
}
}
