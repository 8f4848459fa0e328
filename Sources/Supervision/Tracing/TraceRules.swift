import Foundation

/// What a trace must satisfy before it is stored: the result agrees with the units found,
/// a main unit is one of them, and every text is within its limit.
///
/// - 1口对1源 (`one_source`): exactly one unit;
/// - 1口对多源 (`many_sources`): two or more units, one of them the main one;
/// - 未能确定 (`undetermined`): no unit (the government answers, 政府兜底).
public enum TraceRules {
    /// Problem types seen on supervision platforms (SUPERVISION.md); others are refused so that
    /// reports can count them.
    public static let problemTypes = [
        "未发现问题", "污水应纳未纳", "逃避监管私设排污口", "超标排放", "未实现雨污分流", "位于饮用水水源保护区",
        "位于生态保护红线/自然保护地", "借道排污", "其他",
    ]
    public static let maxNameLength = 200
    public static let maxTextLength = 2_000
    public static let maxItems = 100

    /// Refuses `trace` with every reason found at once.
    public static func check(_ trace: Trace) throws(LedgerError) {
        var problems: [String] = []
        let units = trace.unitIDs
        if Set(units).count != units.count { problems.append("同一排污单位列了两次 (a unit is listed twice)") }
        switch trace.result {
        case .oneSource:
            if units.count != 1 { problems.append("结果为“1口对1源”，应恰好列出 1 个排污单位，实为 \(units.count) 个 (one_source needs exactly one unit)") }
            if let main = trace.mainUnitID, units.count == 1, main != units[0] {
                problems.append("主要责任单位不在所列排污单位中 (the main unit is not among the units)")
            }
        case .manySources:
            if units.count < 2 { problems.append("结果为“1口对多源”，应列出至少 2 个排污单位，实为 \(units.count) 个 (many_sources needs two or more units)") }
            if let main = trace.mainUnitID {
                if !units.contains(main) { problems.append("主要责任单位不在所列排污单位中 (the main unit is not among the units)") }
            } else {
                problems.append("结果为“1口对多源”，须用 --main 指定主要责任单位 (many_sources needs a main unit)")
            }
        case .undetermined:
            if !units.isEmpty { problems.append("结果为“未能确定”，不应列出排污单位，实列 \(units.count) 个 (undetermined lists no unit)") }
            if trace.mainUnitID != nil { problems.append("结果为“未能确定”，不应有主要责任单位 (undetermined has no main unit)") }
        }
        if trace.method == .technical, (trace.technique ?? "").isEmpty {
            problems.append("技术溯源须注明手段（--technique，如 染色、CCTV、声呐）(technical tracing needs a technique)")
        }
        if trace.method != .technical, trace.technique != nil {
            problems.append("只有技术溯源才有手段（--technique）(a technique belongs to technical tracing)")
        }
        for problem in trace.problems where !problemTypes.contains(problem) {
            problems.append("问题类型“\(problem)”不在列表中（可选：\(problemTypes.joined(separator: "、"))）(unknown problem type)")
        }
        if (trace.technique?.count ?? 0) > maxNameLength { problems.append("手段超过 \(maxNameLength) 字 (technique too long)") }
        if (trace.note?.count ?? 0) > maxTextLength { problems.append("说明超过 \(maxTextLength) 字 (note too long)") }
        if trace.pathNodes.count > maxItems || trace.evidence.count > maxItems || trace.problems.count > maxItems {
            problems.append("节点、问题或证据超过 \(maxItems) 项 (too many items)")
        }
        if let long = trace.pathNodes.first(where: { $0.count > maxNameLength }) {
            problems.append("路径节点“\(long.prefix(20))…”超过 \(maxNameLength) 字 (node too long)")
        }
        if trace.pathNodes.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            problems.append("路径节点不能为空 (empty node)")
        }
        guard problems.isEmpty else {
            throw .refused(subject: "溯源记录 (trace)", reason: problems.joined(separator: "；"))
        }
    }
}
