import Foundation
import Hummingbird
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision
import Workflows

/// 审批/登记 in the browser and the API: the list (overdue flagged), a case page with the
/// frozen checks as of their dates, the opinions and the decision form, the filing form; the
/// same as JSON under `/api/applications`. Published cases on the public site under
/// `/public/applications` (no sign-in; the unit, never a person).
struct ApplicationPages: Sendable {
    let pages: Pages
    let service: RegistryService

    func register(on router: Router<OutfallRequestContext>) {
        let apps = self
        router.get("/applications") { request, _ in try await apps.list(request) }
        router.get("/applications/new") { request, _ in try await apps.newForm(request) }
        router.post("/applications") { request, _ in try await apps.file(request) }
        router.get("/applications/:id") { request, context in try await apps.show(request, id: context.parameters.get("id") ?? "") }
        router.post("/applications/:id/:action") { request, context in
            try await apps.step(request, id: context.parameters.get("id") ?? "", action: context.parameters.get("action") ?? "")
        }
        router.get("/api/applications") { request, _ in try await apps.listJSON(request) }
        router.get("/api/applications/:id") { request, context in try await apps.showJSON(request, id: context.parameters.get("id") ?? "") }
        router.get("/public/applications") { request, _ in try await apps.publicList(request) }
        router.get("/public/api/applications") { _, _ in try await apps.publicJSON() }
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    static func today() -> String { ChinaTime.date(ChinaTime.utcString(Date())) ?? "" }

    static func id(_ text: String) throws(ClientError) -> Int64 {
        guard text.count <= 19, let id = Int64(text), id > 0 else { throw ClientError.notFound("没有申请 \(text.prefix(40)) (no such application)") }
        return id
    }

    // MARK: Staff pages

    func list(_ request: Request) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "审批与登记")
        try Access.require(.read, session)
        let today = Self.today()
        let wanted = Query(request)["state"].flatMap { $0.isEmpty ? nil : ApplicationState(parsing: $0) }
        let overdueOnly = Query(request)["overdue"] == "1"
        let (items, calendar) = try await reading { ledger in (try ledger.applications(), try ledger.workingCalendar()) }
        let shown = items.filter { a in (wanted == nil || a.state == wanted) && (!overdueOnly || a.isOverdue(on: today, calendar: calendar)) }
        context["rows"] = shown.reversed().map { a -> [String: Any] in
            [
                "id": a.id ?? 0, "kind": a.kind.label, "track": a.track.label, "applicant": a.applicant.name, "type": a.outfallTypeLabel,
                "verdict": a.currentCheck?.verdict.label ?? "—", "verdictClass": a.currentCheck?.verdict.rawValue ?? "", "state": a.state.label,
                "filedOn": a.filedOn, "deadline": a.deadline(calendar) ?? "—", "overdue": a.isOverdue(on: today, calendar: calendar),
            ]
        }
        context["count"] = shown.count
        let overdueCount = items.filter { $0.isOverdue(on: today, calendar: calendar) }.count
        context["overdueCount"] = overdueCount
        context["hasOverdue"] = overdueCount > 0
        context["period"] = calendar.decisionPeriodDays
        context["canFile"] = session?.user.role.can(.editRegistry) == true
        context["states"] = ApplicationState.allCases.map { s in ["value": s.rawValue, "label": s.label, "selected": s == wanted] }
        return pages.render("applications", context)
    }

    func newForm(_ request: Request) async throws -> Response {
        var (context, session) = try await pages.common(request, title: "受理排污口设置申请")
        try Access.require(.editRegistry, session)
        context["kinds"] = ApplicationKind.allCases.map { ["value": $0.rawValue, "label": $0.label] }
        // Prefilled from the check report (a map click or a typed point), CGCS2000.
        let query = Query(request)
        func coordinate(_ name: String) -> String { query[name].flatMap { $0.count <= 40 && Double($0)?.isFinite == true ? $0 : nil } ?? "" }
        context["lon"] = coordinate("lon")
        context["lat"] = coordinate("lat")
        let wanted = query["type"].flatMap(OutfallType.init(parsing:))
        context["types"] = OutfallTypeChoices.all.map { choice in
            var c = choice
            c["selected"] = (choice["value"] as? String) == wanted?.rawValue
            return c
        }
        context["documentKinds"] = ApplicationDocument.Kind.allCases.filter { $0 != .opinion }.map { ["value": $0.rawValue, "label": $0.label] }
        return pages.render("application-new", context)
    }

    /// The filing form: URL-encoded, or multipart with one document (论证报告/登记表…), which
    /// goes through the same attachment store as the CLI's `--document`.
    func file(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        let clerk = try Access.require(.editRegistry, session)
        let field: (String) -> String?
        var upload: (filename: String, bytes: [UInt8])?
        if let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType) {
            let body = try await request.collectBody(upTo: pages.configuration.maximumUploadSize, timeout: .seconds(pages.configuration.idleTimeout * 4))
            let form = try MultipartForm(Array(buffer: body), boundary: boundary)
            guard Sessions.validCSRF(form.text("csrf"), session: session, request: request) else {
                throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新页面后重试 (CSRF check failed)")
            }
            field = { form.text($0) }
            if let file = form.file("document"), !file.bytes.isEmpty { upload = file }
        } else {
            let form = try await pages.form(request, session: session)
            field = { form[$0] }
        }
        guard let kind = field("kind").flatMap(ApplicationKind.init(parsing:)) else { throw ClientError.badRequest("请选择申请类别（新设/改设/扩大）(choose a kind)") }
        func number(_ name: String, _ label: String, required: Bool) throws(ClientError) -> Double? {
            guard let text = field(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                if required { throw ClientError.badRequest("请填写\(label) (\(name) required)") }
                return nil
            }
            guard text.count <= 40, let v = Double(text), v.isFinite else { throw ClientError.badRequest("\(label)应为数字，收到“\(text.prefix(40))” (\(name) must be a number)") }
            return v
        }
        func text(_ name: String) -> String? { field(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var filing = ApplicationRequest(
            kind: kind, type: text("type") ?? "", x: try number("lon", "经度", required: true) ?? 0, y: try number("lat", "纬度", required: true) ?? 0,
            crs: text("crs"), applicant: text("applicant") ?? "", applicantName: text("applicant_name"), outfallName: text("name"),
            capacityM3PerDay: try number("capacity", "设计排放能力", required: false), receivingWater: text("receiving_water"))
        var directory: String?
        defer { if let directory { try? FileManager.default.removeItem(atPath: directory) } }
        if let upload {
            if let problem = Pages.uploadNameProblem(upload.filename) {
                throw ClientError.badRequest("文件名“\(upload.filename.prefix(40))”不可用：\(problem)，请改名后重新上传 (bad file name)")
            }
            let documentKind = text("document_kind").flatMap(ApplicationDocument.Kind.init(rawValue:))
            let folder = NSTemporaryDirectory() + "outfalls-application-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            directory = folder
            let path = folder + "/" + upload.filename
            guard FileManager.default.createFile(atPath: path, contents: Data(upload.bytes)) else {
                throw ClientError(status: .internalServerError, message: "服务器无法保存上传的文件，申请未受理 (could not store the upload)")
            }
            filing.documents = [(documentKind, path)]
        }
        let actor = clerk.user.username
        let request = filing
        let filed = try await reading { ledger in try ledger.fileApplication(request, actor: actor) }
        return Responses.redirect(to: "/applications/\(filed.id ?? 0)")
    }

    func show(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.id(text)
        var (context, session) = try await pages.common(request, title: "申请 #\(id)")
        try Access.require(.read, session)
        let (a, calendar, history) = try await reading { ledger in
            (try ledger.application(id), try ledger.workingCalendar(), try ledger.history(of: EntityRef(Application.kind, id)))
        }
        context["title"] = "申请 #\(id) \(a.outfallName)"
        let today = Self.today()
        context["id"] = id
        context["name"] = a.outfallName
        context["state"] = a.state.label
        context["stateValue"] = a.state.rawValue
        context["overdue"] = a.isOverdue(on: today, calendar: calendar)
        context["deadline"] = a.deadline(calendar) ?? "—"
        context["period"] = calendar.decisionPeriodDays
        context["facts"] = [
            ("申请类别", a.kind.label), ("程序", a.track.label), ("申请单位", a.applicant.name + (a.applicant.creditCode.map { "（\($0)）" } ?? "")),
            ("排污口类型", a.outfallTypeLabel), ("位置（CGCS2000）", String(format: "%.6f, %.6f", a.lon, a.lat)),
            ("原坐标", "\(a.origin.x), \(a.origin.y)（\(a.origin.crs)）"),
            ("设计排放能力", a.capacityM3PerDay.map { String(format: "%g m³/d", $0) } ?? "—"), ("受纳水体", a.receivingWater ?? "—"),
            ("受理", "\(a.filedOn)（\(a.filedBy)）"), ("已入库排污口", a.outfallID.map { "#\($0)（新增）" } ?? "—"),
        ].map { ["label": $0.0, "value": $0.1] }
        context["outfallID"] = a.outfallID ?? 0
        context["hasOutfall"] = a.outfallID != nil
        context["checks"] = a.checks.enumerated().map { (i, c) -> [String: Any] in
            [
                "heading": i == 0 ? "受理时核查（存档）" : "重新核查 \(i)", "at": ChinaTime.display(c.checkedAt), "by": c.checkedBy,
                "verdict": c.verdict.label, "verdictClass": c.verdict.rawValue, "rules": "\(c.rulesTitle) \(c.rulesVersion)", "layers": c.layerVersions.replacingOccurrences(of: ";", with: "; "),
                "river": c.snappedRiver ?? "未能确定", "township": c.township ?? "—", "schematic": c.usesSchematicData,
                "findings": c.findings.map { f -> [String: Any] in
                    ["severity": f.severity.label, "severityClass": f.severity.rawValue, "title": f.title, "feature": f.feature,
                     "basis": f.basis, "unconfirmed": !f.basisConfirmed, "action": f.action ?? "", "consult": f.consultation?.shortLabel ?? ""]
                },
            ]
        }
        context["needed"] = a.consultationsNeeded.map { n in
            ["label": n.label, "done": a.consultations.contains { $0.authority == n }]
        }
        context["consultations"] = a.consultations.map { ["authority": $0.authority.shortLabel, "opinion": $0.opinion, "on": $0.on, "by": $0.by] }
        context["documents"] = a.documents.map { ["kind": $0.kind.label, "file": $0.fileName, "sha": $0.sha256, "on": $0.addedOn] }
        if let d = a.decision { context["decision"] = ["outcome": d.outcome.label, "reasons": d.reasons, "by": d.decidedBy, "on": d.decidedOn] }
        if let r = a.registration { context["registration"] = ["by": r.by, "on": r.on, "note": r.note ?? ""] }
        if let p = a.publication { context["publication"] = ["on": p.on] }
        if let w = a.withdrawal { context["withdrawal"] = ["on": w.on, "reason": w.note ?? ""] }
        let role = session?.user.role
        let canDecide = role?.can(.decideApplications) == true
        let canClerk = role?.can(.editRegistry) == true
        context["canConsult"] = canClerk && [.accepted, .underReview, .submitted].contains(a.state)
        context["canDecide"] = canDecide && [.accepted, .underReview].contains(a.state)
        context["canRegister"] = canDecide && a.state == .submitted
        context["canPublish"] = canDecide && [.decided, .registered].contains(a.state)
        context["canWithdraw"] = canDecide && a.state.isOpen
        context["canRecheck"] = canClerk && a.state != .withdrawn && a.state != .published
        context["missing"] = a.missingConsultations.map(\.shortLabel).joined(separator: "、")
        context["authorities"] = ConsultingAuthority.allCases.map { ["value": $0.rawValue, "label": $0.label] }
        context["today"] = today
        context["history"] = history.reversed().map { e -> [String: Any] in
            ["at": ChinaTime.display(e.at), "actor": e.actor, "action": e.action, "reason": e.reason ?? ""]
        }
        return pages.render("application", context)
    }

    /// A step from the case page: staff only, with the form's CSRF token; the use case and
    /// the state machine decide the rest (a refused step is a 409 saying why).
    func step(_ request: Request, id text: String, action: String) async throws -> Response {
        let id = try Self.id(text)
        let session = try await pages.sessions.current(request)
        let needed: Permission
        switch action {
        case "consult", "recheck": needed = .editRegistry
        case "decide", "register", "publish", "withdraw": needed = .decideApplications
        default: throw ClientError.notFound("没有这个操作：\(action.prefix(40)) (no such action)")
        }
        let user = try Access.require(needed, session)
        let form = try await pages.form(request, session: session)
        let actor = user.user.username
        let reason = form["reason"]
        switch action {
        case "consult":
            guard let authority = form["authority"].flatMap(ConsultingAuthority.init(parsing:)) else {
                throw ClientError.badRequest("请选择征求意见的部门 (choose an authority)")
            }
            let opinion = form["opinion"] ?? ""
            let on = form["on"].flatMap { $0.isEmpty ? nil : $0 }
            _ = try await reading { ledger in try ledger.consultApplication(id, authority: authority, opinion: opinion, on: on, actor: actor) }
        case "recheck":
            _ = try await reading { ledger in try ledger.recheckApplication(id, actor: actor) }
        case "decide":
            let approve: Bool
            switch form["decision"] {
            case "approve": approve = true
            case "refuse": approve = false
            default: throw ClientError.badRequest("请选择“同意”或“不予同意” (choose approve or refuse)")
            }
            _ = try await reading { ledger in try ledger.decideApplication(id, approve: approve, reason: reason ?? "", actor: actor) }
        case "register":
            let note = reason.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            _ = try await reading { ledger in try ledger.registerApplication(id, reason: note, actor: actor) }
        case "publish":
            _ = try await reading { ledger in try ledger.publishApplication(id, actor: actor) }
        default:
            _ = try await reading { ledger in try ledger.withdrawApplication(id, reason: reason ?? "", actor: actor) }
        }
        return Responses.redirect(to: "/applications/\(id)")
    }

    // MARK: API

    func listJSON(_ request: Request) async throws -> Response {
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        let today = Self.today()
        let (items, calendar) = try await reading { ledger in (try ledger.applications(), try ledger.workingCalendar()) }
        return Responses.json(.array(items.map { $0.json(calendar: calendar, today: today) }))
    }

    func showJSON(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.id(text)
        let session = try await pages.sessions.current(request)
        try Access.require(.read, session)
        let (a, calendar, history) = try await reading { ledger in
            (try ledger.application(id), try ledger.workingCalendar(), try ledger.history(of: EntityRef(Application.kind, id)))
        }
        guard case .object(var o) = a.json(calendar: calendar, today: Self.today()) else { return Responses.json(.null) }
        o["history"] = .array(history.map(HistoryJSON.event))
        return Responses.json(.object(o))
    }

    // MARK: Public

    func publicList(_ request: Request) async throws -> Response {
        let items = try await reading { ledger in try ledger.publishedApplications() }
        let schematic = try await service.run { registry in try registry.isSchematic() }
        var context: [String: Any] = ["title": "排污口设置审批与登记公开", "schematic": schematic, "nav_applications": true]
        context["rows"] = items.reversed().map { a -> [String: Any] in
            [
                "id": a.id ?? 0, "kind": a.kind.label, "track": a.track.label, "applicant": a.publicApplicant, "code": a.applicant.creditCode ?? "",
                "name": a.outfallName, "type": a.outfallTypeLabel, "location": String(format: "%.6f, %.6f", a.lon, a.lat),
                "water": a.receivingWater ?? "—", "result": a.publicResult, "refused": a.decision?.outcome == .refused,
                "reasons": a.decision?.reasons ?? "", "on": a.decision?.decidedOn ?? a.registration?.on ?? "", "published": a.publication?.on ?? "",
                "outfallID": a.outfallID ?? 0, "hasOutfall": a.outfallID != nil,
            ]
        }
        context["count"] = items.count
        return pages.render("public-applications", context)
    }

    func publicJSON() async throws -> Response {
        let items = try await reading { ledger in try ledger.publishedApplications() }
        return Responses.json(.array(items.map(\.publicJSON)))
    }
}

/// The HJ 1312 types for the filing form's list, with their track.
enum OutfallTypeChoices {
    static var all: [[String: Any]] {
        OutfallType.allCases.filter { $0 != .undetermined }.map { t in
            ["value": t.rawValue, "label": "\(t.label)（\(t.approvalTrack.label)）"]
        }
    }
}
