import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision

extension Dossier {
    /// The dossier as `outfalls dossier --format json` and the API give it.
    public var json: JSONValue {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func n(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        func ids(_ v: [Int64]) -> JSONValue { .array(v.map { .number(Double($0)) }) }
        let o = outfall
        let identity = JSONObject([
            ("id", .number(Double(o.id ?? 0))), ("key", .string(o.key)), ("name", .string(o.name)),
            ("national_code", s(o.nationalCode)), ("local_code", s(o.localCode)), ("temporary_number", s(file?.temporaryNumber)),
            ("type", .string(o.type.rawValue)), ("type_label", .string(o.type.label)),
            ("status", s(o.status?.rawValue)), ("status_label", s(o.status?.label)),
            ("township", s(derived?.township)), ("river", s(snap?.river)), ("reach", s(snap?.reachCode ?? snap?.reachKey)),
            ("bank", s(snap?.bank)), ("bank_label", s(snap.map(\.bankLabel))), ("snap_status", s(snap?.status)),
            ("lon", .number(o.location.lon)), ("lat", .number(o.location.lat)),
        ])
        let lifecycle: JSONValue = file.map { f in
            .object(JSONObject([
                ("lifecycle", .string(f.lifecycle.rawValue)), ("lifecycle_label", .string(f.lifecycle.label)),
                ("national_platform", .string(f.nationalPlatform.rawValue)), ("national_platform_label", .string(f.nationalPlatform.label)),
                ("suspect_id", f.suspectID.map { .number(Double($0)) } ?? .null), ("merged_ids", ids(f.mergedIDs)),
                ("merged_into", f.mergedInto.map { .number(Double($0)) } ?? .null), ("note", s(f.note)),
            ]))
        } ?? .null
        let sitingJSON: JSONValue = siting.map { si in
            .object(JSONObject([
                ("verdict", .string(si.verdict.rawValue)), ("verdict_label", .string(si.verdict.label)),
                ("rules_title", .string(si.rulesTitle)), ("rules_version", .string(si.rulesVersion)),
                ("findings", .array(si.findings.map(\.json))),
            ]))
        } ?? .null
        let surveysJSON = surveys.map { r in
            JSONValue.object(JSONObject([
                ("id", .number(Double(r.id ?? 0))), ("record_number", .string(r.recordNumber)), ("surveyed_on", .string(r.surveyedOn)),
                ("level", .number(Double(r.level))), ("review", .string(r.review.rawValue)), ("review_label", .string(r.review.label)),
                ("review_note", s(r.reviewNote)), ("township", s(r.township)), ("village", s(r.village)),
                ("receiving_water", s(r.receivingWater)), ("discharge_way", s(r.dischargeWay)), ("discharging", r.discharging.map(JSONValue.bool) ?? .null),
                ("appearance", s(r.appearance)), ("problems", .array(r.problems.map(JSONValue.string))),
                ("team_leader", s(r.teamLeader)),
                ("photos", .array(r.photos.map { p in
                    .object(JSONObject([("caption", .string(p.caption)), ("sha256", .string(p.sha256)), ("file_name", .string(p.fileName))]))
                })),
                ("flags", .array(r.flags.map(JSONValue.string))),
            ]))
        }
        let tracesJSON = traces.map { t in
            JSONValue.object(JSONObject([
                ("id", .number(Double(t.id ?? 0))), ("traced_on", .string(t.tracedOn)), ("method", .string(t.method.rawValue)),
                ("method_label", .string(t.method.label)), ("technique", s(t.technique)), ("unit_ids", ids(t.unitIDs)),
                ("main_unit_id", t.mainUnitID.map { .number(Double($0)) } ?? .null), ("mixed", .bool(t.mixed)),
                ("problems", .array(t.problems.map(JSONValue.string))), ("path_nodes", .array(t.pathNodes.map(JSONValue.string))),
                ("result", .string(t.result.rawValue)), ("result_label", .string(t.result.label)), ("sewage_found", .bool(t.sewageFound)),
                ("note", s(t.note)),
            ]))
        }
        let channelsJSON = channels.map { c in
            JSONValue.object(JSONObject([
                ("id", .number(Double(c.id ?? 0))), ("name", .string(c.name)), ("kind", .string(c.kind.rawValue)),
                ("kind_label", .string(c.kind.label)), ("unit_id", c.unitID.map { .number(Double($0)) } ?? .null),
                ("flags", .array(c.flags.map(JSONValue.string))),
            ]))
        }
        let unitsJSON = units.map { u in
            JSONValue.object(JSONObject([
                ("id", .number(Double(u.id ?? 0))), ("name", .string(u.name)), ("credit_code", s(u.creditCode)),
                ("permit_number", s(u.permitNumber)), ("industry", s(u.industry)), ("address", s(u.address)),
            ]))
        }
        let responsibleJSON = JSONObject([
            ("kind", .string(responsible.kind.rawValue)), ("party", s(responsible.party)), ("unit_ids", ids(responsible.unitIDs)),
            ("reason", .string(responsible.reason)), ("basis", .string(responsible.basis)),
            ("entered", s(enteredResponsible)), ("entered_disagrees", .bool(responsibleDisagrees)),
        ])
        return .object(JSONObject([
            ("generated_at", .string(generatedAt)), ("generated_at_china", .string(ChinaTime.display(generatedAt))),
            ("schematic", .bool(isSchematic)), ("schematic_layers", .array(schematicLayers.map(JSONValue.string))),
            ("identity", .object(identity)), ("lifecycle", lifecycle), ("siting", sitingJSON),
            ("derived", derived?.json ?? .null), ("surveys", .array(surveysJSON)), ("traces", .array(tracesJSON)),
            ("channels", .array(channelsJSON)), ("units", .array(unitsJSON)), ("responsible", .object(responsibleJSON)),
            ("history", .array(history.map(HistoryJSON.event))),
        ]))
    }
}
