import JSON
import OutfallModel
import Supervision

/// Draws and results as JSON: the full internal view (`inspection show`, `/api/inspections`)
/// and the public one (`/public/api/inspections`): seed, both registers, weights, what was
/// drawn, dates and findings — no internal notes, no photos, no conflict details beyond what
/// recomputing the draw needs, and inspectors' account names only when the setting says so.
extension InspectionDraw {
    public func json(results: [InspectionResult]) throws(LedgerError) -> JSONValue {
        var object = try document()
        object["id"] = .number(Double(id ?? 0))
        object["state_label"] = .string(state.label)
        object["results"] = .array(try results.map { r throws(LedgerError) in
            var o = try r.document()
            o["id"] = .number(Double(r.id ?? 0))
            return .object(o)
        })
        return .object(object)
    }

    public func publicJSON(results: [InspectionResult], publishInspectorNames names: Bool) -> JSONValue {
        func n(_ v: Int64) -> JSONValue { .number(Double(v)) }
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        let objectsJSON: [JSONValue] = objects.map { o in
            .object(JSONObject([
                ("outfall_id", n(o.outfallID)), ("code", .string(o.code)), ("name", .string(o.name)), ("type", .string(o.type)),
                ("type_label", .string(OutfallType(rawValue: o.type)?.label ?? o.type)), ("township", .string(o.township)),
                ("unit", s(o.unit)), ("factors", .array(o.factors.map(JSONValue.string))), ("weight", .number(o.weight)),
            ]))
        }
        let inspectorsJSON: JSONValue =
            names
            ? .array(inspectors.map { i in
                .object(JSONObject([("username", .string(i.username)), ("township", .string(i.township)), ("department", s(i.department))]))
            }) : .null
        let exclusionsJSON: JSONValue =
            names
            ? .array(exclusions.map { e in
                .object(JSONObject([("outfall_id", n(e.outfallID)), ("username", .string(e.username)), ("reason", .string(e.reason.rawValue))]))
            }) : .null
        let picksJSON: [JSONValue] = picks.map { p in
            let o = objects.first { $0.outfallID == p.outfallID }
            let found = results.filter { $0.outfallID == p.outfallID }
            return .object(JSONObject([
                ("rank", .number(Double(p.rank))), ("outfall_id", n(p.outfallID)), ("code", s(o?.code)), ("name", s(o?.name)),
                ("township", s(o?.township)), ("unit", s(o?.unit)), ("hash", .string(p.hash)), ("key", .number(p.key)),
                ("inspectors", names ? .array(p.inspectors.map(JSONValue.string)) : .number(Double(p.inspectors.count))),
                ("results", .array(found.map { r in
                    .object(JSONObject([
                        ("date", .string(r.date)), ("finding", .string(r.finding)), ("problem", .bool(r.problem)),
                        ("inspector", names ? .string(r.inspector) : .null),
                    ]))
                })),
            ]))
        }
        var weights: [(String, JSONValue)] = []
        for key in parameters.weights.keys.sorted() { weights.append((key, .number(parameters.weights[key] ?? 1))) }
        return .object(JSONObject([
            ("id", n(id ?? 0)), ("title", .string(title)), ("state", .string(state.rawValue)), ("state_label", .string(state.label)),
            ("drawn_at", .string(drawnAt)), ("published_at", s(publishedAt)), ("scheme", .string(scheme)), ("seed", .string(seed)),
            ("objects_requested", parameters.objectCount.map { .number(Double($0)) } ?? .string("\(parameters.objectPercent ?? 0)%")),
            ("inspectors_per_object", .number(Double(parameters.inspectorsPerObject))),
            ("types", .array(parameters.types.map(JSONValue.string))), ("statuses", .array(parameters.statuses.map(JSONValue.string))),
            ("weights", .object(JSONObject(weights))), ("objects", .array(objectsJSON)), ("inspectors", inspectorsJSON),
            ("exclusions", exclusionsJSON), ("picks", .array(picksJSON)),
        ]))
    }
}
