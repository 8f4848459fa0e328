import Attachments
import Foundation
import HTTPTypes
import Hummingbird
import OutfallModel
import Registry
import RegistryStore
import Supervision
import Workflows

/// The supervision ledger in the browser (排查台账): its overview, survey records with their
/// photos, discharging units, and the attachments themselves. Internal data: every page here
/// needs the `read` permission; nothing is public.
struct LedgerPages: Sendable {
    let pages: Pages
    let service: RegistryService
    let files = FileIO()

    func register(on router: Router<OutfallRequestContext>) {
        let ledger = self
        router.get("/ledger") { request, _ in try await ledger.overview(request) }
        router.get("/surveys") { request, _ in try await ledger.surveys(request) }
        router.get("/surveys/:id") { request, context in try await ledger.survey(request, id: context.parameters.get("id") ?? "") }
        router.post("/surveys/:id/review") { request, context in try await ledger.review(request, id: context.parameters.get("id") ?? "") }
        router.get("/units") { request, _ in try await ledger.units(request) }
        router.get("/attachments/:sha") { request, context in
            try await ledger.attachment(request, sha: context.parameters.get("sha") ?? "", context: context)
        }
    }

    /// Runs a ledger read off the event loops.
    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    private func signedIn(_ request: Request, title: String) async throws -> [String: Any] {
        let (context, session) = try await pages.common(request, title: title)
        try Access.require(.read, session)
        return context
    }

    func overview(_ request: Request) async throws -> Response {
        var context = try await signedIn(request, title: "排查台账")
        let counts = try await reading { ledger in
            let files = try ledger.entities(OutfallFile.self)
            let surveys = try ledger.entities(SurveyRecord.self)
            return (
                suspectsOpen: try ledger.entities(Suspect.self).filter { $0.status == .open }.count,
                pending: surveys.filter { $0.review == .pending }.count,
                returned: surveys.filter { $0.review == .returned }.count,
                lifecycle: OutfallLifecycle.allCases.map { state in (state.label, files.filter { $0.lifecycle == state }.count) },
                units: try ledger.entities(DischargingUnit.self).count,
                traces: try ledger.entities(Trace.self).count)
        }
        context["suspectsOpen"] = counts.suspectsOpen
        context["pending"] = counts.pending
        context["returned"] = counts.returned
        context["lifecycle"] = counts.lifecycle.map { ["label": $0.0, "count": $0.1] }
        context["units"] = counts.units
        context["traces"] = counts.traces
        return pages.render("ledger", context)
    }

    func surveys(_ request: Request) async throws -> Response {
        var context = try await signedIn(request, title: "排查记录")
        let state = Query(request)["state"].flatMap(ReviewState.init(rawValue:))
        let records = try await reading { ledger in try ledger.entities(SurveyRecord.self) }
        let shown = records.filter { state == nil || $0.review == state }.reversed()
        context["states"] = ReviewState.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == state] }
        context["count"] = shown.count
        context["rows"] = shown.map { r -> [String: Any] in
            [
                "id": r.id ?? 0, "number": r.recordNumber, "name": r.name, "date": r.surveyedOn, "township": r.township ?? "",
                "water": r.receivingWater ?? "", "review": r.review.label, "reviewState": r.review.rawValue, "photos": r.photos.count,
                "flags": r.flags.count,
            ]
        }
        return pages.render("surveys", context)
    }

    func survey(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text) else { throw ClientError.notFound("没有排查记录 \(text) (no such survey)") }
        var (context, session) = try await pages.common(request, title: "排查记录 \(id)")
        try Access.require(.read, session)
        let found = try await reading { ledger in
            (try ledger.entity(SurveyRecord.self, id: id), try ledger.history(of: EntityRef(.survey, id)))
        }
        guard let record = found.0 else { throw ClientError.notFound("没有排查记录 \(id) (no such survey)") }
        context["id"] = id
        context["name"] = record.name
        context["review"] = record.review.label
        context["reviewState"] = record.review.rawValue
        context["reviewNote"] = record.reviewNote ?? ""
        context["flags"] = record.flags.map { ["text": $0] }
        let q = record.quickTests
        func number(_ value: Double?) -> String { value.map { String(format: "%g", $0) } ?? "—" }
        context["fields"] = [
            ("记录编号", record.recordNumber), ("调查日期", record.surveyedOn), ("排查级别", record.level >= 3 ? "三级" : "二级"),
            ("国家编码", record.nationalCode ?? "—"), ("经纬度", String(format: "%.7f, %.7f", record.lon, record.lat)),
            ("乡镇 / 村", "\(record.township ?? "—") / \(record.village ?? "—")"), ("受纳水体", record.receivingWater ?? "—"),
            ("排污口类型", OutfallType(parsing: record.outfallType)?.label ?? record.outfallType), ("入河方式", record.dischargeWay ?? "—"),
            ("纳入国家平台", record.nationalPlatform.label), ("是否排放", record.discharging.map { $0 ? "是" : "否" } ?? "—"),
            ("感官描述", record.appearance ?? "—"), ("责任主体（记录）", record.responsibleAsWritten ?? "暂无法确定，需进一步溯源"),
            ("问题类型", record.problems.isEmpty ? "—" : record.problems.joined(separator: "、")),
            ("快速检测", "COD \(number(q.cod))　氨氮 \(number(q.ammonia))　总磷 \(number(q.totalPhosphorus))　总氮 \(number(q.totalNitrogen))　pH \(number(q.pH))（mg/L）"),
            ("现场测量", "流量 \(number(q.flow)) m³/d　水温 \(number(q.temperature)) °C　电导率 \(number(q.conductivity)) μS/cm"),
            ("调查组", "\(record.teamLeader ?? "—") \(record.teamPhone ?? "")；\(record.members ?? "")"),
        ].map { ["label": $0.0, "value": $0.1] }
        context["photos"] = record.photos.map { ["caption": $0.caption, "sha": $0.sha256, "file": $0.fileName] }
        context["history"] = found.1.reversed().map(Self.historyRow)
        context["canReview"] = record.review == .pending && session?.user.role.can(.review) == true
        return pages.render("survey", context)
    }

    /// 通过 / 退回 from the survey page: reviewers only, with the form's CSRF token; the use
    /// case decides the rest (a return needs a note, nobody reviews their own submission).
    func review(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text) else { throw ClientError.notFound("没有排查记录 \(text) (no such survey)") }
        let session = try await pages.sessions.current(request)
        let reviewer = try Access.require(.review, session)
        let form = try await pages.form(request, session: session)
        let decision: ReviewDecision
        switch form["decision"] {
        case "accept": decision = .accept
        case "return": decision = .return
        default: throw ClientError.badRequest("请选择“通过”或“退回” (choose accept or return)")
        }
        let note = form["note"]
        let actor = reviewer.user.username
        do {
            _ = try await reading { ledger in try ledger.review(survey: id, decision, note: note, actor: actor) }
        } catch let error as LedgerError where error.isInputProblem {
            throw ClientError(status: error == .notFound(.survey, String(id)) ? .notFound : .conflict, message: "\(error)")
        }
        return Responses.redirect(to: "/surveys/\(id)")
    }

    func units(_ request: Request) async throws -> Response {
        var context = try await signedIn(request, title: "排污单位")
        let units = try await reading { ledger in try ledger.entities(DischargingUnit.self) }
        context["count"] = units.count
        context["rows"] = units.map { u -> [String: Any] in
            ["id": u.id ?? 0, "name": u.name, "code": u.creditCode ?? "—", "permit": u.permitNumber ?? "—", "industry": u.industry ?? "—", "address": u.address ?? "—"]
        }
        return pages.render("units", context)
    }

    /// A stored file, to signed-in readers only: its type is the one decided from its bytes
    /// when it was stored, and it is never sniffed or framed by the browser.
    func attachment(_ request: Request, sha: String, context: OutfallRequestContext) async throws -> Response {
        let (_, session) = try await pages.common(request, title: "附件")
        try Access.require(.read, session)
        guard sha.utf8.count == 64, sha.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw ClientError.notFound("没有这个附件 (no such attachment)")
        }
        let wantsThumbnail = Query(request)["thumb"] == "1"
        let found = try await reading { ledger in
            (try ledger.attachment(sha256: sha), ledger.attachments.path(of: sha), ledger.attachments.thumbnailPath(of: sha))
        }
        guard var record = found.0, FileManager.default.fileExists(atPath: found.1) else {
            throw ClientError.notFound("没有这个附件 (no such attachment)")
        }
        var path = found.1
        // A page's photo grid asks for the small version; the original is one click away.
        if wantsThumbnail, FileManager.default.fileExists(atPath: found.2) {
            path = found.2
            record.mediaType = MediaType.jpeg.rawValue
        }
        var headers = HTTPFields()
        headers[.contentType] = MediaType(rawValue: record.mediaType)?.rawValue ?? "application/octet-stream"
        headers[.contentDisposition] = "inline; filename=\"\(sha).\(MediaType(rawValue: record.mediaType)?.fileExtension ?? "bin")\""
        headers[.cacheControl] = "private, max-age=86400, immutable"
        if let nosniff = HTTPField.Name("X-Content-Type-Options") { headers[nosniff] = "nosniff" }
        return Response(status: .ok, headers: headers, body: try await files.loadFile(path: path, context: context))
    }

    /// One history event as the pages show it: China time, who, what, and each field before → after.
    static func historyRow(_ event: HistoryEvent) -> [String: Any] {
        [
            "at": ChinaTime.display(event.at), "recorded": event.recordedAt == event.at ? "" : ChinaTime.display(event.recordedAt),
            "actor": event.actor, "action": event.action, "reason": event.reason ?? "",
            "changes": event.changes.map { change -> [String: Any] in
                ["field": change.field, "before": change.before?.displayText ?? "—", "after": change.after?.displayText ?? "—"]
            },
        ]
    }
}
