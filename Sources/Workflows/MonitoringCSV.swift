import Foundation
import Supervision
import WaterQuality

/// Samples and assessments as CSV for Excel (UTF-8 with a byte-order mark, RFC 4180 quoting,
/// Chinese headers with the canonical names in brackets so the file imports back).
public enum MonitoringCSV {
    public static func samples(_ samples: [Sample]) -> String {
        var rows = [["监测点 point", "采样时间 sampled_at", "指标 parameter", "数值 value", "单位 unit", "样品类型 kind", "检测单位 lab"]]
        for s in samples {
            rows.append([
                s.point.name.split(separator: ":").last.map(String.init) ?? s.point.name, ChinaTime.display(s.sampledAt), s.parameter.rawValue,
                s.value.display == "未检出" ? "ND" : s.value.display, s.parameter.canonicalUnit.rawValue, s.sampleKind.rawValue, s.lab ?? "",
            ])
        }
        return document(rows)
    }

    public static func assessments(_ assessments: [OutfallAssessment]) -> String {
        var rows = [
            [
                "排污口", "名称", "执行标准", "等级", "日期", "指标", "数值", "单位", "限值", "是否超标", "超标倍数", "结论可靠", "依据", "说明",
            ]
        ]
        for a in assessments {
            for j in a.judgements {
                rows.append([
                    a.outfall.key, a.outfall.name, j.standard, j.grade ?? "", j.day, j.parameter.label, j.value.display,
                    j.parameter.canonicalUnit.label,
                    j.limit?.display ?? "", j.verdict.label,
                    j.exceedanceMultiple.map { MeasuredValue.format(($0 * 10_000).rounded() / 10_000) } ?? "",
                    j.conclusive ? "是" : "仅供参考", j.basis, j.reason ?? "",
                ])
            }
        }
        return document(rows)
    }

    static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ s: String) -> String {
        // A leading = + - @ would be a formula to Excel: quote it as text.
        let risky = s.first.map { "=+-@".contains($0) } ?? false
        guard risky || s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + (risky ? "'" : "") + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Ledger {
    /// Every outfall with samples, assessed.
    public func assessAll(from: String? = nil, to: String? = nil) throws(LedgerError) -> [OutfallAssessment] {
        let context = try assessmentContext()
        let outfalls = try pointDirectory().outfalls.filter { o in o.id.map { context.samplesByOutfall[$0] != nil } ?? false }
        var out: [OutfallAssessment] = []
        for o in outfalls { out.append(try assess(o, in: context, from: from, to: to)) }
        return out
    }
}
