import Foundation
import Hummingbird
import HTTPTypes
import JSON
import Registry
import RegistryStore
import Supervision
import Workflows

/// 群众举报 in the browser. Public, no sign-in (under `/public/`): the form, the submission
/// (multipart, CSRF by a double-submit cookie, rate-limited per address, body size limited),
/// and the tracking page that shows the state and the published answer only. Internal
/// (`/tips`, signed in): the list and one tip's page for anyone who may read the ledger —
/// without the tipster — and, for a role that may handle tips, the tipster and the form that
/// moves the tip on. `/api/tips` is the same as JSON.
struct TipPages: Sendable {
    let pages: Pages
    let site: PublicPages
    let service: RegistryService
    /// Tips accepted per address (the county's limits) …
    let throttle = TipThrottle()
    /// … and attempts of any outcome, at four times those limits: refused submissions (a bad
    /// photo, a point outside the county) are cheap for a client to repeat and not for the
    /// server to check, so they are bounded too.
    let attempts = TipThrottle()
    static let attemptFactor = 4

    static let csrfCookie = "outfalls_tip_csrf"

    func register(on router: Router<OutfallRequestContext>) {
        let tips = self
        router.get("/public/tips") { request, _ in try await tips.lookup(request) }
        router.get("/public/tips/new") { request, _ in try await tips.form(request, message: nil) }
        router.post("/public/tips") { request, context in try await tips.submit(request, address: context.clientAddress) }
        router.get("/public/tips/:number") { request, context in try await tips.status(request, number: context.parameters.get("number") ?? "") }
        router.get("/tips") { request, _ in try await tips.list(request) }
        router.get("/tips/:id") { request, context in try await tips.detail(request, id: context.parameters.get("id") ?? "") }
        router.post("/tips/:id/advance") { request, context in try await tips.advance(request, id: context.parameters.get("id") ?? "") }
        router.get("/api/tips") { request, _ in try await tips.listJSON(request) }
        router.get("/api/tips/:id") { request, context in try await tips.tipJSON(request, id: context.parameters.get("id") ?? "") }
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    // MARK: Public

    /// The form; after a refused submission, with what the visitor typed (photos must be chosen again).
    func form(_ request: Request, message: String?, status: HTTPResponse.Status = .ok, values: [String: String] = [:]) async throws -> Response {
        var context = try await site.common(title: "我要举报", nav: "tip")
        context["values"] = values.mapValues { String($0.prefix(2_100)) }
        let settings = try await reading { ledger in try ledger.publicationSettings() }
        let token = Sessions.randomToken()
        context["csrf"] = token
        context["message"] = message ?? ""
        context["maxPhotos"] = settings.maxPhotos
        context["maxPhotoMB"] = String(format: "%.0f", Double(settings.maxPhotoBytes) / 1_048_576)
        context["perHour"] = settings.tipsPerHour
        context["perDay"] = settings.tipsPerDay
        var response = pages.render("public-tip-new", context, status: status)
        response.setCookie(pages.sessions.cookie(Self.csrfCookie, token, maxAge: 2 * 3600))
        return response
    }

    func submit(_ request: Request, address: String) async throws -> Response {
        let settings = try await reading { ledger in try ledger.publicationSettings() }
        // Checked before the body is read: a flood costs the server almost nothing.
        let wait = [
            throttle.retryAfter(address: address, perHour: settings.tipsPerHour, perDay: settings.tipsPerDay),
            attempts.retryAfter(address: address, perHour: settings.tipsPerHour * Self.attemptFactor, perDay: settings.tipsPerDay * Self.attemptFactor),
        ].compactMap { $0 }.max()
        if let wait {
            let minutes = Int((wait / 60).rounded(.up))
            var response = try await form(
                request, message: "提交过于频繁（每个网络地址每小时最多 \(settings.tipsPerHour) 条、每天 \(settings.tipsPerDay) 条），请 \(minutes) 分钟后再试；紧急情况请拨打监督电话 (too many tips; try again later)",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait))
            return response
        }
        attempts.record(address: address)
        let limit = settings.maxTipBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ClientError(status: .contentTooLarge, message: "提交内容过大（上限 \(limit >> 20) MB），请减少或压缩照片 (request body too large)")
        }
        guard let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary) else {
            throw ClientError.badRequest("表单应以 multipart/form-data 提交 (expected multipart/form-data)")
        }
        // Photos from a phone on a slow mobile link take a while: more time than a form post,
        // still bounded so a stalled upload does not hold the handler.
        let body = try await request.collectBody(upTo: limit, timeout: .seconds(pages.configuration.idleTimeout * 8))
        let multipart = try MultipartForm(Array(buffer: body), boundary: boundary)
        let expected = request.cookies[Self.csrfCookie]?.value ?? ""
        guard !expected.isEmpty, Sessions.constantTimeEqual(multipart.text("csrf") ?? "", expected) else {
            throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新举报页面后重试 (CSRF check failed)")
        }
        func number(_ name: String, _ label: String) throws(ClientError) -> Double {
            guard let text = multipart.text(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw .badRequest("请在地图上点选位置、使用手机定位，或填写\(label) (location missing)")
            }
            guard text.count <= 30, let value = Double(text), value.isFinite else { throw .badRequest("\(label)应为数字，收到“\(text.prefix(30))” (bad number)") }
            return value
        }
        let photos = multipart.parts.filter { $0.name == "photo" && $0.filename != nil && !$0.bytes.isEmpty }.map { (fileName: $0.filename ?? "", bytes: $0.bytes) }
        // A refusal shows the form again with what was typed (photos must be chosen again).
        func refused(_ message: String) async throws -> Response {
            var typed: [String: String] = [:]
            for name in ["lon", "lat", "source", "description", "name", "phone"] { typed[name] = multipart.text(name) }
            return try await form(request, message: "未能提交：\(message)" + (photos.isEmpty ? "" : "（照片需重新选择）"), status: .badRequest, values: typed)
        }
        let tip: Tip
        do {
            let submission = TipSubmission(
                lon: try number("lon", "经度"), lat: try number("lat", "纬度"), locationSource: multipart.text("source") ?? "text",
                description: multipart.text("description") ?? "", name: multipart.text("name"), phone: multipart.text("phone"), address: address,
                photos: photos)
            tip = try await reading { ledger in try ledger.submitTip(submission) }
        } catch let error as ClientError where error.status == .badRequest {
            return try await refused(error.message)
        } catch let error as LedgerError where error.isInputProblem {
            return try await refused("\(error)")
        }
        throttle.record(address: address)
        var response = Responses.redirect(to: "/public/tips/\(tip.trackingNumber)?new=1")
        response.setCookie(pages.sessions.cookie(Self.csrfCookie, "", maxAge: 0))
        return response
    }

    func lookup(_ request: Request) async throws -> Response {
        if let given = Query(request)["number"], !given.isEmpty {
            guard let number = TrackingNumber.normalized(given) else {
                var context = try await site.common(title: "举报查询", nav: "track")
                context["message"] = "查询码应为 12 位字母和数字，请核对 (bad tracking number)"
                return pages.render("public-tip-lookup", context, status: .badRequest)
            }
            return Responses.redirect(to: "/public/tips/\(number)")
        }
        let context = try await site.common(title: "举报查询", nav: "track")
        return pages.render("public-tip-lookup", context)
    }

    func status(_ request: Request, number: String) async throws -> Response {
        guard let found = try await reading({ ledger in try ledger.publicTipStatus(trackingNumber: number) }) else {
            throw ClientError.notFound("没有这个查询码的举报，请核对 (no tip with this tracking number)")
        }
        var context = try await site.common(title: "举报办理情况", nav: "track")
        context["tip"] = [
            "number": found.trackingNumber, "state": found.state.label, "stateCode": found.state.rawValue, "submitted": found.submitted,
            "answer": found.answer ?? "",
        ]
        context["isNew"] = Query(request)["new"] == "1"
        return pages.render("public-tip", context)
    }

    // MARK: Internal

    static func stateRow(_ tip: Tip, names: [Int64: String]) -> [String: Any] {
        [
            "id": tip.id ?? 0, "number": tip.trackingNumber, "submitted": ChinaTime.display(tip.submittedAt), "state": tip.state.label,
            "summary": String(tip.description.prefix(60)), "photos": tip.photos.count,
            "outfall": tip.outfallID.flatMap { names[$0] } ?? "", "outfallID": tip.outfallID ?? 0,
            "nearest": tip.nearestOutfallID.flatMap { names[$0] } ?? "", "nearestID": tip.nearestOutfallID ?? 0,
            "distance": tip.nearestDistanceM.map { String(format: "%.0f 米", $0) } ?? "", "confirmed": tip.confirmed,
        ]
    }

    func list(_ request: Request) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "群众举报")
        try Access.require(.read, session)
        let (tips, names) = try await reading { ledger in (try ledger.tips(), try ledger.registry.outfallNames()) }
        context["tips"] = tips.map { Self.stateRow($0, names: names) }
        context["canHandle"] = session?.user.role.can(.handleTips) == true
        context["states"] = TipState.allCases.map { s in ["label": s.label, "count": tips.filter { $0.state == s }.count] }
        return pages.render("tips", context)
    }

    func detail(_ request: Request, id text: String) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "群众举报")
        let signed = try Access.require(.read, session)
        guard let id = Int64(text) else { throw ClientError.notFound("没有这条举报 (no such tip)") }
        let role = signed.user.role
        let found = try await reading { ledger -> (Tip?, TipIdentity?, [HistoryEvent], [Int64: String]) in
            guard let tip = try ledger.entity(Tip.self, id: id) else { return (nil, nil, [], [:]) }
            let identity = role.can(.handleTips) ? try ledger.tipIdentity(of: id, for: role) : nil
            return (tip, identity, try ledger.history(of: EntityRef(Tip.kind, id)), try ledger.registry.outfallNames())
        }
        guard let tip = found.0 else { throw ClientError.notFound("没有这条举报 #\(id) (no such tip)") }
        var row = Self.stateRow(tip, names: found.3)
        row["description"] = tip.description
        row["location"] = String(format: "%.6f, %.6f", tip.lon, tip.lat)
        row["source"] = ["map": "地图点选", "gps": "手机定位", "text": "手工填写"][tip.locationSource] ?? tip.locationSource
        row["answer"] = tip.answer ?? ""
        row["photoList"] = tip.photos.map { p -> [String: Any] in
            ["sha": p.sha256, "exif": [p.takenAt.map { "拍摄 \($0)" }, p.lat.flatMap { lat in p.lon.map { String(format: "GPS %.5f, %.5f", $0, lat) } }]
                .compactMap { $0 }.joined(separator: "，")]
        }
        context["tip"] = row
        context["canHandle"] = role.can(.handleTips)
        if let identity = found.1 {
            context["identity"] = ["name": identity.name ?? "（未留）", "phone": identity.phone ?? "（未留）", "address": identity.address]
        }
        context["targets"] = [TipState.verifying, .resolved, .rejected].map { ["value": $0.rawValue, "label": $0.label] }
        context["history"] = found.2.reversed().map(LedgerPages.historyRow)
        return pages.render("tip", context)
    }

    func advance(_ request: Request, id text: String) async throws -> Response {
        let session = try await pages.sessions.current(request)
        let signed = try Access.require(.handleTips, session)
        let form = try await pages.form(request, session: session)
        guard let id = Int64(text) else { throw ClientError.notFound("没有这条举报 (no such tip)") }
        guard let target = TipState(parsing: form["to"] ?? "") else { throw ClientError.badRequest("请选择办理结果 (choose a state)") }
        let answer = form["answer"], outfall = form["outfall"], note = form["note"], confirm = form["confirmed"] == "1"
        let actor = signed.user.username, role = signed.user.role
        _ = try await reading { ledger in
            try ledger.advanceTip(String(id), to: target, answer: answer, outfall: outfall, confirm: confirm, note: note, actor: actor, role: role)
        }
        return Responses.redirect(to: "/tips/\(id)")
    }

    static func json(_ tip: Tip, identity: TipIdentity?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .number(Double(tip.id ?? 0))), ("tracking_number", .string(tip.trackingNumber)), ("submitted_at", .string(tip.submittedAt)),
            ("state", .string(tip.state.rawValue)), ("state_label", .string(tip.state.label)), ("lon", .number(tip.lon)), ("lat", .number(tip.lat)),
            ("location_source", .string(tip.locationSource)), ("description", .string(tip.description)),
            ("photos", .array(tip.photos.map { .string($0.sha256) })), ("answer", tip.answer.map(JSONValue.string) ?? .null),
            ("outfall_id", tip.outfallID.map { .number(Double($0)) } ?? .null), ("confirmed", .bool(tip.confirmed)),
            ("nearest_outfall_id", tip.nearestOutfallID.map { .number(Double($0)) } ?? .null),
        ]
        if let identity {
            members.append(("tipster", .object(JSONObject([
                ("name", identity.name.map(JSONValue.string) ?? .null), ("phone", identity.phone.map(JSONValue.string) ?? .null),
                ("address", .string(identity.address)),
            ]))))
        }
        return .object(JSONObject(members))
    }

    func listJSON(_ request: Request) async throws -> Response {
        let role = try Access.require(.read, try await pages.sessions.current(request)).user.role
        let items = try await reading { ledger in
            try ledger.tips().map { tip in (tip, role.can(.handleTips) ? try ledger.tipIdentity(of: tip.id ?? 0, for: role) : nil) }
        }
        return Responses.json(.array(items.map { Self.json($0.0, identity: $0.1) }))
    }

    func tipJSON(_ request: Request, id text: String) async throws -> Response {
        let role = try Access.require(.read, try await pages.sessions.current(request)).user.role
        guard let id = Int64(text) else { throw ClientError.notFound("没有这条举报 (no such tip)") }
        let item = try await reading { ledger -> (Tip, TipIdentity?)? in
            guard let tip = try ledger.entity(Tip.self, id: id) else { return nil }
            return (tip, role.can(.handleTips) ? try ledger.tipIdentity(of: id, for: role) : nil)
        }
        guard let item else { throw ClientError.notFound("没有这条举报 #\(id) (no such tip)") }
        return Responses.json(Self.json(item.0, identity: item.1))
    }
}
