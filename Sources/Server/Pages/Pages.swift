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

/// The web app for planners, in Chinese: the map with the siting check, the outfall list and
/// detail pages, the flagged list, downloads, sign-in, import and user administration.
/// Server-rendered with Mustache templates (every value HTML-escaped), one small script for
/// the map, nothing from a CDN.
struct Pages: Sendable {
    let service: RegistryService
    let sessions: Sessions
    let configuration: ServerConfiguration
    let library: MustacheLibrary
    let staticFiles: [String: (bytes: ByteBuffer, type: String)]
    let styles: StyleSheet
    /// Checked against when a name is unknown, so that sign-in takes as long either way.
    let dummyHash: String
    let throttle: SignInThrottle

    init(service: RegistryService, sessions: Sessions, configuration: ServerConfiguration) async throws {
        self.service = service
        self.sessions = sessions
        self.configuration = configuration
        guard let templates = Bundle.module.path(forResource: "Templates", ofType: nil),
            let statics = Bundle.module.path(forResource: "Static", ofType: nil)
        else { throw ClientError(status: .internalServerError, message: "服务器资源缺失 (templates not found)") }
        library = try await MustacheLibrary(directory: templates)
        var files: [String: (ByteBuffer, String)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: statics) {
            guard let data = FileManager.default.contents(atPath: statics + "/" + name) else { continue }
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
            files[name] = (ByteBuffer(bytes: data), type)
        }
        staticFiles = files
        styles = try service.registry.styleSheet()
        dummyHash = Passwords.hash(Sessions.randomToken())
        throttle = SignInThrottle(limits: .init(
            failuresPerAccount: configuration.signInFailuresPerAccount, failuresPerAddress: configuration.signInFailuresPerAddress,
            window: configuration.signInWindow))
    }

    func register(on router: Router<OutfallRequestContext>) {
        let pages = self
        router.get("/") { request, _ in try await pages.home(request) }
        router.get("/check") { request, _ in try await pages.check(request) }
        router.get("/outfalls") { request, _ in try await pages.outfalls(request) }
        router.get("/outfalls/:id") { request, context in try await pages.outfall(request, id: context.parameters.get("id") ?? "") }
        router.post("/outfalls/:id/status") { request, context in try await pages.setStatus(request, id: context.parameters.get("id") ?? "") }
        router.get("/flagged") { request, _ in try await pages.flagged(request) }
        router.get("/downloads") { request, _ in try await pages.downloads(request) }
        router.get("/downloads/:file") { request, context in try await pages.download(request, file: context.parameters.get("file") ?? "") }
        router.get("/login") { request, _ in try await pages.loginForm(request, message: nil) }
        router.post("/login") { request, context in try await pages.login(request, address: context.clientAddress) }
        router.post("/logout") { request, _ in try await pages.logout(request) }
        router.get("/import") { request, _ in try await pages.importForm(request, message: nil, failed: false) }
        router.post("/import") { request, _ in try await pages.importFile(request) }
        router.get("/admin/users") { request, _ in try await pages.users(request, message: nil, failed: false) }
        router.post("/admin/users") { request, _ in try await pages.addUser(request) }
        router.post("/admin/users/:name/:action") { request, context in
            try await pages.toggleUser(request, name: context.parameters.get("name") ?? "", action: context.parameters.get("action") ?? "")
        }
        router.get("/static/:file") { _, context in
            guard let file = pages.staticFiles[context.parameters.get("file") ?? ""] else { throw ClientError.notFound("没有这个文件 (not found)") }
            var headers = HTTPFields()
            headers[.contentType] = file.type
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: file.bytes))
        }
    }

    // MARK: Rendering

    /// What every page's header needs: who is signed in, the CSRF token, whether the data is schematic.
    func common(_ request: Request, title: String) async throws -> (context: [String: Any], session: UserSession?) {
        let session = try await sessions.current(request)
        let schematic = try await service.run { registry in try registry.store.sources().contains(where: \.schematic) }
        let role = session?.user.role ?? .public
        let user: [String: Any] = [
            "signedIn": session != nil, "name": session?.user.username ?? "", "roleLabel": role.label,
            "canImport": role >= .planner, "isAdmin": role == .admin,
        ]
        return (["title": title, "user": user, "csrf": session?.csrfToken ?? "", "schematic": schematic], session)
    }

    func render(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Responses.html(library.render(Self.pruned(context), withTemplate: template) ?? "模板缺失 (template \(template) missing)", status: status)
    }

    /// Mustache treats an empty string as true: drop empty strings, so that `{{#note}}…{{/note}}`
    /// shows only when there is a note.
    static func pruned(_ value: Any) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            var out: [String: Any] = [:]
            for (key, v) in dictionary {
                if let text = v as? String, text.isEmpty { continue }
                out[key] = pruned(v)
            }
            return out
        case let list as [[String: Any]]:
            return list.map { pruned($0) }
        default:
            return value
        }
    }

    /// The error page (no session lookup: it must render whatever went wrong).
    var errorPage: @Sendable (ClientError) -> Response {
        let library = library
        return { error in
            let context: [String: Any] = ["title": "出错了", "message": error.message, "user": ["signedIn": false], "csrf": "", "schematic": false]
            return Responses.html(library.render(context, withTemplate: "error") ?? error.message, status: error.status)
        }
    }

    private func require(_ role: Role, _ session: UserSession?) throws(ClientError) {
        guard let session, session.user.role >= role else {
            throw ClientError(status: .forbidden, message: "需要以“\(role.label)”或更高权限登录 (sign in as \(role.rawValue))")
        }
    }

    /// A form post: its fields, after checking the CSRF token.
    func form(_ request: Request, session: UserSession?) async throws -> Query {
        let body = try await request.collectBody(upTo: 1 << 20, timeout: .seconds(configuration.idleTimeout))
        let query = Query(String(buffer: body))
        guard Sessions.validCSRF(query["csrf"], session: session, request: request) else {
            throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新页面后重试 (CSRF check failed)")
        }
        return query
    }

    // MARK: Map and check

    private func map(focus: Coordinate?, publicOnly: Bool) async throws -> String {
        let layers = try await service.exportLayers()
        let shown = publicOnly ? layers.map(Disclosure.publicView) : layers
        var svg = MapSVG(layers: shown, styles: styles)
        svg.focus = focus
        if let basemap = configuration.basemapURL {
            svg.epsg = 3857
            svg.basemapURL = basemap
        }
        return try svg.render()
    }

    func home(_ request: Request) async throws -> Response {
        var (context, session) = try await common(request, title: "地图与核查")
        context["map"] = try await map(focus: nil, publicOnly: session == nil)
        context["types"] = OutfallType.allCases.map { ["value": $0.rawValue, "label": $0.label] }
        context["legend"] = legend()
        let summaries = try await service.run { registry in try registry.layerSummaries() }
        context["counts"] = summaries.map { ["label": $0.layer.chineseName, "count": $0.count] }
        return render("home", context)
    }

    private func legend() -> [[String: Any]] {
        var items: [[String: Any]] = []
        for layer in [LayerKind.outfalls, .zones, .rivers, .intakes, .sections] {
            for c in styles.style(layer).classes {
                items.append(["label": c.label, "swatch": StyleDocuments.swatch(layer, c)])
            }
        }
        return items
    }

    func check(_ request: Request) async throws -> Response {
        let query = Query(request)
        let point: GivenPoint
        if let x = try query.double("x"), let y = try query.double("y") {
            // A click on the map: metres in the map's CRS (EPSG:4545, or 3857 under a basemap).
            let epsg = try query.int("crs") ?? 4545
            guard [4545, 3857].contains(epsg) else { throw ClientError.badRequest("crs 应为 4545 或 3857 (map CRS)") }
            point = GivenPoint(Coordinate(x: x, y: y), crs: .epsg(epsg))
        } else {
            let lon = try query.requiredDouble("lon")
            let lat = try query.requiredDouble("lat")
            let datum: CRS = switch query["datum"] ?? "cgcs2000" {
                case "gcj02": .gcj02
                case "bd09": .bd09
                default: .cgcs2000
            }
            point = GivenPoint(Coordinate(x: lon, y: lat), crs: datum)
        }
        let type = try JSONAPI.outfallType(query["type"])
        let report = try await service.check(point, type: type)
        let downstreamKm = 30.0
        var downstream: [NavigationHit] = []
        var downstreamProblem = ""
        if report.snap.status == .ok || report.snap.status == .ambiguous {
            let start = GivenPoint(report.location)
            do {
                downstream = try await service.run { registry in
                    try registry.navigate(from: .point(start), direction: .downstream, distance: downstreamKm * 1000).features
                }.filter { $0.layer == .intakes || $0.layer == .sections }
            } catch {
                downstreamProblem = "下游查询未能完成：\(error)"
            }
        }
        var (context, session) = try await common(request, title: "核查报告")
        context.merge(checkContext(report, downstream: downstream, downstreamKm: downstreamKm)) { $1 }
        context["downstreamProblem"] = downstreamProblem
        context["map"] = try await map(focus: report.location, publicOnly: session == nil)
        context["jsonLink"] = "/api/check?lon=\(report.location.lon)&lat=\(report.location.lat)" + (type.map { "&type=\($0.rawValue)" } ?? "")
        return render("check", context)
    }

    private func checkContext(_ r: CheckReport, downstream: [NavigationHit], downstreamKm: Double) -> [String: Any] {
        let receiving: String
        if let best = r.snap.best, r.snap.status == .ok || r.snap.status == .ambiguous {
            receiving = "河流：\(best.river)　河段：\(best.reach.displayID)　里程：\(CheckReportText.metres(best.measure))（距河流下游端）　岸别：\(best.bank?.label ?? "河道中心线上")　离中心线：\(CheckReportText.metres(best.offset))"
                + (r.snap.status == .ambiguous ? "　注意：附近还有其他河段，所属河段需人工确认。" : "")
        } else if let best = r.snap.best {
            receiving = "最近河段 \(best.river) \(best.reach.displayID) 相距 \(CheckReportText.metres(best.offset))，超过最大吸附距离：未能确定受纳水体，与河流相关的规则未核查。"
        } else {
            receiving = "附近没有河段：未能确定受纳水体，与河流相关的规则未核查。"
        }
        let input = r.input.crs != .cgcs2000 && r.input.crs != .wgs84 ? "\(r.input.coordinate.x), \(r.input.coordinate.y)（\(r.input.crs)，已换算）" : ""
        return [
            "time": PageText.time(Date()), "rulesTitle": r.rulesTitle, "rulesVersion": r.rulesVersion, "schematicData": r.usesSchematicData,
            "verdict": r.verdict.verdict.rawValue, "verdictLabel": r.verdict.verdict.label,
            "lon": JSONWriter.format(number: r.location.lon, decimals: 7), "lat": JSONWriter.format(number: r.location.lat, decimals: 7),
            "inputNote": input, "township": r.township ?? "未能确定（无乡镇图层覆盖）",
            "typeLabel": r.type.map { "\($0.label)（\($0.category.label)）" } ?? "未指定", "track": r.type?.approvalTrack.label ?? "",
            "receiving": receiving, "findings": r.verdict.findings.map(findingContext),
            "downstream": downstream.map { hit in
                ["layer": hit.layer.chineseName, "name": hit.name, "distance": CheckReportText.metres(hit.networkDistance)]
            },
            "downstreamKm": Int(downstreamKm), "noSnap": r.snap.status != .ok && r.snap.status != .ambiguous,
            "steps": CheckReportText.nextSteps(r), "unconfirmed": r.verdict.findings.contains { !$0.rule.basisConfirmed },
        ]
    }

    private func findingContext(_ f: Finding) -> [String: Any] {
        let place = f.distance == 0 ? "位于区内" : (f.feature.layer == .zones ? "相距 \(CheckReportText.metres(f.distance))" : "河网距离 \(CheckReportText.metres(f.distance))")
        return [
            "severity": f.severity.rawValue, "severityLabel": f.severity.label, "title": f.rule.title, "rule": f.rule.id,
            "feature": "\(f.feature.name)（\(f.feature.label)）", "place": place, "basis": f.rule.basis, "note": f.note ?? "",
            "action": f.rule.action ?? "",
        ]
    }

    // MARK: Outfalls

    func outfalls(_ request: Request) async throws -> Response {
        let query = Query(request)
        let filter = try JSONAPI.filter(query)
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
        context["count"] = listings.count
        context["rows"] = listings.map { l -> [String: Any] in
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
                "rows": matching.map { row -> [String: Any] in
                    let findings = row.findingList
                    var bases: [String] = []
                    for f in findings where !bases.contains(f.rule.basis) { bases.append(f.rule.basis) }
                    return [
                        "id": row.outfall.id ?? 0, "name": row.outfall.name, "type": row.outfall.type.label, "river": row.snap?.river ?? "—",
                        "township": row.township ?? "—", "rules": row.ruleIDs.joined(separator: "、"), "basis": bases.joined(separator: "；"),
                    ]
                },
            ])
        }
        context["totals"] = totals
        context["groups"] = groups
        return render("flagged", context)
    }

    // MARK: Downloads

    static let downloadFormats: [(format: String, ext: String, label: String, type: String)] = [
        ("geojson", "geojson", "GeoJSON", "application/geo+json"), ("kml", "kml", "KML", "application/vnd.google-earth.kml+xml"),
        ("kmz", "kmz", "KMZ（奥维、Google Earth）", "application/vnd.google-earth.kmz"), ("gpkg", "gpkg", "GeoPackage", "application/geopackage+sqlite3"),
        ("shp", "zip", "Shapefile", "application/zip"), ("csv", "csv", "CSV（Excel）", "text/csv; charset=utf-8"),
    ]

    func downloads(_ request: Request) async throws -> Response {
        var (context, session) = try await common(request, title: "图层下载")
        let summaries = try await service.run { registry in try registry.layerSummaries() }
        context["signedIn"] = session != nil
        context["formats"] = Self.downloadFormats.map { ["label": $0.label] }
        context["layers"] = summaries.map { s -> [String: Any] in
            [
                "label": s.layer.chineseName, "count": s.count,
                "links": Self.downloadFormats.map { ["href": "/downloads/\(s.layer.rawValue).\($0.ext)", "ext": $0.ext] },
            ]
        }
        context["allLinks"] = Self.downloadFormats.filter { ["kml", "kmz", "gpkg", "shp"].contains($0.format) }.map {
            ["href": "/downloads/all.\($0.ext)", "label": $0.label]
        }
        context["ogc"] = base(request) + "/ogc"
        return render("downloads", context)
    }

    func download(_ request: Request, file: String) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let format = Self.downloadFormats.first(where: { $0.ext == parts[1] }) else {
            throw ClientError.notFound("没有这个下载 \(file) (no such download)")
        }
        let layers: [LayerKind]
        if parts[0] == "all", ["kml", "kmz", "gpkg", "shp"].contains(format.format) {
            layers = LayerKind.allCases
        } else if let layer = LayerKind(rawValue: parts[0]) {
            layers = [layer]
        } else {
            throw ClientError.notFound("没有这个下载 \(file) (no such download)")
        }
        let publicOnly = try await sessions.current(request) == nil
        let directory = NSTemporaryDirectory() + "outfalls-download-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + file
        _ = try await service.run { registry in
            try registry.export(ExportRequest(layers: layers, format: format.format, path: path, publicOnly: publicOnly))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(status: .internalServerError, message: "导出失败 (export failed)") }
        var headers = HTTPFields()
        headers[.contentType] = format.type
        headers[.contentDisposition] = "attachment; filename=\"\(file)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Sign-in

    func loginForm(_ request: Request, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        var (context, _) = try await common(request, title: "登录")
        let token = Sessions.randomToken()
        context["formCSRF"] = token
        context["message"] = message ?? ""
        var response = render("login", context, status: status)
        response.setCookie(sessions.cookie(Sessions.preSessionCookieName, token, maxAge: 3600))
        return response
    }

    func login(_ request: Request, address: String) async throws -> Response {
        let form = try await form(request, session: nil)
        let username = form["username"] ?? ""
        let password = form.values["password"]?.first ?? ""
        // Checked before bcrypt runs: a throttled guess costs the server nothing.
        if let wait = throttle.retryAfter(username: username, address: address) {
            let minutes = Int((wait / 60).rounded(.up))
            var response = try await loginForm(
                request, message: "登录失败次数过多，已暂停登录，请 \(minutes) 分钟后再试；如忘记密码请联系管理员 (too many failed sign-ins; try again later)",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        let credentials = try await service.run { registry in try registry.store.credentials(username: username) }
        // A hash is checked even for unknown names, so that timing does not tell which exist.
        let hash = credentials?.passwordHash ?? dummyHash
        let matches = await service.verify(password, hash: hash)
        guard let account = credentials?.account, matches, !account.disabled else {
            throttle.recordFailure(username: username, address: address)
            let reason = credentials == nil ? "无此用户" : !matches ? "密码错误" : "账户已停用"
            try await service.run { registry in try registry.store.recordSignInFailure(username: username, address: address, reason: reason) }
            return try await loginForm(request, message: "用户名或密码不正确，或账户已停用 (sign-in failed)", status: .unauthorized)
        }
        throttle.recordSuccess(username: username)
        var response = Responses.redirect(to: "/")
        response.setCookie(try await sessions.start(for: account))
        response.setCookie(sessions.cookie(Sessions.preSessionCookieName, "", maxAge: 0))
        return response
    }

    func logout(_ request: Request) async throws -> Response {
        let session = try await sessions.current(request)
        _ = try await form(request, session: session)
        var response = Responses.redirect(to: "/")
        response.setCookie(try await sessions.end(request))
        return response
    }

    // MARK: Import (planners)

    func importForm(_ request: Request, message: String?, failed: Bool, status: HTTPResponse.Status = .ok) async throws -> Response {
        var (context, session) = try await common(request, title: "导入图层")
        try require(.planner, session)
        context["layers"] = LayerKind.allCases.map { ["value": $0.rawValue, "label": $0.chineseName] }
        context["message"] = message ?? ""
        context["messageClass"] = failed ? "error" : "ok"
        return render("import", context, status: status)
    }

    func importFile(_ request: Request) async throws -> Response {
        let session = try await sessions.current(request)
        try require(.planner, session)
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType) else {
            throw ClientError.badRequest("请用表单上传文件 (multipart/form-data expected)")
        }
        let body = try await request.collectBody(upTo: configuration.maximumUploadSize, timeout: .seconds(configuration.idleTimeout * 4))
        let form = try MultipartForm(Array(buffer: body), boundary: boundary)
        guard Sessions.validCSRF(form.text("csrf"), session: session, request: request) else {
            throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新页面后重试 (CSRF check failed)")
        }
        guard let layer = form.text("layer").flatMap(LayerKind.init(rawValue:)), let file = form.file("file"), !file.bytes.isEmpty else {
            return try await importForm(request, message: "请选择图层和文件 (layer and file required)", failed: true, status: .badRequest)
        }
        var crs: CRS?
        if let text = form.text("crs"), !text.isEmpty {
            do { crs = try CRS(parsing: text) } catch {
                return try await importForm(request, message: "\(error)", failed: true, status: .badRequest)
            }
        }
        let directory = NSTemporaryDirectory() + "outfalls-upload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The file keeps its name: feature identity is scoped to it (see docs/data-model.md).
        // A name that is a path, or could be read as one, is refused rather than rewritten.
        let name = file.filename
        if let problem = Self.uploadNameProblem(name) {
            return try await importForm(request, message: "文件名“\(name.count > 40 ? String(name.prefix(40)) + "…" : name)”不可用：\(problem)，请改名后重新上传，未导入任何数据 (bad file name)", failed: true, status: .badRequest)
        }
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes)) else {
            return try await importForm(
                request, message: "服务器无法保存上传的文件（临时目录不可写或磁盘已满），未导入任何数据 (could not store the upload)", failed: true,
                status: .internalServerError)
        }
        let actor = session?.user.username ?? "?"
        if let source = form.text("source"), source.count > ImportLimits.textLength {
            return try await importForm(
                request, message: "数据来源说明最多 \(ImportLimits.textLength) 个字符，未导入任何数据 (source note too long)", failed: true, status: .badRequest)
        }
        let provenance = Provenance(description: form.text("source"))
        let given = crs
        do {
            let report = try await service.run { registry in
                try registry.importLayer(ImportRequest(layer: layer, path: path, crs: given, provenance: provenance, actor: actor))
            }
            return try await importForm(
                request, message: "已导入 \(report.fileName)：\(report.featureCount) 个要素（新增 \(report.added)，更新 \(report.updated)，未变 \(report.unchanged)）",
                failed: false)
        } catch let error as ImportError {
            // Messages name the file as the reader saw it; the server's temporary directory is
            // none of the client's business.
            let message = "\(error)".replacingOccurrences(of: directory + "/", with: "").replacingOccurrences(of: directory, with: "")
            return try await importForm(request, message: message, failed: true, status: .badRequest)
        }
    }

    // MARK: Users (admin)

    func users(_ request: Request, message: String?, failed: Bool) async throws -> Response {
        var (context, session) = try await common(request, title: "用户")
        try require(.admin, session)
        let accounts = try await service.run { registry in try registry.store.users() }
        context["users"] = accounts.map { a -> [String: Any] in
            [
                "username": a.username, "usernamePath": Self.pathSegment(a.username), "role": a.role.label, "state": a.disabled ? "已停用" : "正常", "createdAt": PageText.time(a.createdAt),
                "createdBy": a.createdBy, "toggleAction": a.disabled ? "enable" : "disable", "toggleLabel": a.disabled ? "启用" : "停用",
            ]
        }
        context["roles"] = Role.allCases.filter { $0 != .public }.map { ["value": $0.rawValue, "label": $0.label] }
        context["message"] = message ?? ""
        context["messageClass"] = failed ? "error" : "ok"
        return render("users", context)
    }

    func addUser(_ request: Request) async throws -> Response {
        let session = try await sessions.current(request)
        try require(.admin, session)
        let form = try await form(request, session: session)
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.values["password"]?.first ?? ""
        guard !username.isEmpty, let role = form["role"].flatMap(Role.init(rawValue:)), role != .public else {
            return try await users(request, message: "请填写用户名并选择角色 (username and role required)", failed: true)
        }
        guard username.count <= Self.usernameLength else {
            return try await users(request, message: "用户名最多 \(Self.usernameLength) 个字符 (username too long)", failed: true)
        }
        if let problem = Passwords.problem(with: password) { return try await users(request, message: problem, failed: true) }
        let actor = session?.user.username ?? "?"
        let hash = await service.hashPassword(password)
        do {
            _ = try await service.run { registry in try registry.store.addUser(username: username, passwordHash: hash, role: role, actor: actor) }
        } catch {
            return try await users(request, message: "\(error)", failed: true)
        }
        return try await users(request, message: "已添加用户 \(username)（\(role.label)）", failed: false)
    }

    /// Why an uploaded file's name cannot be used as given, or nil.
    static func uploadNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "没有文件名" }
        if name == "." || name == ".." || name.hasPrefix(".") { return "不能以“.”开头" }
        if name.contains("/") || name.contains("\\") { return "不能含有“/”或“\\”" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "含有控制字符" }
        if name.count > 200 { return "超过 200 个字符" }
        return nil
    }

    /// User names appear on every page header and in the audit log.
    static let usernameLength = 64

    /// A user name as one URL path segment: 李明 → %E6%9D%8E%E6%98%8E, and a "/" cannot split it.
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func toggleUser(_ request: Request, name raw: String, action: String) async throws -> Response {
        // The router hands over the segment as sent: percent-encoded for any name beyond ASCII.
        let name = raw.removingPercentEncoding ?? raw
        let session = try await sessions.current(request)
        try require(.admin, session)
        _ = try await form(request, session: session)
        guard ["enable", "disable"].contains(action) else { throw ClientError.notFound("没有这个操作 (no such action)") }
        guard name != session?.user.username || action == "enable" else {
            return try await users(request, message: "不能停用自己的账户 (cannot disable yourself)", failed: true)
        }
        let actor = session?.user.username ?? "?"
        do {
            try await service.run { registry in try registry.store.setDisabled(action == "disable", username: name, actor: actor) }
        } catch StoreError.noSuchUser {
            throw ClientError.notFound("没有用户“\(name)”，可能已被删除或名称有误 (no such user)")
        }
        return Responses.redirect(to: "/admin/users")
    }
}
