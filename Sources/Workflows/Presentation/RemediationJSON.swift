import JSON
import Supervision

/// Remediation as the CLI's `--format json` and the API show it: states by their stable
/// English names with the Chinese labels beside them.
extension RemediationCase {
    public var json: JSONValue {
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            ("id", id.map { .number(Double($0)) } ?? .null),
            ("outfall_id", .number(Double(outfallID))),
            ("class", .string(remediationClass.rawValue)), ("class_label", .string(remediationClass.label)),
            ("state", .string(state.rawValue)), ("state_label", .string(state.label)),
            ("measures", .array(measures.map(JSONValue.string))),
            ("department", .string(department)), ("township", optional(township)),
            ("deadline", .string(deadline)), ("transition_until", optional(transitionUntil)), ("transition_reason", optional(transitionReason)),
            ("public_unit_or_estate", .bool(publicUnitOrEstate)), ("historical", .bool(historical)),
            ("affects_flood_safety", .bool(affectsFloodSafety)), ("exceeded_limit", .bool(exceededLimit)),
            ("evidence", .array(evidence.map { e in
                .object(JSONObject([
                    ("kind", .string(e.kind.rawValue)), ("kind_label", .string(e.kind.label)), ("sha256", .string(e.sha256)),
                    ("file", .string(e.fileName)), ("added_on", .string(e.addedOn)),
                ]))
            })),
            ("verification", verification.map { v in
                .object(JSONObject([
                    ("checked_by", .string(v.checkedBy)), ("checked_on", .string(v.checkedOn)), ("on_site", .bool(v.onSite)), ("note", optional(v.note)),
                ]))
            } ?? .null),
            ("compliant_sample_on", optional(compliantSampleOn)), ("return_reason", optional(returnReason)),
        ]))
    }
}

extension ProgressFigure {
    public var json: JSONValue {
        .object(JSONObject([
            ("group", group.map(JSONValue.string) ?? .null), ("abnormal", .number(Double(abnormal))), ("closed", .number(Double(closed))),
            ("percent", .number((percent * 10).rounded() / 10)),
            ("target_percent", targetPercent.map(JSONValue.number) ?? .null),
            ("expected_percent", expectedPercent.map { .number(($0 * 10).rounded() / 10) } ?? .null),
            ("on_track", onTrack.map(JSONValue.bool) ?? .null),
        ]))
    }
}

extension AbnormalReason {
    public var json: JSONValue {
        .object(JSONObject([
            ("id", id.map { .number(Double($0)) } ?? .null), ("outfall_id", .number(Double(outfallID))),
            ("source", .string(source.rawValue)), ("source_label", .string(source.label)), ("reason", .string(reason)),
            ("state", .string(state.rawValue)), ("state_label", .string(state.label)), ("note", note.map(JSONValue.string) ?? .null),
        ]))
    }
}

extension RemediationClass {
    /// English names, the Chinese labels, and the national wording 依法取缔.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let c = RemediationClass(rawValue: t.lowercased()) { self = c; return }
        if t == "依法取缔" { self = .prosecute; return }
        guard let c = RemediationClass.allCases.first(where: { $0.label == t }) else { return nil }
        self = c
    }
}

extension CaseState {
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let s = CaseState(rawValue: t.lowercased()) { self = s; return }
        guard let s = CaseState.allCases.first(where: { $0.label == t }) else { return nil }
        self = s
    }
}
