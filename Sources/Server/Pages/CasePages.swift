import Foundation
import Hummingbird
import JSON
import Registry
import RegistryStore
import Supervision
import Workflows

/// One remediation case in the browser (`/cases/{id}`) and as JSON (`/api/cases/{id}`), with
/// the steps the signed-in account may take from here as a form (`POST /cases/{id}/advance`).
/// The ledger decides who may see and move it (department and township scope, the step's
/// permission, nobody reviews their own work); refusals come back as 403/404/409 with why.
/// Evidence files are added at the command line (`case advance --evidence`), not here.
struct CasePages: Sendable {
    let pages: Pages
    let service: RegistryService

    func register(on router: Router<OutfallRequestContext>) {
        let cases = self
        router.get("/cases/:id") { request, context in try await cases.page(request, id: context.parameters.get("id") ?? "") }
        router.get("/api/cases/:id") { request, context in try await cases.json(request, id: context.parameters.get("id") ?? "") }
        router.post("/cases/:id/advance") { request, context in try await cases.advance(request, id: context.parameters.get("id") ?? "") }
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await service.run { registry in try body(Ledger(registry: registry)) }
    }

    static func caseID(_ text: String) throws(ClientError) -> Int64 {
        guard let id = Int64(text), id > 0 else { throw ClientError.notFound("没有案件“\(text.prefix(40))” (no such case)") }
        return id
    }

    func page(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.caseID(text)
        var (context, session) = try await pages.common(request, title: "整治案件 #\(id)")
        let acting = Acting(try Access.require(.read, session).user)
        let found = try await reading { ledger in
            let item = try ledger.remediationCase(id, visibleTo: acting)
            return (item, try ledger.caseHistory(id, visibleTo: acting), try ledger.registry.outfallNames()[item.outfallID])
        }
        let item = found.0
        context["id"] = id
        context["outfallID"] = item.outfallID
        context["outfall"] = found.2 ?? String(item.outfallID)
        context["state"] = item.state.label
        context["stateKey"] = item.state.rawValue
        context["fields"] = Self.fields(item)
        context["evidence"] = item.evidence.map { e in ["kind": e.kind.label, "file": e.fileName, "on": e.addedOn, "sha": e.sha256] }
        context["history"] = found.1.reversed().map(LedgerPages.historyRow)
        context["scope"] = acting.scopeLabel
        // The steps this account may take now: the state machine's next states whose
        // permission the role has (the ledger checks again when the form comes back).
        let steps: [(CaseState, String)] = [
            (.inProgress, item.state == .closed ? "重新整治" : "开始整治"), (.awaitingCheck, "提交核查"), (.countyClosed, "县级预销号"),
            (.closed, "销号"), (.returned, "退回"),
        ]
        context["steps"] = steps.compactMap { (target, label) -> [String: Any]? in
            // With every fact present, only a step the machine never allows from here fails.
            let complete = CaseFacts(
                remediationClass: item.remediationClass, hasBeforePhoto: true, hasDuringPhoto: true, hasAfterPhoto: true, hasSignboard: true,
                hasSamplingPoint: true, hasVerification: true, hasCompliantSampleAfterWork: true, hasWaterAuthorityOpinion: true, hasReason: true)
            guard let event = try? Ledger.event(moving: item, to: target), case .success = item.state.after(event, facts: complete),
                CaseAccess.refusalToAct(event, on: item, by: acting) == nil
            else { return nil }
            return ["to": target.rawValue, "label": label, "needsCheck": target == .countyClosed, "needsNote": target == .returned || event == .reopen]
        }
        return pages.render("case", context)
    }

    static func fields(_ c: RemediationCase) -> [[String: String]] {
        var rows: [(String, String)] = [
            ("整治类型", c.remediationClass.label), ("状态", c.state.label), ("牵头部门", c.department), ("乡镇", c.township ?? "（未定）"),
            ("完成时限", c.deadline),
        ]
        if !c.measures.isEmpty { rows.append(("整治措施", c.measures.joined(separator: "、"))) }
        if let until = c.transitionUntil { rows.append(("过渡期", "至 \(until)：\(c.transitionReason ?? "")")) }
        if let party = c.responsibleParty { rows.append(("责任主体", party)) }
        var flags: [String] = []
        if c.publicUnitOrEstate { flags.append("公共单位或居民小区（统筹协调）") }
        if c.historical { flags.append("历史遗留问题") }
        if c.affectsFloodSafety { flags.append("可能影响防洪排涝或堤防安全（须有水利部门意见）") }
        if c.exceededLimit { flags.append("曾超标排放（预销号前须有达标监测）") }
        if !flags.isEmpty { rows.append(("情形", flags.joined(separator: "；"))) }
        if let v = c.verification { rows.append(("核查记录", "\(v.checkedBy) \(v.checkedOn)\(v.onSite ? " 现场核查" : "")\(v.note.map { "：\($0)" } ?? "")")) }
        if let s = c.compliantSampleOn { rows.append(("整治后达标监测", s)) }
        if let r = c.returnReason { rows.append(("退回原因", r)) }
        if let s = c.submittedBy { rows.append(("提交核查", s)) }
        if let s = c.countyClosedBy { rows.append(("县级预销号", s)) }
        return rows.map { ["label": $0.0, "value": $0.1] }
    }

    func json(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.caseID(text)
        let session = try await pages.sessions.current(request)
        let acting = Acting(try Access.require(.read, session).user)
        let found = try await reading { ledger in (try ledger.remediationCase(id, visibleTo: acting), try ledger.caseHistory(id, visibleTo: acting)) }
        guard case .object(var o) = found.0.json else { return Responses.json(found.0.json) }
        o["history"] = .array(found.1.map(HistoryJSON.event))
        return Responses.json(.object(o))
    }

    /// A step from the case page. The CSRF token is checked first; the ledger then refuses
    /// (403) a step outside the account's scope or permission.
    func advance(_ request: Request, id text: String) async throws -> Response {
        let id = try Self.caseID(text)
        let session = try await pages.sessions.current(request)
        let acting = Acting(try Access.require(.read, session).user)
        let form = try await pages.form(request, session: session)
        guard let target = form["to"].flatMap(CaseState.init(rawValue:)), target != .pending else {
            throw ClientError.badRequest("目标状态应为 in_progress、awaiting_check、county_closed、closed 或 returned (unknown state)")
        }
        let note = form["note"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        if let note, note.count > 2_000 { throw ClientError.badRequest("说明超过 2000 字 (note too long)") }
        var verification: CaseVerification?
        if target == .countyClosed {
            let by = (form["checked_by"] ?? "").trimmingCharacters(in: .whitespaces)
            let on = form["checked_on"] ?? ""
            guard !by.isEmpty, by.count <= 200, on.count == 10, ChinaTime.startOfDayUTC(on) != nil else {
                throw ClientError.badRequest("县级预销号须填写核查人和核查日期 YYYY-MM-DD (verification needs who and when)")
            }
            verification = CaseVerification(checkedBy: by, checkedOn: on, onSite: form["on_site"] == "1", note: note)
        }
        let sample = form["sample_on"].flatMap { $0.isEmpty ? nil : $0 }
        if let sample, sample.count != 10 || ChinaTime.startOfDayUTC(sample) == nil {
            throw ClientError.badRequest("达标监测日期应为 YYYY-MM-DD (bad sample date)")
        }
        let step = Ledger.CaseStep(verification: verification, compliantSampleOn: sample, note: note)
        _ = try await reading { ledger in try ledger.advance(id, to: target, step: step, by: acting) }
        return Responses.redirect(to: "/cases/\(id)")
    }
}
