import JSON
import Supervision

/// Applications as the CLI's `--format json` and the API show them (stable English names,
/// Chinese labels beside), and the public view: the unit, never a person.
extension Application {
    /// The whole case, for staff. `today` decides the overdue flag.
    public func json(calendar: WorkingCalendar, today: String) -> JSONValue {
        var o = JSONObject([
            ("id", id.map { .number(Double($0)) } ?? .null),
            ("kind", .string(kind.rawValue)), ("kind_label", .string(kind.label)),
            ("track", .string(track.rawValue)), ("track_label", .string(track.label)),
            ("state", .string(state.rawValue)), ("state_label", .string(state.label)),
            ("applicant", applicant.json),
            ("outfall_name", .string(outfallName)), ("type", .string(outfallType)), ("type_label", .string(outfallTypeLabel)),
            ("lon", .number(lon)), ("lat", .number(lat)),
            ("given", .object(JSONObject([("x", .number(origin.x)), ("y", .number(origin.y)), ("crs", .string(origin.crs))]))),
            ("capacity_m3d", capacityM3PerDay.map(JSONValue.number) ?? .null),
            ("receiving_water", Self.optional(receivingWater)),
            ("verdict", currentCheck.map { .string($0.verdict.rawValue) } ?? .null),
            ("verdict_label", currentCheck.map { .string($0.verdict.label) } ?? .null),
            ("consultations", .array(consultationsNeeded.map { .string($0.rawValue) })),
            ("consultations_missing", .array(missingConsultations.map { .string($0.rawValue) })),
            ("consultation_records", .array(consultations.map(\.json))),
            ("checks", .array(checks.map(\.json))),
            ("documents", .array(documents.map { d in
                .object(JSONObject([
                    ("kind", .string(d.kind.rawValue)), ("kind_label", .string(d.kind.label)), ("sha256", .string(d.sha256)),
                    ("file", .string(d.fileName)), ("added_on", .string(d.addedOn)),
                ]))
            })),
            ("decision", decision.map(\.json) ?? .null),
            ("registration", registration.map(\.json) ?? .null),
            ("publication", publication.map(\.json) ?? .null),
            ("withdrawal", withdrawal.map(\.json) ?? .null),
            ("filed_on", .string(filedOn)), ("filed_by", .string(filedBy)),
            ("deadline", deadline(calendar).map(JSONValue.string) ?? .null),
            ("decision_period_working_days", .number(Double(calendar.decisionPeriodDays))),
            ("decision_period_confirmed", .bool(false)),
            ("overdue", .bool(isOverdue(on: today, calendar: calendar))),
            ("outfall_id", outfallID.map { .number(Double($0)) } ?? .null),
        ])
        o["schematic_data"] = .bool(checks.contains(where: \.usesSchematicData))
        return .object(o)
    }

    /// What the public site shows of a published case: the applicant unit (an organisation),
    /// the type, place, receiving water, the decision or registration and its date. No staff
    /// names, no opinions' authors, no documents.
    public var publicJSON: JSONValue {
        .object(JSONObject([
            ("id", id.map { .number(Double($0)) } ?? .null),
            ("kind", .string(kind.rawValue)), ("kind_label", .string(kind.label)),
            ("track", .string(track.rawValue)), ("track_label", .string(track.label)),
            ("applicant", .string(publicApplicant)), ("applicant_credit_code", Self.optional(applicant.creditCode)),
            ("outfall_name", .string(outfallName)), ("type", .string(outfallType)), ("type_label", .string(outfallTypeLabel)),
            ("lon", .number(lon)), ("lat", .number(lat)),
            ("receiving_water", Self.optional(receivingWater)),
            ("capacity_m3d", capacityM3PerDay.map(JSONValue.number) ?? .null),
            ("result", .string(publicResult)),
            ("decided_on", Self.optional(decision?.decidedOn ?? registration?.on)),
            ("reasons", Self.optional(decision?.reasons)),
            ("published_on", Self.optional(publication?.on)),
            ("outfall_id", outfallID.map { .number(Double($0)) } ?? .null),
        ]))
    }

    /// The applicant as the public sees it: an organisation — one with a 统一社会信用代码 or a
    /// registered unit — by its name; anyone else (possibly a person) is not named.
    public var publicApplicant: String {
        applicant.creditCode != nil || applicant.unitID != nil ? applicant.name : "（未提供统一社会信用代码的申请人，名称不公开）"
    }

    /// 同意 / 不予同意 / 已登记.
    public var publicResult: String {
        if let decision { return decision.outcome.label }
        if registration != nil { return "已登记" }
        return state.label
    }

    static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
}

extension Applicant {
    var json: JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("credit_code", Application.optional(creditCode)), ("unit_id", unitID.map { .number(Double($0)) } ?? .null),
        ]))
    }
}

extension Consultation {
    var json: JSONValue {
        .object(JSONObject([
            ("authority", .string(authority.rawValue)), ("authority_label", .string(authority.label)), ("opinion", .string(opinion)),
            ("on", .string(on)), ("by", .string(by)),
        ]))
    }
}

extension ApplicationDecision {
    var json: JSONValue {
        .object(JSONObject([
            ("outcome", .string(outcome.rawValue)), ("outcome_label", .string(outcome.label)), ("reasons", .string(reasons)),
            ("decided_by", .string(decidedBy)), ("decided_on", .string(decidedOn)),
        ]))
    }
}

extension ApplicationStep {
    var json: JSONValue {
        .object(JSONObject([("by", .string(by)), ("on", .string(on)), ("note", Application.optional(note))]))
    }
}

extension FrozenCheck {
    public var json: JSONValue {
        .object(JSONObject([
            ("checked_at", .string(checkedAt)), ("checked_by", .string(checkedBy)),
            ("verdict", .string(verdict.rawValue)), ("verdict_label", .string(verdict.label)),
            ("rules_version", .string(rulesVersion)), ("rules_title", .string(rulesTitle)), ("layer_versions", .string(layerVersions)),
            ("township", Application.optional(township)), ("snapped_river", Application.optional(snappedRiver)),
            ("snap_distance_m", snapDistanceM.map(JSONValue.number) ?? .null), ("schematic_data", .bool(usesSchematicData)),
            ("consultations", .array(consultationsNeeded.map { .string($0.rawValue) })),
            ("findings", .array(findings.map { f in
                .object(JSONObject([
                    ("rule", .string(f.rule)), ("title", .string(f.title)), ("severity", .string(f.severity.rawValue)),
                    ("severity_label", .string(f.severity.label)), ("basis", .string(f.basis)), ("basis_confirmed", .bool(f.basisConfirmed)),
                    ("feature", .string(f.feature)), ("distance_m", .number(f.distanceM)), ("authority", Application.optional(f.authority)),
                    ("action", Application.optional(f.action)), ("note", Application.optional(f.note)),
                    ("consultation", f.consultation.map { .string($0.rawValue) } ?? .null), ("blocks_new_outfalls", .bool(f.blocksNewOutfalls)),
                ]))
            })),
        ]))
    }
}
