import Foundation
import GeoKit
import Hummingbird
import HTTPTypes
import JSON
import LayerFormats
import Mustache
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Siting

/// The outfall list, an outfall's detail page with its status edit, and the flagged list (依法查处一批).
extension Pages {
    /// 登记排污口: search by name or code, filters, sorting, pages, and the filtered list's
    /// export (all pages) as CSV, XLSX or GeoJSON.
    func outfalls(_ request: Request) async throws -> Response {
        let query = Query(request)
        let filter = try JSONAPI.filter(query)
        let list = try OutfallListQuery(query)
        let (listings, all) = try await service.run { registry in (try registry.outfalls(matching: filter), try registry.outfalls()) }
        var (context, _) = try await common(request, title: "排污口")
        func options(_ values: [String], selected: String?) -> [[String: Any]] {
            values.map { ["value": $0, "selected": $0 == selected] }
        }
        context["rivers"] = options(Array(Set(all.compactMap { $0.snap?.river })).sorted(), selected: query["river"])
        context["townships"] = options(Array(Set(all.compactMap(\.township))).sorted(), selected: query["township"])
        context["types"] = OutfallType.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == query["type"]] }
        context["verdicts"] = Severity.allCases.reversed().map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == query["verdict"]] }
        context["statuses"] = OutfallStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == query["status"]] }
        context["q"] = list.search ?? ""
        context["sorts"] = OutfallListQuery.SortKey.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == list.sort] }
        context["desc"] = list.descending
        context["pageSizes"] = OutfallListQuery.pageSizes.map { ["value": $0, "selected": $0 == list.pageSize] }
        let sorted = list.apply(listings)
        let pageCount = list.pageCount(of: sorted.count)
        let shown = list.pageOf(sorted)
        context["count"] = sorted.count
        context["page"] = min(list.page, pageCount)
        context["pages"] = pageCount
        context["from"] = shown.isEmpty ? 0 : (list.page - 1) * list.pageSize + 1
        context["to"] = (list.page - 1) * list.pageSize + shown.count
        // Links keep every filter and change one thing.
        let kept = query.names.filter { !["page"].contains($0) }.flatMap { name in query.all(name).map { (name, $0) } }
        func link(_ changes: [(String, String)]) -> String {
            let names = Set(changes.map(\.0))
            let pairs = kept.filter { !names.contains($0.0) } + changes
            return "?" + pairs.map { "\(percent($0.0))=\(percent($0.1))" }.joined(separator: "&")
        }
        if list.page > 1 { context["prev"] = link([("page", String(list.page - 1))]) }
        if list.page < pageCount { context["next"] = link([("page", String(list.page + 1))]) }
        let exportQuery = link([])
        context["exports"] = ["csv", "xlsx", "geojson"].map { ["href": "/outfalls.\($0)" + exportQuery, "label": $0.uppercased()] }
        context["headers"] = OutfallListQuery.SortKey.allCases.map { key -> [String: Any] in
            let active = key == list.sort
            let order = active && !list.descending ? "desc" : "asc"
            return ["label": key.label, "href": link([("sort", key.rawValue), ("order", order)]), "mark": active ? (list.descending ? "▼" : "▲") : ""]
        }
        context["rows"] = shown.map { l -> [String: Any] in
            [
                "id": l.outfall.id ?? 0, "code": l.outfall.localCode ?? "—", "name": l.outfall.name, "type": l.outfall.type.label,
                "status": l.outfall.status?.label ?? "未填", "township": l.township ?? "—",
                "river": l.snap?.river ?? "—", "bank": l.snap?.bankLabel ?? "—",
                "verdict": l.verdict?.rawValue ?? "unscreened", "verdictLabel": l.verdict?.label ?? "未核查",
            ]
        }
        return render("outfalls", context)
    }

    func outfall(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text) else { throw ClientError.notFound("没有排污口 \(text) (no such outfall)") }
        let detail = try await service.run { registry in try registry.outfallDetail(id: id) }
        guard let detail else { throw ClientError.notFound("没有排污口 \(id) (no such outfall)") }
        var (context, session) = try await common(request, title: detail.listing.outfall.name)
        let role = session?.user.role ?? .public
        let o = detail.listing.outfall
        context["id"] = id
        context["name"] = o.name
        context["verdict"] = detail.listing.verdict?.rawValue ?? "unscreened"
        context["verdictLabel"] = detail.listing.verdict?.label ?? "未核查"
        let allowed = Disclosure.publicFields(.outfalls)
        var attributes: [[String: Any]] = []
        // `type_label` repeats `type`, which is shown by its label.
        for member in o.allProperties where member.key != "type_label" && (role > .public || allowed.contains(member.key)) {
            attributes.append(["label": FieldCatalog.label(member.key), "value": PageText.value(member.key, member.value)])
        }
        attributes.append(["label": "所属乡镇", "value": detail.listing.township ?? "—"])
        attributes.append(["label": "经纬度", "value": "\(JSONWriter.format(number: o.location.lon, decimals: 7)), \(JSONWriter.format(number: o.location.lat, decimals: 7))"])
        context["attributes"] = attributes
        if let snap = detail.listing.snap, let river = snap.river {
            context["receiving"] = "河流：\(river)　河段：\(snap.reachCode ?? snap.reachKey ?? "")　里程：\(snap.measure.map(CheckReportText.metres) ?? "—")　岸别：\(snap.bankLabel)"
        } else {
            context["receiving"] = "未能吸附到河网，需人工确认受纳水体。"
        }
        context["findings"] = detail.findings.map(findingContext)
        context["canEdit"] = role >= .planner
        context["statuses"] = OutfallStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == o.status] }
        context["showHistory"] = role > .public
        context["history"] = detail.history.reversed().map { e -> [String: Any] in
            ["at": PageText.time(e.at), "actor": e.actor, "action": Self.actionLabel(e.action), "note": e.note ?? ""]
        }
        context["map"] = try await map(focus: o.location, publicOnly: role == .public)
        return render("outfall", context)
    }

    static func actionLabel(_ action: String) -> String {
        switch action {
        case "insert": "新增"
        case "update": "修改"
        case "pin": "指定河段"
        default: action
        }
    }

    func setStatus(_ request: Request, id text: String) async throws -> Response {
        let session = try await sessions.current(request)
        try require(.planner, session)
        let form = try await form(request, session: session)
        guard let id = Int64(text), let status = form["status"].flatMap(OutfallStatus.init(parsing:)) else {
            throw ClientError.badRequest("状态无法识别 (unknown status)")
        }
        let actor = session?.user.username ?? "?"
        let note = form["note"]
        try await service.run { registry in try registry.setStatus(outfall: id, to: status, note: note, actor: actor) }
        return Responses.redirect(to: "/outfalls/\(id)")
    }

    func flagged(_ request: Request) async throws -> Response {
        let rows = try await service.run { registry in try registry.storedRules() == nil ? [] : try registry.screening() }
        var (context, _) = try await common(request, title: "依法查处一批")
        var totals: [[String: Any]] = []
        var groups: [[String: Any]] = []
        for severity in Severity.allCases.reversed() {
            let matching = rows.filter { $0.verdict == severity }
            totals.append(["label": severity.label, "count": matching.count])
            guard severity > .clear, !matching.isEmpty else { continue }
            groups.append([
                "verdict": severity.rawValue, "label": severity.label, "count": matching.count,
                "rows": try matching.map { row -> [String: Any] in
                    let findings = try row.findingList()
                    var bases: [String] = []
                    for f in findings where !bases.contains(f.rule.basis) { bases.append(f.rule.basis) }
                    return [
                        "id": row.outfall.id ?? 0, "name": row.outfall.name, "type": row.outfall.type.label, "river": row.snap?.river ?? "—",
                        "township": row.township ?? "—", "status": row.outfall.status?.label ?? "未填",
                        "rules": Self.ruleTitles(findings).joined(separator: "；"), "ruleIDs": row.ruleIDs.joined(separator: "、"),
                        "basis": bases.joined(separator: "；"),
                    ]
                },
            ])
        }
        context["totals"] = totals
        context["groups"] = groups
        return render("flagged", context)
    }

    /// Each rule once, by its Chinese title, in the order found.
    static func ruleTitles(_ findings: [Finding]) -> [String] {
        var titles: [String] = []
        for f in findings where !titles.contains(f.rule.title) { titles.append(f.rule.title) }
        return titles
    }
}
