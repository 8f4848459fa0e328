import Foundation
import Reports
import Supervision

/// A half-yearly progress report (半年报): a department's cases, done / in progress / overdue,
/// progress against the target, problems and next steps — or, without a department, the
/// county summary for 柳城生态环境局 with every department's figures. Built once, as of a
/// date, from the history; written as XLSX and PDF.
public struct DepartmentReport: Sendable {
    /// A reporting period: the first half of a year (due 25 June) or the whole year (due 25 December).
    public struct Period: Sendable, Equatable {
        public var year: Int
        public var firstHalfOnly: Bool

        /// `2024H1` or `2024`.
        public init?(parsing text: String) {
            let t = text.trimmingCharacters(in: .whitespaces).uppercased()
            if t.count == 6, t.hasSuffix("H1"), let y = Int(t.prefix(4)) { self.init(year: y, firstHalfOnly: true); return }
            if t.count == 4, let y = Int(t) { self.init(year: y, firstHalfOnly: false); return }
            return nil
        }

        public init(year: Int, firstHalfOnly: Bool) {
            self.year = year
            self.firstHalfOnly = firstHalfOnly
        }

        public var label: String { firstHalfOnly ? "\(year)年上半年" : "\(year)年度" }
        public var start: String { "\(year)-01-01" }
        /// The plan's reporting dates: 25 June and 25 December.
        public var dueDate: String { firstHalfOnly ? "\(year)-06-25" : "\(year)-12-25" }
    }

    public struct CaseLine: Sendable, Equatable {
        public var caseID: Int64
        public var outfall: String
        public var township: String
        public var remediationClass: String
        public var state: CaseState
        public var deadline: String
        public var transitionUntil: String?
        public var overdue: Bool
        public var closedInPeriod: Bool
        public var returnReason: String?
    }

    public var department: String?
    public var period: Period
    public var asOf: String
    public var figure: ProgressFigure?
    public var departments: [ProgressFigure]
    public var cases: [CaseLine]
    public var isSchematic: Bool

    public var done: [CaseLine] { cases.filter { $0.state == .closed } }
    public var inProgress: [CaseLine] { cases.filter { $0.state != .closed && !$0.overdue } }
    public var overdue: [CaseLine] { cases.filter(\.overdue) }

    /// Problems: overdue cases and cases sent back, with their reasons.
    public var problems: [String] {
        overdue.map { "案件 #\($0.caseID)（\($0.outfall)）已超过完成时限 \($0.deadline)，当前为“\($0.state.label)”" }
            + cases.compactMap { c in c.returnReason.map { "案件 #\(c.caseID)（\(c.outfall)）被退回：\($0)" } }
    }

    /// Next steps: what is due in the next half-year, and what waits for a check or review.
    public var nextSteps: [String] {
        let horizon = period.firstHalfOnly ? "\(period.year)-12-31" : "\(period.year + 1)-06-30"
        let due = cases.filter { $0.state != .closed && $0.deadline > asOf && $0.deadline <= horizon }
            .map { "案件 #\($0.caseID)（\($0.outfall)）须于 \($0.deadline) 前完成整治" }
        let waiting = cases.filter { $0.state == .awaitingCheck || $0.state == .countyClosed }
            .map { "案件 #\($0.caseID)（\($0.outfall)）\($0.state == .awaitingCheck ? "待县级核查" : "待市级审核销号")" }
        return due + waiting
    }

    public var title: String {
        "柳城县入河排污口整治工作进展报告（\(department ?? "全县汇总，柳城生态环境局")，\(period.label)）"
    }
}

extension Ledger {
    /// The report of `department` (nil: the county summary) for `period`, as of `asOf`
    /// (default: the period's due date), replayed from the history.
    public func departmentReport(department: String?, period: DepartmentReport.Period, asOf: String? = nil) throws(LedgerError) -> DepartmentReport {
        let date = asOf ?? period.dueDate
        let cutoff = HistoryReplay.cutoff(date)
        let startCutoff = ChinaTime.startOfDayUTC(period.start) ?? period.start
        let names = try registryCall { try registry.outfallNames() }
        let (spans, timelines) = try progressInputs()
        let all = try entities(RemediationCase.self).filter { department == nil || $0.department == department }
        if let department, all.isEmpty, try !entities(RemediationCase.self).isEmpty {
            let known = Set(try entities(RemediationCase.self).map(\.department)).sorted().joined(separator: "、")
            throw .refused(subject: "部门“\(department)”", reason: "没有该部门牵头的整治案件；已有的牵头部门：\(known)")
        }
        var lines: [DepartmentReport.CaseLine] = []
        for item in all {
            guard let id = item.id else { continue }
            let events = try history(of: EntityRef(RemediationCase.kind, id))
            let steps = Self.caseSteps(events)
            let timeline = CaseTimeline(outfallID: item.outfallID, steps: steps)
            guard let state = timeline.state(at: cutoff) else { continue }  // opened after the as-of date
            var asThen = item
            asThen.state = state
            let closedAt = steps.last { $0.state == .closed && $0.at <= cutoff }?.at
            let returned = events.last { $0.action == "case.return" && $0.at <= cutoff }
            lines.append(DepartmentReport.CaseLine(
                caseID: id, outfall: names[item.outfallID] ?? String(item.outfallID), township: item.township ?? "—",
                remediationClass: item.remediationClass.label, state: state, deadline: item.deadline, transitionUntil: item.transitionUntil,
                overdue: asThen.isOverdue(on: date), closedInPeriod: state == .closed && (closedAt.map { $0 >= startCutoff } ?? false),
                returnReason: state == .returned ? returned?.reason : nil))
        }
        let targets = ProgressTargets()
        let groups = RemediationProgress.figures(abnormal: spans, cases: timelines, asOf: date, targets: targets, groupBy: "department")
        let figure = department.map { d in groups.first { $0.group == d } }
            ?? RemediationProgress.figures(abnormal: spans, cases: timelines, asOf: date, targets: targets).first
        return DepartmentReport(
            department: department, period: period, asOf: date, figure: figure ?? nil, departments: department == nil ? groups : [],
            cases: lines, isSchematic: try registryCall { try registry.isSchematic() })
    }
}

extension DepartmentReport {
    private static let caseHeader = ["案件", "排污口", "乡镇", "整治类型", "状态", "完成时限", "过渡期至", "逾期", "本期销号"]
    /// Relative column widths in the PDF: the outfall's name needs the room.
    private static let caseWidths: [Double] = [0.6, 3.2, 1.5, 1.2, 1.2, 1.4, 1.4, 0.6, 0.9]

    private func caseRow(_ c: CaseLine) -> [String] {
        [String(c.caseID), c.outfall, c.township, c.remediationClass, c.state.label, c.deadline, c.transitionUntil ?? "", c.overdue ? "是" : "否", c.closedInPeriod ? "是" : "否"]
    }

    private var summaryRows: [(String, String)] {
        var rows: [(String, String)] = [("报告期", period.label), ("截至", "\(asOf)（北京时间）"), ("报送截止日", period.dueDate)]
        if let f = figure {
            rows += [
                ("异常排污口", String(f.abnormal)), ("已销号", String(f.closed)), ("完成比例", String(format: "%.1f%%", f.percent)),
                ("年末目标", f.targetPercent.map { String(format: "%.0f%%", $0) } ?? "—"),
                ("按时序应完成", f.expectedPercent.map { String(format: "%.1f%%", $0) } ?? "—"), ("进度", f.onTrack.map { $0 ? "正常" : "滞后" } ?? "—"),
            ]
        }
        rows += [("案件数", String(cases.count)), ("已销号案件", String(done.count)), ("整治中（未逾期）", String(inProgress.count)), ("逾期案件", String(overdue.count))]
        return rows
    }

    /// The workbook: 概况, 案件, 问题与下一步 (and 各部门 for the county summary).
    public func writeXLSX(to path: String) throws(ReportError) {
        var tables = [
            SpreadsheetTable(
                name: "概况", columns: [.init("项目", width: 18), .init("内容", width: 60)],
                rows: [[.text(title), .empty]] + summaryRows.map { [.text($0.0), .text($0.1)] }
                    + (isSchematic ? [[.text("说明"), .text("示意数据，仅供演示，不能作为考核依据")]] : [])),
            SpreadsheetTable(
                name: "案件", columns: Self.caseHeader.map { SpreadsheetTable.Column($0, width: $0 == "排污口" ? 36 : 12) },
                rows: cases.map { caseRow($0).map(SpreadsheetCell.text) }),
            SpreadsheetTable(
                name: "问题与下一步", columns: [.init("类别", width: 12), .init("内容", width: 80)],
                rows: problems.map { [.text("存在问题"), .text($0)] } + nextSteps.map { [.text("下一步"), .text($0)] }),
        ]
        if department == nil {
            tables.append(SpreadsheetTable(
                name: "各部门", columns: ["牵头部门", "异常", "已销号", "比例", "进度"].map { SpreadsheetTable.Column($0, width: $0 == "牵头部门" ? 24 : 10) },
                rows: departments.map { f in
                    [.text(f.group), .number(Double(f.abnormal)), .number(Double(f.closed)), .number((f.percent * 10).rounded() / 10), .text(f.onTrack.map { $0 ? "正常" : "滞后" })]
                }))
        }
        try XLSXWorkbook(tables: tables).write(to: path)
    }

    /// The PDF, A4, Chinese throughout, page numbers in the footer.
    @discardableResult
    public func writePDF(to path: String) throws(ReportError) -> PDFLayoutSummary {
        var pdf = PDFDocument(metadataTitle: title, footerNote: isSchematic ? "示意数据，仅供演示，不能作为考核依据" : "柳城县入河排污口监督管理")
        pdf.title(title)
        if isSchematic { pdf.note("【示意数据】本报告基于示意图层和演示数据生成，不能作为考核依据。") }
        pdf.heading("一、总体进度")
        pdf.table(PDFTable(header: ["项目", "内容"], rows: summaryRows.map { [$0.0, $0.1] }, widths: [0.3, 0.7]))
        pdf.note("数字按变更历史重放得出，为截至日台账所示；年末目标为 2023 年 30%、2024 年 70%、2025 年基本完成；“按时序应完成”在上年末与本年末目标之间按已过时间线性折算（本系统口径）。")
        if department == nil, !departments.isEmpty {
            pdf.heading("二、各部门进度")
            pdf.table(PDFTable(
                header: ["牵头部门", "异常", "已销号", "比例", "进度"],
                rows: departments.map { [$0.group ?? "—", String($0.abnormal), String($0.closed), String(format: "%.1f%%", $0.percent), $0.onTrack.map { $0 ? "正常" : "滞后" } ?? "—"] }))
        }
        let n = department == nil ? ["三", "四", "五", "六"] : ["二", "三", "四", "五"]
        pdf.heading("\(n[0])、已完成（已销号）")
        if done.isEmpty { pdf.paragraph("无。") } else { pdf.table(PDFTable(header: Self.caseHeader, rows: done.map(caseRow), widths: Self.caseWidths)) }
        pdf.heading("\(n[1])、正在整治")
        if inProgress.isEmpty { pdf.paragraph("无。") } else { pdf.table(PDFTable(header: Self.caseHeader, rows: inProgress.map(caseRow), widths: Self.caseWidths)) }
        pdf.heading("\(n[2])、逾期")
        if overdue.isEmpty { pdf.paragraph("无逾期案件（过渡期内的不算逾期）。") } else { pdf.table(PDFTable(header: Self.caseHeader, rows: overdue.map(caseRow), widths: Self.caseWidths)) }
        pdf.heading("\(n[3])、存在问题和下一步工作")
        for line in problems { pdf.paragraph("存在问题：" + line) }
        for line in nextSteps { pdf.paragraph("下一步：" + line) }
        if problems.isEmpty && nextSteps.isEmpty { pdf.paragraph("无。") }
        return try pdf.write(to: path)
    }
}
