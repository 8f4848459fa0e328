import JSON
import OutfallModel
import Supervision
import WaterQuality

// The monitoring results as the CLI's `--format json` and the JSON API show them.

extension JSONValue {
    static func number(_ d: Double?, decimals: Int = 4) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return .number((d * scale).rounded() / scale)
    }

    static func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
}

extension MeasuredValue {
    public var json: JSONValue {
        .object(
            JSONObject([
                ("number", .number(number)), ("below_detection_limit", .bool(belowDetectionLimit)), ("display", .string(display)),
            ]))
    }
}

extension Limit {
    public var json: JSONValue {
        .object(
            JSONObject([
                ("max", .number(maximum)), ("min", .number(minimum)), ("condition", .text(condition.label)), ("clause", .string(clause)),
                ("confirmed", .bool(confirmed)), ("display", .string(display)),
            ]))
    }
}

extension Sample {
    public var json: JSONValue {
        .object(
            JSONObject([
                ("id", id.map { .number(Double($0)) } ?? .null), ("point", .string(point.name)), ("point_kind", .string(point.kind.rawValue)),
                ("sampled_at", .string(sampledAt)), ("sampled_at_local", .string(ChinaTime.display(sampledAt))), ("day", .string(day)),
                ("parameter", .string(parameter.rawValue)), ("parameter_label", .string(parameter.label)), ("value", .number(value.number)),
                ("below_detection_limit", .bool(value.belowDetectionLimit)), ("display", .string(value.display)),
                ("unit", .string(parameter.canonicalUnit.rawValue)), ("reported_unit", .string(reportedUnit.rawValue)),
                ("kind", .string(sampleKind.rawValue)),
                ("lab", .text(lab)),
            ]))
    }
}

extension Judgement {
    public var json: JSONValue {
        .object(
            JSONObject([
                ("parameter", .string(parameter.rawValue)), ("parameter_label", .string(parameter.label)), ("day", .string(day)),
                ("value", .number(value.number)), ("below_detection_limit", .bool(value.belowDetectionLimit)), ("display", .string(value.display)),
                ("unit", .string(parameter.canonicalUnit.rawValue)), ("sample_count", .number(Double(sampleCount))), ("standard", .string(standard)),
                ("grade", .text(grade)), ("limit", limit.map { .number($0.maximum ?? $0.minimum) } ?? .null),
                ("limit_min", limit.map { .number($0.minimum) } ?? .null), ("limit_max", limit.map { .number($0.maximum) } ?? .null),
                ("limit_display", .text(limit?.display)), ("limit_clause", .text(limit?.clause)),
                ("exceeds", exceeds.map(JSONValue.bool) ?? .null), ("verdict", .string(verdict.rawValue)), ("verdict_label", .string(verdict.label)),
                ("exceedance_multiple", .number(exceedanceMultiple)), ("conclusive", .bool(conclusive)), ("basis", .string(basis)),
                ("reason", .text(reason)),
            ]))
    }
}

extension OutfallAssessment {
    public var json: JSONValue {
        .object(
            JSONObject([
                (
                    "outfall",
                    .object(
                        JSONObject([
                            ("id", outfall.id.map { .number(Double($0)) } ?? .null), ("key", .string(outfall.key)), ("name", .string(outfall.name)),
                            ("type", .string(outfall.type.rawValue)), ("type_label", .string(outfall.type.label)),
                            ("local_code", .text(outfall.localCode)),
                            ("national_code", .text(outfall.nationalCode)),
                        ]))
                ),
                ("receiving_zone", .text(receivingZone?.name)), ("receiving_place", .string(receivingPlace)),
                ("receiving_class", .text(receivingZone?.targetClass?.roman)), ("industry", .text(industry)), ("built_on", .text(builtOn)),
                ("standard", .text(choice?.standard.id)), ("standard_title", .text(choice?.standard.title)), ("grade", .text(choice?.grade?.id)),
                ("standard_reasons", .array((choice?.reasons ?? []).map(JSONValue.string))), ("standard_problem", .text(choiceProblem)),
                ("exceedances", .number(Double(judgements.filter { $0.verdict == .exceeds && $0.conclusive }.count))),
                ("judgements", .array(judgements.map(\.json))), ("standards_source", .string(standardsSource)),
            ]))
    }
}

extension SectionReport {
    public var json: JSONValue {
        let a = assessment
        return .object(
            JSONObject([
                ("section", .string(section.name)), ("section_kind", .string(section.kind.rawValue)), ("zone", .text(zone?.name)),
                ("standard", .string(a.standard)), ("water_body", .string(a.waterBody.rawValue)), ("class", .text(a.waterClass?.roman)),
                ("complete", .bool(a.complete)), ("target_class", .text(a.targetClass?.roman)), ("attains", a.attains.map(JSONValue.bool) ?? .null),
                ("attains_label", .string(a.attains.map { $0 ? "达标" : "未达标" } ?? "无法判定")), ("from", .text(from)), ("to", .text(to)),
                ("sample_count", .number(Double(sampleCount))),
                (
                    "items",
                    .array(
                        a.items.map { item in
                            .object(
                                JSONObject([
                                    ("parameter", .string(item.parameter.rawValue)), ("parameter_label", .string(item.parameter.label)),
                                    ("value", .number(item.value.number)),
                                    ("below_detection_limit", .bool(item.value.belowDetectionLimit)),
                                    ("unit", .string(item.parameter.canonicalUnit.rawValue)),
                                    ("sample_count", .number(Double(item.sampleCount))), ("class", .text(item.waterClass?.roman)),
                                    ("limit_display", .text(item.limit?.display)), ("basis", .string("时段均值（\(item.sampleCount) 个样品），单因子评价")),
                                    ("reason", .text(item.reason)),
                                ]))
                        })
                ),
                ("notes", .array(a.notes.map(JSONValue.string))), ("standards_source", .string(standardsSource)),
            ]))
    }
}

extension Standard {
    public var json: JSONValue {
        var classes = JSONObject()
        for c in WaterQualityClass.allCases { if let g = gradeByReceivingClass[c] { classes[c.roman] = .string(g) } }
        return .object(
            JSONObject([
                ("id", .string(id)), ("title", .string(title)), ("role", .string(role.rawValue)), ("judged_on", .string(judgedOn.rawValue)),
                ("judging_clause", .string(judgingClause)), ("grading_clause", .text(gradingClause)), ("confirmed", .bool(isConfirmed)),
                ("industries", .array(industries.map(JSONValue.string))),
                ("grade_by_receiving_class", .object(classes)), ("river_excluded", .array(riverExcluded.map { .string($0.rawValue) })),
                ("note", .text(note)),
                (
                    "grades",
                    .array(
                        grades.map { g in
                            .object(
                                JSONObject([
                                    ("grade", .string(g.id)),
                                    (
                                        "limits",
                                        .array(
                                            g.limits.map { l in
                                                var o = l.json.objectValue ?? JSONObject()
                                                o["parameter"] = .string(l.parameter.rawValue)
                                                o["unit"] = .string(l.parameter.canonicalUnit.rawValue)
                                                return .object(o)
                                            })
                                    ),
                                ]))
                        })
                ),
            ]))
    }
}

extension AbnormalReport {
    public var json: JSONValue {
        .object(
            JSONObject([
                ("count", .number(Double(outfalls.filter(\.isAbnormal).count))),
                (
                    "outfalls",
                    .array(
                        outfalls.map { a in
                            .object(
                                JSONObject([
                                    ("id", a.outfall.id.map { .number(Double($0)) } ?? .null), ("key", .string(a.outfall.key)),
                                    ("name", .string(a.outfall.name)),
                                    ("type", .string(a.outfall.type.rawValue)), ("local_code", .text(a.outfall.localCode)),
                                    ("abnormal", .bool(a.isAbnormal)),
                                    (
                                        "reasons",
                                        .array(
                                            a.reasons.map { r in
                                                .object(
                                                    JSONObject([
                                                        ("id", .string(r.id)), ("kind", .string(r.kind.rawValue)), ("source", .string(r.kind.source)),
                                                        ("label", .string(r.kind.label)),
                                                        ("detail", .string(r.detail)),
                                                        ("day", .text(r.day)), ("basis_confirmed", .bool(r.basisConfirmed)),
                                                        ("review", .string(r.state.rawValue)),
                                                        ("review_note", .text(r.decision?.note)), ("reviewed_by", .text(r.decision?.by)),
                                                        ("reviewed_at", .text(r.decision?.at)),
                                                    ]))
                                            })
                                    ),
                                ]))
                        })
                ),
                ("notes", .array(notes.map(JSONValue.string))),
            ]))
    }
}

extension RainDay {
    public var json: JSONValue {
        .object(JSONObject([("station", .string(station)), ("date", .string(day)), ("mm", .number(millimetres))]))
    }
}

extension Alarm {
    public var json: JSONValue {
        .object(
            JSONObject([
                ("id", .string(flag.id)), ("outfall", .string(outfall.key)), ("outfall_name", .string(outfall.name)),
                ("parameter", .string(flag.parameter.rawValue)),
                ("kind", .string(flag.kind.rawValue)), ("label", .string(flag.kind.label)), ("days", .array(flag.days.map(JSONValue.string))),
                ("detail", .string(flag.detail)), ("decision", .text(decision?.decision.rawValue)), ("note", .text(decision?.note)),
                ("decided_by", .text(decision?.by)), ("decided_at", .text(decision?.at)),
            ]))
    }
}

extension ImpactReport {
    public var json: JSONValue {
        var k = JSONObject()
        for p in LoadModel.parameters { k[p.rawValue] = .number(model.decayPerDay[p] ?? 0) }
        return .object(
            JSONObject([
                ("section", .string(section.name)), ("assumptions", .string(model.assumptions)),
                (
                    "model",
                    .object(JSONObject([("velocity_m_s", .number(model.velocity)), ("decay_per_day", .object(k)), ("confirmed", .bool(false))]))
                ),
                ("search_distance_m", .number(searchDistance)),
                ("measured_class", .text(measured?.assessment.waterClass?.roman)), ("target_class", .text(measured?.assessment.targetClass?.roman)),
                (
                    "parameters",
                    .array(
                        rankings.map { r in
                            .object(
                                JSONObject([
                                    ("parameter", .string(r.parameter.rawValue)), ("parameter_label", .string(r.parameter.label)),
                                    ("total_delivered_kg_d", .number(r.contributions.map(\.delivered).reduce(0, +))),
                                    (
                                        "ranking",
                                        .array(
                                            r.contributions.enumerated().map { i, c in
                                                .object(
                                                    JSONObject([
                                                        ("rank", .number(Double(i + 1))), ("outfall", .string(c.name)),
                                                        ("load_kg_d", .number(c.load)),
                                                        ("distance_m", .number(c.distance, decimals: 1)), ("delivered_kg_d", .number(c.delivered)),
                                                        ("share", .number(c.share)),
                                                    ]))
                                            })
                                    ),
                                ]))
                        })
                ),
                ("missing", .array(missing.map(JSONValue.string))),
            ]))
    }
}
