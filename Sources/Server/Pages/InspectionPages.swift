import Foundation
import HTTPTypes
import Hummingbird
import JSON
import OutfallModel
import Registry
import Reports
import Supervision
import Workflows

/// 双随机一公开 on the web: `/inspections` (signed in: the draws, and the draw form for
/// `drawInspections`), `/inspections/{id}` (picks, results, publish), `/api/inspections`; the
/// public `/public/inspections` and `/public/api/inspections` (published draws only, public
/// fields only); and `/outfalls/{id}/sign.pdf`, the printable signboard.
struct InspectionPages: Sendable {
    let pages: Pages
    let service: RegistryService

    func register(on router: Router<OutfallRequestContext>) {
        let p = self
        router.get("/inspections") { request, _ in try await p.list(request) }
        router.post("/inspections") { request, _ in try await p.draw(request) }
        router.get("/inspections/:id") { request, context in try await p.show(request, id: context.parameters.get("id") ?? "") }
        router.post("/inspections/:id/publish") { request, context in try await p.publish(request, id: context.parameters.get("id") ?? "") }
        router.post("/inspections/:id/results") { request, context in try await p.recordResult(request, id: context.parameters.get("id") ?? "") }
        router.post("/inspections/conflicts") { request, _ in try await p.addConflict(request) }
        router.post("/inspections/conflicts/:id/remove") { request, context in try await p.removeConflict(request, id: context.parameters.get("id") ?? "") }
        router.get("/api/inspections") { request, _ in try await p.apiList(request) }
        router.get("/public/inspections") { request, _ in try await p.publicList(request) }
        router.get("/public/api/inspections") { _, _ in try await p.publicAPI() }
        router.get("/outfalls/:id/sign.pdf") { request, context in try await p.sign(request, id: context.parameters.get("id") ?? "") }
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    /// A use case's refusal as the 4xx that says why.
    private func refusing<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        do {
            return try await reading(body)
        } catch let error as LedgerError where error.isInputProblem {
            if case .notFound = error { throw ClientError.notFound("\(error)") }
            throw ClientError(status: .conflict, message: "\(error)")
        }
    }

    static func id(_ text: String) throws(ClientError) -> Int64 {
        guard let id = Int64(text), id > 0 else { throw ClientError.notFound("没有抽查 \(text.prefix(40)) (no such draw)") }
        return id
    }

    func list(_ request: Request) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "双随机抽查")
        try Access.require(.read, session)
        let data = try await reading { ledger in (try ledger.inspectionDraws(), try ledger.inspectionResults()) }
        context["draws"] = data.0.reversed().map { d -> [String: Any] in
            [
                "id": d.id ?? 0, "title": d.title, "seed": d.seed, "state": d.state.label, "drawnAt": ChinaTime.display(d.drawnAt),
                "objects": d.picks.count, "results": data.1.filter { $0.drawID == d.id }.count,
            ]
        }
        let canDraw = session?.user.role.can(.drawInspections) == true
        context["canDraw"] = canDraw
        if canDraw {
            let (conflicts, units) = try await reading { ledger in (try ledger.inspectionConflicts(), try ledger.units()) }
            context["conflicts"] = conflicts.map { c -> [String: Any] in
                ["id": c.id ?? 0, "inspector": c.username, "unit": units.first { $0.id == c.unitID }?.name ?? "#\(c.unitID)", "note": c.note ?? ""]
            }
        }
        context["defaultTypes"] = Ledger.defaultInspectionTypes.map(\.label).joined(separator: "、")
        return pages.render("inspections", context)
    }

    func draw(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        let actor = try Access.require(.drawInspections, session).user.username
        let form = try await pages.form(request, session: session)
        guard let objects = form["objects"], !objects.isEmpty, objects.count <= 10 else {
            throw ClientError.badRequest("请填写抽取数量 N 或比例 P%（如 25%）(objects)")
        }
        let trimmed = objects.trimmingCharacters(in: .whitespaces)
        let count: Int?, percent: Int?
        if trimmed.hasSuffix("%") {
            guard let p = Int(trimmed.dropLast()) else { throw ClientError.badRequest("抽取比例应为如 25% 的整数百分比 (objects)") }
            (count, percent) = (nil, p)
        } else {
            guard let n = Int(trimmed) else { throw ClientError.badRequest("抽取数量应为整数或百分比 (objects)") }
            (count, percent) = (n, nil)
        }
        guard let k = form["inspectors"].flatMap({ Int($0) }) else { throw ClientError.badRequest("请填写每个对象的检查人员数 (inspectors)") }
        var weights: [InspectionRiskFactor: Double] = [:]
        for factor in InspectionRiskFactor.allCases {
            guard let text = form["weight_\(factor.rawValue)"], !text.isEmpty else { continue }
            guard let w = Double(text) else { throw ClientError.badRequest("\(factor.label)的权重应为 1–100 的数 (weight)") }
            weights[factor] = w
        }
        let request = DrawRequest(
            title: form["title"].flatMap { $0.isEmpty ? nil : $0 } ?? "入河排污口双随机抽查", seed: form["seed"] ?? "", objectCount: count,
            objectPercent: percent, inspectorsPerObject: k, weights: weights)
        let draw = try await refusing { ledger in try ledger.drawInspections(request, actor: actor) }
        return Responses.redirect(to: "/inspections/\(draw.id ?? 0)")
    }

    func show(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.id(text)
        var (context, session) = try await pages.common(request, title: "双随机抽查 #\(text.prefix(20))")
        try Access.require(.read, session)
        let (draw, results) = try await refusing { ledger in (try ledger.inspectionDraw(id), try ledger.inspectionResults(draw: id)) }
        let recorder = session.flatMap { $0.user.role.can(.recordFieldWork) && draw.state != .voided ? $0.user.username : nil }
        context["draw"] = Self.drawContext(draw, results: results, names: true, recorder: recorder)
        context["canPublish"] = draw.state == .drawn && session?.user.role.can(.drawInspections) == true
        return pages.render("inspection", context)
    }

    func publish(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.id(text)
        let session = try await pages.sessions.current(request)
        let actor = try Access.require(.drawInspections, session).user.username
        _ = try await pages.form(request, session: session)
        _ = try await refusing { ledger in try ledger.publishDraw(id, actor: actor) }
        return Responses.redirect(to: "/inspections/\(id)")
    }

    /// 录入检查结果 from the draw page (multipart: the finding, a problem flag, samples, the
    /// date and one photo): only an inspector drawn for the object, as the use case decides.
    func recordResult(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.id(text)
        let session = try await pages.sessions.current(request)
        let actor = try Access.require(.recordFieldWork, session).user.username
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType) else {
            throw ClientError.badRequest("请用表单提交 (multipart/form-data expected)")
        }
        let body = try await request.collectBody(upTo: Self.maximumPhotoSize + (1 << 20), timeout: .seconds(pages.configuration.idleTimeout * 4))
        let form = try MultipartForm(Array(buffer: body), boundary: boundary)
        guard Sessions.validCSRF(form.text("csrf"), session: session, request: request) else {
            throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新页面后重试 (CSRF check failed)")
        }
        guard let outfall = form.text("outfall"), let outfallID = Int64(outfall) else { throw ClientError.badRequest("缺少排污口 (outfall)") }
        let finding = form.text("finding") ?? ""
        let problem = form.text("problem") == "yes"
        let samples = form.text("samples").flatMap { $0.isEmpty ? nil : $0 }
        let date = form.text("date").flatMap { $0.isEmpty ? nil : $0 }
        var photos: [String] = []
        let directory = NSTemporaryDirectory() + "outfalls-result-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if let file = form.file("photo"), !file.bytes.isEmpty {
            // The stored name is ours; only a known image extension is kept from the upload's.
            let ext = (file.filename as NSString).pathExtension.lowercased()
            guard ["jpg", "jpeg", "png"].contains(ext) else { throw ClientError.badRequest("照片应为 JPEG 或 PNG (photo must be JPEG or PNG)") }
            let path = directory + "/现场照片.\(ext)"
            guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes)) else {
                throw ClientError(status: .internalServerError, message: "服务器无法保存照片 (could not store the photo)")
            }
            photos.append(path)
        }
        let paths = photos
        _ = try await refusing { ledger in
            try ledger.recordInspectionResult(
                draw: id, outfall: String(outfallID), finding: finding, problem: problem, samples: samples, photos: paths, inspector: nil, date: date,
                actor: actor)
        }
        return Responses.redirect(to: "/inspections/\(id)")
    }

    static let maximumPhotoSize = 20 << 20

    /// 回避名单 on the web: add an inspector ↔ unit link, remove one with a reason.
    func addConflict(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        let actor = try Access.require(.drawInspections, session).user.username
        let form = try await pages.form(request, session: session)
        guard let inspector = form["inspector"], !inspector.isEmpty, inspector.count <= 200, let unit = form["unit"], !unit.isEmpty, unit.count <= 200 else {
            throw ClientError.badRequest("请填写检查人员账号和排污单位（名称、统一社会信用代码或编号）(inspector and unit)")
        }
        let note = form["note"].flatMap { $0.isEmpty ? nil : $0 }
        _ = try await refusing { ledger in try ledger.addInspectionConflict(username: inspector, unit: unit, note: note, actor: actor) }
        return Responses.redirect(to: "/inspections#conflicts")
    }

    func removeConflict(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text), id > 0 else { throw ClientError.notFound("没有回避记录 \(text.prefix(40)) (no such link)") }
        let session = try await pages.sessions.current(request)
        let actor = try Access.require(.drawInspections, session).user.username
        let form = try await pages.form(request, session: session)
        let reason = form["reason"] ?? ""
        try await refusing { ledger in try ledger.removeInspectionConflict(id, reason: reason, actor: actor) }
        return Responses.redirect(to: "/inspections#conflicts")
    }

    func apiList(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        let json = try await reading { ledger in
            let results = try ledger.inspectionResults()
            return JSONValue.array(try ledger.inspectionDraws().map { d in try d.json(results: results.filter { $0.drawID == d.id }) })
        }
        return Responses.json(json)
    }

    /// Published draws, newest first, with what the setting allows.
    private func published() async throws -> (draws: [InspectionDraw], results: [InspectionResult], names: Bool) {
        try await reading { ledger in
            (
                try ledger.inspectionDraws().filter { $0.state == .published }.reversed(), try ledger.inspectionResults(),
                try ledger.inspectionSettings().publishInspectorNames
            )
        }
    }

    func publicAPI() async throws -> Response {
        let data = try await published()
        return Responses.json(.array(data.draws.map { d in d.publicJSON(results: data.results.filter { $0.drawID == d.id }, publishInspectorNames: data.names) }))
    }

    func publicList(_ request: Request) async throws -> Response {
        let data = try await published()
        let schematic = try await service.run { registry in try registry.isSchematic() }
        let context: [String: Any] = [
            "title": "双随机抽查公开", "schematic": schematic,
            "draws": data.draws.map { d in Self.drawContext(d, results: data.results.filter { $0.drawID == d.id }, names: data.names) },
        ]
        return pages.render("public-inspections", context)
    }

    /// A draw for the templates; `names` false leaves inspectors out.
    static func drawContext(_ d: InspectionDraw, results: [InspectionResult], names: Bool, recorder: String? = nil) -> [String: Any] {
        let weights = d.parameters.weights.keys.sorted().map { key in
            "\(InspectionRiskFactor(rawValue: key)?.label ?? key)×\(String(format: "%g", d.parameters.weights[key] ?? 1))"
        }
        let picks = d.picks.map { p -> [String: Any] in
            let o = d.objects.first { $0.outfallID == p.outfallID }
            let found = results.filter { $0.outfallID == p.outfallID }
            return [
                "rank": p.rank, "outfallID": p.outfallID, "code": o?.code ?? "", "name": o?.name ?? "", "township": o?.township ?? "",
                "unit": o?.unit ?? "", "weight": String(format: "%g", o?.weight ?? 1), "inspectors": names ? p.inspectors.joined(separator: "、") : "",
                "canRecord": recorder.map(p.inspectors.contains) ?? false,
                "results": found.map { r -> [String: Any] in
                    ["date": r.date, "finding": r.finding, "problem": r.problem ? "发现问题" : "未发现问题", "isProblem": r.problem, "inspector": names ? r.inspector : ""]
                },
            ]
        }
        return [
            "id": d.id ?? 0, "title": d.title, "seed": d.seed, "scheme": d.scheme, "state": d.state.label, "drawnAt": ChinaTime.display(d.drawnAt),
            "publishedAt": d.publishedAt.map(ChinaTime.display) ?? "", "voidReason": d.voidReason ?? "",
            "requested": d.parameters.objectCount.map(String.init) ?? "\(d.parameters.objectPercent ?? 0)%", "perObject": d.parameters.inspectorsPerObject,
            "types": d.parameters.types.map { OutfallType(rawValue: $0)?.label ?? $0 }.joined(separator: "、"), "weights": weights.joined(separator: "，"),
            "objectCount": d.objects.count, "inspectorCount": d.inspectors.count, "names": names,
            "objects": d.objects.map { o -> [String: Any] in
                ["outfallID": o.outfallID, "code": o.code, "name": o.name, "township": o.township, "weight": String(format: "%g", o.weight)]
            },
            "inspectors": names ? d.inspectors.map { i -> [String: Any] in ["username": i.username, "township": i.township.isEmpty ? "全县" : i.township] } : [],
            "picks": picks,
        ]
    }

    /// The outfall's signboard (A4, or `?paper=a3`), for signed-in users.
    func sign(_ request: Request, id text: String) async throws -> Response {
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        guard let id = Int64(text), id > 0 else { throw ClientError.notFound("没有排污口 \(text.prefix(40)) (no such outfall)") }
        let paperText = Query(request)["paper"] ?? "a4"
        guard let paper = SignboardPaper(rawValue: paperText) else { throw ClientError.badRequest("paper 应为 a4 或 a3") }
        let configured = pages.configuration.publicURL
        let bytes = try await refusing { ledger -> Data in
            let base = try configured ?? ledger.resolvedPublicURL(nil)
            let signs = try ledger.signboards(references: [String(id)], types: [], publicURL: base)
            let path = NSTemporaryDirectory() + "sign-\(UUID().uuidString).pdf"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try ledger.writeSignboards(signs, paper: paper, to: path)
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "inline; filename=\"sign-\(id).pdf\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
