import JSON
import Supervision

/// History events as the CLI and the API give them (`outfalls history --format json`).
public enum HistoryJSON {
    public static func event(_ e: HistoryEvent) -> JSONValue {
        .object(JSONObject([
            ("id", e.id.map { .number(Double($0)) } ?? .null),
            ("entity", .string(e.entity.description)),
            ("entity_label", .string(e.entity.kind.label)),
            ("at", .string(e.at)),
            ("at_china", .string(ChinaTime.display(e.at))),
            ("recorded_at", .string(e.recordedAt)),
            ("actor", .string(e.actor)),
            ("action", .string(e.action)),
            ("changes", .array(e.changes.map(change))),
            ("reason", e.reason.map(JSONValue.string) ?? .null),
            ("related", .array(e.related.map { .string($0.description) })),
        ]))
    }

    public static func change(_ c: FieldChange) -> JSONValue {
        .object(JSONObject([("field", .string(c.field)), ("before", c.before ?? .null), ("after", c.after ?? .null)]))
    }

    public static func state(_ s: OutfallStateAsOf) -> JSONValue {
        .object(JSONObject([
            ("outfall_id", .number(Double(s.outfallID))), ("as_of", .string(s.asOf)),
            ("file", s.file.map(JSONValue.object) ?? .null), ("feature", s.feature.map(JSONValue.object) ?? .null),
        ]))
    }

    /// One line per change, for text output: `排查状态 lifecycle：已核实 → 存量`.
    public static func describe(_ c: FieldChange) -> String {
        func text(_ v: JSONValue?) -> String {
            guard let v else { return "（无）" }
            if let s = v.stringValue { return valueLabel(field: c.field, s) }
            return JSONWriter.compact(v)
        }
        let label = fieldLabels[c.field].map { "\($0) " } ?? ""
        return "\(label)\(c.field)：\(text(c.before)) → \(text(c.after))"
    }

    /// Chinese names of the fields people most often see change.
    static let fieldLabels: [String: String] = [
        "lifecycle": "排查状态", "temporaryNumber": "临时编号", "nationalPlatform": "纳入国家平台", "enteredResponsible": "登记的责任主体",
        "note": "备注", "surveyIDs": "排查记录", "mergedIDs": "合并的排口", "mergedInto": "并入", "suspectID": "疑似点",
        "review": "审核", "reviewNote": "审核意见", "township": "乡镇", "receivingWater": "受纳水体", "name": "名称", "status": "运行状态",
        "type": "类型", "responsible": "责任主体", "national_code": "国家编码", "local_code": "本地编码", "unitIDs": "排污单位",
        "mainUnitID": "主要排污单位", "result": "溯源结果", "method": "溯源方式", "tracedOn": "溯源日期", "problems": "问题类型",
    ]

    /// Coded values as their Chinese labels where the field's vocabulary is known.
    static func valueLabel(field: String, _ value: String) -> String {
        let label: String? = switch field {
        case "lifecycle": OutfallLifecycle(rawValue: value)?.label
        case "nationalPlatform": NationalPlatform(rawValue: value)?.label
        case "review": ReviewState(rawValue: value)?.label
        case "result": TraceResult(rawValue: value)?.label
        case "method": TraceMethod(rawValue: value)?.label
        default: nil
        }
        return label ?? value
    }
}
