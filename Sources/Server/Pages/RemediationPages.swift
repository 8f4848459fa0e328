import Foundation
import Hummingbird
import JSON
import Registry
import RegistryStore
import Supervision
import Workflows

/// 整治进度 in the browser and the API: progress against the targets as of any date by river,
/// township and department (bars drawn as SVG), overdue and due-soon cases; the same as JSON
/// under `/api/progress` and `/api/cases`. Internal: needs the `read` permission; a
/// department's or township's account sees its own cases and figures only.
struct RemediationPages: Sendable {
    let pages: Pages
    let service: RegistryService

    func register(on router: Router<OutfallRequestContext>) {
        let remediation = self
        router.get("/progress") { request, _ in try await remediation.dashboard(request) }
        router.get("/api/progress") { request, _ in try await remediation.progressJSON(request) }
        router.get("/api/cases") { request, _ in try await remediation.casesJSON(request) }
        CasePages(pages: pages, service: service).register(on: router)
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    /// The as-of date asked for (`YYYY-MM-DD`), or today in China; anything else is a 400.
    static func asOf(_ request: Request) throws(ClientError) -> String {
        guard let given = Query(request)["as_of"], !given.isEmpty else { return ChinaTime.date(ChinaTime.utcString(Date())) ?? "" }
        guard given.count == 10, ChinaTime.startOfDayUTC(given) != nil else {
            throw ClientError.badRequest("as_of 应为日期 YYYY-MM-DD，收到“\(given.prefix(40))” (bad date)")
        }
        return given
    }

    func dashboard(_ request: Request) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "整治进度")
        let acting = Acting(try Access.require(.read, session).user)
        let date = try Self.asOf(request)
        let soon = ChinaTime.parseInput(date).flatMap { ChinaTime.parse($0) }.map { ChinaTime.date(ChinaTime.utcString($0.addingTimeInterval(30 * 86_400))) ?? date } ?? date
        let data = try await reading { ledger in
            (
                county: try ledger.progress(asOf: date, visibleTo: acting).first,
                groups: try ["river", "township", "department"].map { (key: String) in (key, try ledger.progress(asOf: date, by: key, visibleTo: acting)) },
                cases: try ledger.cases(visibleTo: acting),
                names: try ledger.registry.outfallNames())
        }
        context["asOf"] = date
        context["scope"] = acting.isCountyWide ? "" : acting.scopeLabel
        if let county = data.county {
            context["county"] = Self.row(county, label: acting.isCountyWide ? "全县" : acting.scopeLabel)
        }
        let titles = ["river": "按河流", "township": "按乡镇", "department": "按牵头部门"]
        context["groups"] = data.groups.map { (entry: (String, [ProgressFigure])) -> [String: Any] in
            let title: String = titles[entry.0] ?? entry.0
            return ["title": title, "rows": entry.1.map { Self.row($0, label: $0.group ?? "—") }]
        }
        func caseRow(_ c: RemediationCase) -> [String: Any] {
            ["id": c.id ?? 0, "outfall": data.names[c.outfallID] ?? String(c.outfallID), "outfallID": c.outfallID, "state": c.state.label,
             "department": c.department, "township": c.township ?? "", "deadline": c.deadline, "transition": c.transitionUntil ?? ""]
        }
        context["cases"] = data.cases.map(caseRow)
        context["overdue"] = data.cases.filter { $0.isOverdue(on: date) }.map(caseRow)
        context["dueSoon"] = data.cases.filter { c in !c.isOverdue(on: date) && !c.state.isClosedOut && c.state != .countyClosed && c.deadline >= date && c.deadline <= soon }.map(caseRow)
        context["states"] = CaseState.allCases.map { s in ["label": s.label, "count": data.cases.filter { $0.state == s }.count] }
        return pages.render("progress", context)
    }

    /// One figure as the template shows it, with its bar: the done share filled, the prorated
    /// expectation as a mark and the year-end target as a dashed line.
    static func row(_ f: ProgressFigure, label: String) -> [String: Any] {
        func clamp(_ v: Double) -> Double { min(100, max(0, v)) }
        let done = clamp(f.percent)
        var svg = ##"<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="\##(String(format: "%.1f", done))%">"##
        svg += ##"<rect x="0" y="0" width="100" height="10" fill="#eee"/>"##
        svg += ##"<rect x="0" y="0" width="\##(String(format: "%.2f", done))" height="10" fill="\##(f.onTrack == false ? "#f07c1a" : "#1a9641")"/>"##
        if let expected = f.expectedPercent {
            svg += ##"<rect x="\##(String(format: "%.2f", clamp(expected) - 0.4))" y="0" width="0.8" height="10" fill="#333"/>"##
        }
        if let target = f.targetPercent {
            svg += ##"<line x1="\##(String(format: "%.2f", clamp(target)))" y1="0" x2="\##(String(format: "%.2f", clamp(target)))" y2="10" stroke="#d7191c" stroke-width="0.6" stroke-dasharray="1,1"/>"##
        }
        svg += "</svg>"
        return [
            "label": label, "abnormal": f.abnormal, "closed": f.closed, "percent": String(format: "%.1f%%", f.percent),
            "target": f.targetPercent.map { String(format: "%.0f%%", $0) } ?? "—", "expected": f.expectedPercent.map { String(format: "%.1f%%", $0) } ?? "—",
            "status": f.onTrack.map { $0 ? "正常" : "滞后" } ?? "—", "behind": f.onTrack == false, "bar": svg,
        ]
    }

    func progressJSON(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        let acting = Acting(try Access.require(.read, session).user)
        let date = try Self.asOf(request)
        let by = Query(request)["by"].flatMap { $0.isEmpty ? nil : $0 }
        if let by, !["river", "township", "department", "class", "type"].contains(by) {
            throw ClientError.badRequest("by 应为 river、township、department、class 或 type (unknown grouping)")
        }
        let figures = try await reading { ledger in try ledger.progress(asOf: date, by: by, visibleTo: acting) }
        return Responses.json(.object(JSONObject([
            ("as_of", .string(date)), ("by", by.map(JSONValue.string) ?? .null), ("scope", .string(acting.scopeLabel)),
            ("groups", .array(figures.map(\.json))),
        ])))
    }

    func casesJSON(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        let acting = Acting(try Access.require(.read, session).user)
        let date = try Self.asOf(request)
        let cases = try await reading { ledger in try ledger.cases(visibleTo: acting) }
        return Responses.json(.array(cases.map { c in
            guard case .object(var o) = c.json else { return c.json }
            o["overdue"] = .bool(c.isOverdue(on: date))
            return .object(o)
        }))
    }
}
