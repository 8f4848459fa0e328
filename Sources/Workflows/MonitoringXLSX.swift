import Foundation
import Reports
import Supervision
import WaterQuality

/// Samples and assessments as Excel workbooks (libxlsxwriter through Reports): values stay
/// numbers, text cells are formula-neutralised, Chinese headers with the canonical names so a
/// samples sheet saved as CSV imports back. The assessment workbook carries the standard,
/// clause and 〔待核实〕 marks beside every value, and a sheet saying how to read it.
public enum MonitoringXLSX {
    public static func samplesTable(_ samples: [Sample]) -> SpreadsheetTable {
        SpreadsheetTable(
            name: "监测数据",
            columns: [
                .init("监测点 point", width: 22), .init("采样时间 sampled_at", width: 20), .init("指标 parameter", width: 14),
                .init("数值 value", width: 12), .init("低于检出限 below_detection", width: 12), .init("单位 unit", width: 10),
                .init("样品类型 kind", width: 12), .init("检测单位 lab", width: 20),
            ],
            rows: samples.map { s in
                [
                    .text(s.point.name.split(separator: ":").last.map(String.init) ?? s.point.name), .text(ChinaTime.display(s.sampledAt)),
                    .text(s.parameter.rawValue), .number(s.value.number), .text(s.value.belowDetectionLimit ? "是" : ""),
                    .text(s.parameter.canonicalUnit.rawValue), .text(s.sampleKind.rawValue), .text(s.lab),
                ]
            })
    }

    public static func assessmentTable(_ assessments: [OutfallAssessment]) -> SpreadsheetTable {
        var rows: [[SpreadsheetCell]] = []
        for a in assessments {
            for j in a.judgements {
                rows.append([
                    .text(a.outfall.key), .text(a.outfall.name), .text(j.standard), .text(j.grade), .text(j.day), .text(j.parameter.label),
                    .number(j.value.number), .text(j.value.belowDetectionLimit ? "低于检出限" : ""), .text(j.parameter.canonicalUnit.label),
                    .number(j.limit?.maximum), .number(j.limit?.minimum), .text(j.limit.map { $0.confirmed ? $0.clause : $0.clause + "〔待核实〕" }),
                    .text(j.verdict.label), .number(j.exceedanceMultiple.map { ($0 * 10_000).rounded() / 10_000 }),
                    .text(j.conclusive ? "是" : "仅供参考（瞬时样）"), .text(j.basis), .text(j.reason),
                ])
            }
        }
        return SpreadsheetTable(
            name: "评价结果",
            columns: [
                .init("排污口", width: 22), .init("名称", width: 20), .init("执行标准", width: 16), .init("等级", width: 8), .init("日期", width: 12),
                .init("指标", width: 12), .init("数值", width: 10), .init("检出限", width: 10), .init("单位", width: 8), .init("限值（上限）", width: 10),
                .init("限值（下限）", width: 10), .init("条款", width: 24), .init("结论", width: 10), .init("超标倍数", width: 10),
                .init("结论可靠", width: 14), .init("依据", width: 30), .init("说明", width: 30),
            ],
            rows: rows)
    }

    /// The standard each outfall is held to and why.
    public static func choiceTable(_ assessments: [OutfallAssessment]) -> SpreadsheetTable {
        SpreadsheetTable(
            name: "执行标准",
            columns: [.init("排污口", width: 22), .init("名称", width: 20), .init("受纳水体", width: 24), .init("执行标准", width: 30), .init("理由", width: 60)],
            rows: assessments.map { a in
                [
                    .text(a.outfall.key), .text(a.outfall.name),
                    .text((a.receivingZone.map { "\($0.name)（目标 \($0.targetClass?.label ?? "未知")）" } ?? "未找到水功能区") + "，" + a.receivingPlace),
                    .text(
                        a.choice.map { c in "\(c.standard.id) \(c.standard.title)" + (c.grade.map { " 等级 \($0.id)" } ?? "（等级未定）") + (c.standard.isConfirmed ? "" : "〔待核实〕") }
                            ?? "无法确定：\(a.choiceProblem ?? "")"),
                    .text(a.choice?.reasons.joined(separator: "；")),
                ]
            })
    }

    /// A section's single-factor classes against its target.
    public static func sectionTable(_ report: SectionReport) -> SpreadsheetTable {
        let a = report.assessment
        var rows: [[SpreadsheetCell]] = a.items.map { i in
            [
                .text(report.section.name), .text(i.parameter.label), .number(i.value.number), .text(i.value.belowDetectionLimit ? "低于检出限" : ""),
                .text(i.parameter.canonicalUnit.label), .number(Double(i.sampleCount)), .text(i.waterClass?.label ?? "无法定类"),
                .text(i.limit.map { $0.confirmed ? $0.clause : $0.clause + "〔待核实〕" }), .text(i.reason),
            ]
        }
        rows.append([
            .text(report.section.name), .text("断面水质类别"), .empty, .empty, .empty, .number(Double(report.sampleCount)),
            .text(a.waterClass?.label ?? "无法定类"),
            .text("目标 \(a.targetClass?.label ?? "未知")（\(report.zone?.name ?? "未找到水功能区")）"),
            .text(a.attains.map { $0 ? "达标" : "未达标" } ?? "无法判定"),
        ])
        return SpreadsheetTable(
            name: "断面评价",
            columns: [
                .init("断面", width: 22), .init("指标", width: 14), .init("均值", width: 10), .init("检出限", width: 10), .init("单位", width: 8),
                .init("样品数", width: 8), .init("类别", width: 10), .init("条款", width: 30), .init("说明", width: 40),
            ],
            rows: rows)
    }

    public static func writeSection(_ report: SectionReport, to path: String) throws(LedgerError) {
        try write(XLSXWorkbook(tables: [sectionTable(report), readingNotes]), to: path)
    }

    public static func bytes(section report: SectionReport) throws(LedgerError) -> Data {
        try bytes { path throws(LedgerError) in try writeSection(report, to: path) }
    }

    static let readingNotes = SpreadsheetTable(
        name: "说明",
        columns: [.init("说明", width: 100)],
        rows: [
            ["混合样按日均值判定（GB 18918、GB 8978 的规定）；瞬时样注明“仅供参考”，不作定论。"],
            ["超标倍数 =（数值 − 限值）/ 限值；pH 按 6–9 判定。"],
            ["低于检出限的数值按 0 至检出限之间的区间判断，区间跨过限值时为“无法判定”。"],
            ["断面按 GB 3838-2002 单因子评价：各指标的均值定类，最差项目决定断面类别（劣V 类），与水功能区目标比较；河流不评总氮。"],
            ["标注〔待核实〕的限值或标准尚未经县里核实，可在标准文件中更正（outfalls standards import）。"],
        ])

    public static func writeSamples(_ samples: [Sample], to path: String) throws(LedgerError) {
        try write(XLSXWorkbook(tables: [samplesTable(samples)]), to: path)
    }

    public static func writeAssessments(_ assessments: [OutfallAssessment], to path: String) throws(LedgerError) {
        try write(XLSXWorkbook(tables: [assessmentTable(assessments), choiceTable(assessments), readingNotes]), to: path)
    }

    /// The workbook's bytes, for a download (written to a private temporary file first:
    /// libxlsxwriter writes files).
    public static func bytes(samples: [Sample]) throws(LedgerError) -> Data {
        try bytes { path throws(LedgerError) in try writeSamples(samples, to: path) }
    }

    public static func bytes(assessments: [OutfallAssessment]) throws(LedgerError) -> Data {
        try bytes { path throws(LedgerError) in try writeAssessments(assessments, to: path) }
    }

    static func bytes(_ writing: (String) throws(LedgerError) -> Void) throws(LedgerError) -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outfalls-xlsx-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false) } catch { throw .storage("\(error)") }
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("export.xlsx").path
        try writing(path)
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .storage("\(error)") }
    }

    static func write(_ workbook: XLSXWorkbook, to path: String) throws(LedgerError) {
        // Both the content and an unwritable path are the caller's to correct.
        do { try workbook.write(to: path) } catch { throw .refused(subject: "输出文件 \(path)", reason: "\(error)") }
    }
}
