import Foundation
import Hummingbird
import JSON
import Registry
import Supervision
import Workflows

/// The public site (信息公开), in Chinese, no sign-in, everything under `/public/`: the home
/// page with the published statistics, the map (Leaflet, from `/public/api/outfalls`), the
/// outfall list with search, one page per outfall (the signboard QR's target) and the
/// statistics. Every view renders ``PublicOutfall`` and nothing else, so a field the county's
/// publication setting excludes never reaches a visitor. Tips are ``TipPages``.
///
/// - `GET /public`, `/public/map`, `/public/outfalls?q=`, `/public/outfalls/{id}`, `/public/stats`
/// - `GET /public/api/outfalls` (GeoJSON), `/public/api/outfalls/{id}`, `/public/api/stats`
struct PublicPages: Sendable {
    let pages: Pages
    let service: RegistryService

    func register(on router: Router<OutfallRequestContext>) {
        let site = self
        router.get("/public") { request, _ in try await site.home(request) }
        router.get("/public/map") { request, _ in try await site.map(request) }
        router.get("/public/outfalls") { request, _ in try await site.list(request) }
        router.get("/public/outfalls/:id") { request, context in try await site.outfall(request, id: context.parameters.get("id") ?? "") }
        router.get("/public/stats") { request, _ in try await site.stats(request) }
        router.get("/public/api/outfalls") { _, _ in try await site.outfallsJSON() }
        router.get("/public/api/outfalls/:id") { _, context in try await site.outfallJSON(id: context.parameters.get("id") ?? "") }
        router.get("/public/api/stats") { request, _ in try await site.statsJSON(request) }
    }

    func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    /// What every public page's header needs. No session is looked up: the public site is the
    /// same for everyone, signed in or not.
    func common(title: String, nav: String) async throws -> [String: Any] {
        let schematic = try await service.run { registry in try registry.isSchematic() }
        return ["title": title, "schematic": schematic, "nav_" + nav: true, "basemap": pages.configuration.basemapURL ?? ""]
    }

    static func today() -> String { ChinaTime.date(ChinaTime.utcString(Date())) ?? "" }

    // MARK: Pages

    func home(_ request: Request) async throws -> Response {
        var context = try await common(title: "入河排污口信息公开", nav: "home")
        let date = Self.today()
        let stats = try await reading { ledger in try ledger.publicStatistics(asOf: date) }
        context["asOf"] = date
        context["total"] = stats.total
        if let county = stats.county { context["county"] = Self.progressRow(county, label: "全县") }
        context["targets"] = stats.targets.byYear.sorted { $0.key < $1.key }.map { ["year": $0.key, "percent": String(format: "%.0f%%", $0.value)] }
        return pages.render("public-home", context)
    }

    func map(_ request: Request) async throws -> Response {
        let context = try await common(title: "排污口地图", nav: "map")
        return pages.render("public-map", context)
    }

    func list(_ request: Request) async throws -> Response {
        var context = try await common(title: "排污口名录", nav: "list")
        let q = String((Query(request)["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let all = try await reading { ledger in try ledger.publicOutfalls() }
        let shown = q.isEmpty ? all : all.filter { o in
            [o.name, o.code, o.typeLabel, o.receivingWater, o.township, o.responsibleUnit].contains { $0?.localizedCaseInsensitiveContains(q) == true }
        }
        context["q"] = q
        context["count"] = shown.count
        context["total"] = all.count
        context["rows"] = shown.map { o -> [String: Any] in
            ["id": o.id, "title": o.title, "code": o.code ?? "", "type": o.typeLabel ?? "", "river": o.receivingWater ?? "", "township": o.township ?? "",
             "state": o.remediationState ?? ""]
        }
        return pages.render("public-outfalls", context)
    }

    func outfall(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text), id > 0 else { throw ClientError.notFound("没有这个排污口：\(text.prefix(40)) (no such outfall)") }
        guard let o = try await reading({ ledger in try ledger.publicOutfall(id: id) }) else {
            throw ClientError.notFound("没有编号为 \(id) 的排污口 (no such outfall)")
        }
        var context = try await common(title: o.title, nav: "list")
        context["outfall"] = Self.outfallContext(o)
        return pages.render("public-outfall", context)
    }

    /// The published fields as label/value rows, in the setting's order; nothing for a field not published.
    static func outfallContext(_ o: PublicOutfall) -> [String: Any] {
        var rows: [[String: Any]] = []
        func add(_ field: PublicField, _ value: String?, id: String) { if let value { rows.append(["label": field.label, "value": value, "id": id]) } }
        add(.name, o.name, id: "f-name")
        add(.code, o.code, id: "f-code")
        add(.type, o.typeLabel, id: "f-type")
        if let lon = o.lon, let lat = o.lat {
            add(.location, String(format: "东经 %.6f°，北纬 %.6f°", lon, lat) + (o.township.map { "（\($0)）" } ?? ""), id: "f-location")
        }
        add(.receivingWater, o.receivingWater, id: "f-river")
        add(.responsibleUnit, o.responsibleUnit, id: "f-unit")
        add(.dischargeStandard, o.dischargeStandard, id: "f-standard")
        add(.supervisionPhone, o.supervisionPhone, id: "f-phone")
        add(.remediationState, o.remediationState, id: "f-state")
        func entries(_ list: [PublicEntry]?) -> [[String: Any]] { (list ?? []).map { ["date": $0.date, "title": $0.title, "detail": $0.detail] } }
        return [
            "id": o.id, "title": o.title, "rows": rows,
            "approvalsShown": o.approvals != nil, "approvals": entries(o.approvals),
            "inspectionsShown": o.inspections != nil, "inspections": entries(o.inspections),
            "lon": o.lon.map { String(format: "%.6f", $0) } ?? "", "lat": o.lat.map { String(format: "%.6f", $0) } ?? "",
        ]
    }

    func stats(_ request: Request) async throws -> Response {
        var context = try await common(title: "统计与整治进度", nav: "stats")
        let date = try RemediationPages.asOf(request)
        let stats = try await reading { ledger in try ledger.publicStatistics(asOf: date) }
        context["asOf"] = date
        context["total"] = stats.total
        context["byType"] = stats.byType.map { ["label": $0.0, "count": $0.1] }
        context["byRiver"] = stats.byRiver.map { ["label": $0.0, "count": $0.1] }
        if let county = stats.county { context["county"] = Self.progressRow(county, label: "全县") }
        context["rivers"] = stats.byRiverProgress.map { Self.progressRow($0, label: $0.group ?? "—") }
        context["targets"] = stats.targets.byYear.sorted { $0.key < $1.key }.map { ["year": $0.key, "percent": String(format: "%.0f%%", $0.value)] }
        return pages.render("public-stats", context)
    }

    /// A progress figure with its SVG bar (the internal dashboard's drawing; only counts, no outfall names).
    static func progressRow(_ f: ProgressFigure, label: String) -> [String: Any] {
        RemediationPages.row(f, label: label)
    }

    // MARK: API

    func outfallsJSON() async throws -> Response {
        let (all, schematic) = try await reading { ledger in (try ledger.publicOutfalls(), try ledger.registry.isSchematic()) }
        var response = Responses.geoJSON(PublicOutfall.featureCollection(all, schematic: schematic))
        response.headers[.cacheControl] = "max-age=60"
        return response
    }

    func outfallJSON(id text: String) async throws -> Response {
        guard let id = Int64(text), id > 0, let o = try await reading({ ledger in try ledger.publicOutfall(id: id) }) else {
            throw ClientError.notFound("没有这个排污口：\(text.prefix(40)) (no such outfall)")
        }
        return Responses.json(o.json)
    }

    func statsJSON(_ request: Request) async throws -> Response {
        let date = try RemediationPages.asOf(request)
        let s = try await reading { ledger in try ledger.publicStatistics(asOf: date) }
        func pairs(_ list: [(String, Int)]) -> JSONValue {
            .array(list.map { .object(JSONObject([("label", .string($0.0)), ("count", .number(Double($0.1)))])) })
        }
        return Responses.json(.object(JSONObject([
            ("as_of", .string(s.asOf)), ("total", .number(Double(s.total))), ("by_type", pairs(s.byType)), ("by_river", pairs(s.byRiver)),
            ("progress", s.county?.json ?? .null), ("progress_by_river", .array(s.byRiverProgress.map(\.json))),
            ("targets", .object(JSONObject(s.targets.byYear.sorted { $0.key < $1.key }.map { (String($0.key), JSONValue.number($0.value)) }))),
            ("schematic", .bool(s.schematic)),
        ])))
    }
}
