/// Judges an outfall's samples against the standard and grade it is held to.
///
/// - Composite samples: the day's mean per parameter (GB 18918-2002 §4.1.4.2, GB 8978-1996
///   §5.2 judge daily means).
/// - Spot samples on a day without composites: judged one by one, conclusive only where the
///   standard lets a spot sample judge compliance; otherwise labelled indicative.
/// - pH: every reading on its own (a mean of pH values means nothing), against 6–9.
/// - Conditions: the day's mean water temperature picks GB 18918's NH3-N bracket, the
///   plant's build date its TP row; when a fact is missing, a verdict is given only if
///   every possible limit agrees.
public enum DischargeJudge {
    /// Items judged; flow and water temperature describe the discharge rather than break a limit.
    static func isJudged(_ p: Parameter) -> Bool { p != .flow && p != .waterTemperature }

    public static func judge(_ samples: [Sample], choice: StandardChoice, builtOn: String?) -> [Judgement] {
        let byDay = Dictionary(grouping: samples, by: \.day)
        var out: [Judgement] = []
        for day in byDay.keys.sorted() {
            let daySamples = byDay[day] ?? []
            let temperatures = daySamples.filter { $0.parameter == .waterTemperature }.map(\.value)
            let facts = LimitCondition.Facts(waterTemperature: temperatures.isEmpty ? nil : temperatures.mean.number, builtOn: builtOn)
            let byParameter = Dictionary(grouping: daySamples.filter { isJudged($0.parameter) }, by: \.parameter)
            for parameter in byParameter.keys.sorted() {
                let all = (byParameter[parameter] ?? []).sorted { $0.sampledAt < $1.sampledAt }
                let composites = all.filter { $0.sampleKind == .composite }
                if parameter == .pH {
                    for s in all {
                        out.append(
                            judge(
                                [s.value], parameter: parameter, day: day, choice: choice, facts: facts,
                                basis: "\(s.sampleKind.label)，pH 逐个判定（不取平均）",
                                conclusive: s.sampleKind == .composite || choice.standard.judgedOn != .dailyMean))
                    }
                } else if !composites.isEmpty {
                    out.append(
                        judge(
                            composites.map(\.value), parameter: parameter, day: day, choice: choice, facts: facts,
                            basis: "日均值：\(composites.count) 个混合样的平均（\(choice.standard.judgingClause)）", conclusive: true))
                } else {
                    let allowed = choice.standard.judgedOn == .spotAllowed
                    for s in all {
                        out.append(
                            judge(
                                [s.value], parameter: parameter, day: day, choice: choice, facts: facts,
                                basis: allowed
                                    ? "瞬时样（\(choice.standard.id) 允许以瞬时样判定）"
                                    : "瞬时样，仅供参考：\(choice.standard.id) 按混合样日均值判定（\(choice.standard.judgingClause)）",
                                conclusive: allowed))
                    }
                }
            }
        }
        return out
    }

    static func judge(
        _ values: [MeasuredValue], parameter: Parameter, day: String, choice: StandardChoice, facts: LimitCondition.Facts, basis: String,
        conclusive: Bool
    ) -> Judgement {
        var j = Judgement(
            parameter: parameter, day: day, value: values.mean, sampleCount: values.count, standard: choice.standard.id, grade: choice.grade?.id,
            limit: nil, verdict: .cannotJudge, exceedanceMultiple: nil, conclusive: conclusive && !choice.indicativeOnly,
            basis: choice.indicativeOnly ? basis + "；雨洪排口，对照判断，仅供参考" : basis, reason: nil)
        guard let grade = choice.grade else {
            j.reason = "执行等级未确定：" + (choice.reasons.last ?? "")
            return j
        }
        let (verdict, limit, reason) = verdict(
            values, parameter: parameter, limits: grade.limits, facts: facts, what: "\(choice.standard.id) \(grade.id)")
        j.verdict = verdict
        j.limit = limit
        j.reason = reason
        // 超标倍数 is defined for a maximum; pH's 6–9 range has none.
        if verdict == .exceeds, let limit, limit.minimum == nil, let max = limit.maximum, max > 0, let bounds = Bounds(values), bounds.lower > max {
            j.exceedanceMultiple = (bounds.lower - max) / max
        }
        return j
    }

    /// The verdict of `values` against the limits a grade lists for `parameter`.
    static func verdict(
        _ values: [MeasuredValue], parameter: Parameter, limits: [Limit], facts: LimitCondition.Facts, what: String
    ) -> (Judgement.Verdict, Limit?, String?) {
        let candidates = limits.filter { $0.parameter == parameter && $0.condition.applies(facts) != false }
        guard !candidates.isEmpty else { return (.cannotJudge, nil, "\(what) 未规定\(parameter.label)限值") }
        if let unusable = candidates.first(where: { !$0.isUsable }) {
            return (.cannotJudge, unusable, "\(what) 的\(parameter.label)限值未核实〔待核实〕，县级填入并确认前不作判定")
        }
        guard let bounds = Bounds(values) else {
            return (.cannotJudge, candidates.first, "未检出但未给出检出限，无法与限值比较")
        }
        let results = candidates.map { bounds.meets($0) }
        let missing = Set(candidates.flatMap { $0.condition.missingFacts(facts) }).sorted()
        if results.allSatisfy({ $0 == true }) {
            // The strictest limit that could apply.
            let strictest = candidates.min { ($0.maximum ?? .infinity) < ($1.maximum ?? .infinity) }
            return (.within, strictest, missing.isEmpty ? nil : "缺少\(missing.joined(separator: "、"))：各档限值下均达标")
        }
        if results.allSatisfy({ $0 == false }) {
            let lenient = candidates.max { ($0.maximum ?? .infinity) < ($1.maximum ?? .infinity) }
            return (.exceeds, lenient, missing.isEmpty ? nil : "缺少\(missing.joined(separator: "、"))：按最宽的一档限值仍超标")
        }
        if results.contains(where: { $0 == nil }) {
            return (.cannotJudge, candidates.first, "低于检出限的数值与限值无法比较（检出限高于限值）")
        }
        return (.cannotJudge, nil, "缺少\(missing.joined(separator: "、"))，不同条件下的限值结论不同")
    }
}
