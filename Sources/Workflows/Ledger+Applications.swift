import Attachments
import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Siting
import Supervision

/// What a person files: the application before it has an id or a check.
public struct ApplicationRequest: Sendable {
    public var kind: ApplicationKind
    /// HJ 1312 type, Chinese or English name.
    public var type: String
    public var x: Double
    public var y: Double
    /// EPSG code, `gcj02` or `bd09`; nil for CGCS2000.
    public var crs: String?
    /// 统一社会信用代码 or the unit's name.
    public var applicant: String
    /// The unit's name when `applicant` is a code of a unit not in the ledger.
    public var applicantName: String?
    public var outfallName: String?
    public var capacityM3PerDay: Double?
    public var receivingWater: String?
    /// Files to attach, with their kind (nil: the track's filing document).
    public var documents: [(kind: ApplicationDocument.Kind?, path: String)]

    public init(
        kind: ApplicationKind, type: String, x: Double, y: Double, crs: String? = nil, applicant: String, applicantName: String? = nil,
        outfallName: String? = nil, capacityM3PerDay: Double? = nil, receivingWater: String? = nil,
        documents: [(kind: ApplicationDocument.Kind?, path: String)] = []
    ) {
        self.kind = kind
        self.type = type
        self.x = x
        self.y = y
        self.crs = crs
        self.applicant = applicant
        self.applicantName = applicantName
        self.outfallName = outfallName
        self.capacityM3PerDay = capacityM3PerDay
        self.receivingWater = receivingWater
        self.documents = documents
    }
}

/// 审批/登记 (生态环境部令第35号): filing with the siting check frozen into the case, opinions,
/// the decision or registration (the outfall enters the registry as 新增), publication,
/// withdrawal, re-checks, and the working-day calendar of the decision period.
extension Ledger {
    /// Largest design capacity accepted (m³/d): far above any county plant, catches typos.
    public static let maxCapacity = 10_000_000.0
    public static let maxDocuments = 20

    // MARK: Reading

    public func applications() throws(LedgerError) -> [Application] { try entities(Application.self) }

    public func application(_ id: Int64) throws(LedgerError) -> Application {
        guard let found = try entity(Application.self, id: id) else { throw .notFound(Application.kind, String(id)) }
        return found
    }

    /// The working-day calendar (the defaults until the county edits it).
    public func workingCalendar() throws(LedgerError) -> WorkingCalendar {
        try read { reader in
            guard let stored = try reader.document(EntityRef(WorkingCalendar.kind, WorkingCalendar.documentID)) else { return WorkingCalendar.defaults }
            return try WorkingCalendar.decode(stored)
        }
    }

    /// Published applications only, for the public site.
    public func publishedApplications() throws(LedgerError) -> [Application] {
        try applications().filter { $0.state == .published }
    }

    // MARK: Filing

    /// 审批 for 工矿企业, 园区污水处理厂 and 城镇污水处理厂 outfalls, 登记 for every other type
    /// (``OutfallType/approvalTrack``); nil for a type not yet determined, which cannot apply.
    public static func applicationTrack(for type: OutfallType) -> ApplicationTrack? {
        switch type.approvalTrack {
        case .approval: .approval
        case .registration: .registration
        case .undetermined: nil
        }
    }

    /// Files an application: the track follows the type, the siting check runs and is frozen
    /// into the case, the documents are stored. Throws ``LedgerError`` for refused input and
    /// `RegistryError` when the place cannot be checked (outside the region, bad CRS, a check
    /// that could not be evaluated): no case is filed on a check that did not run.
    public func fileApplication(_ request: ApplicationRequest, actor: String, at: String? = nil) throws -> Application {
        guard let type = OutfallType(parsing: request.type) else {
            throw LedgerError.refused(subject: "排污口类型", reason: "未知类型“\(request.type.prefix(60))”：应为 \(OutfallType.acceptedValues)")
        }
        guard let track = Self.applicationTrack(for: type) else {
            throw LedgerError.refused(subject: "排污口类型", reason: "类型未定的排污口不能申请；请按 HJ 1312 确定类型")
        }
        let applicant = try resolveApplicant(request.applicant, name: request.applicantName)
        if let capacity = request.capacityM3PerDay {
            guard capacity.isFinite, capacity > 0, capacity <= Self.maxCapacity else {
                throw LedgerError.refused(subject: "设计排放能力", reason: "应为大于 0、不超过 \(Int(Self.maxCapacity)) 的立方米/日数值")
            }
        }
        let receiving = try request.receivingWater.map { w throws(LedgerError) in try Self.text(w, field: "受纳水体", limit: 200) }
        let given = try request.outfallName.map { n throws(LedgerError) in try Self.text(n, field: "排污口名称", limit: 200) }
        guard request.documents.count <= Self.maxDocuments else {
            throw LedgerError.refused(subject: "申请材料", reason: "最多 \(Self.maxDocuments) 个文件")
        }
        let crs: CRS
        do { crs = try request.crs.map { try CRS(parsing: $0) } ?? .cgcs2000 } catch { throw LedgerError.refused(subject: "坐标系", reason: "\(error)") }
        guard request.x.isFinite, request.y.isFinite else { throw LedgerError.refused(subject: "坐标", reason: "不是有限数值") }
        let now = at ?? Timestamp.now()
        let report = try registry.check(GivenPoint(Coordinate(x: request.x, y: request.y), crs: crs), type: type)
        let check = Self.freeze(report, signature: try registry.layerSignature(), at: now, by: actor)
        let day = ChinaTime.date(now) ?? String(now.prefix(10))
        // The default name carries the unit's name only for an organisation: an applicant
        // without a code may be a person, and the name is published.
        let isOrganisation = applicant.creditCode != nil || applicant.unitID != nil
        let name = given ?? String((isOrganisation ? "\(applicant.name)\(type.label)" : "\(check.township ?? "")\(request.kind.label)\(type.label)").prefix(200))
        return try withStaged(request.documents.map { ($0.kind ?? .filing(for: track), $0.path) }, actor: actor, at: now) { staged, tx throws in
            var application = Application(
                kind: request.kind, track: track, applicant: applicant, outfallName: name, outfallType: type.rawValue, outfallTypeLabel: type.label,
                lon: report.location.x, lat: report.location.y, origin: GivenPosition(x: request.x, y: request.y, crs: crs.description),
                capacityM3PerDay: request.capacityM3PerDay, receivingWater: receiving, checks: [check], filedOn: day, filedBy: actor)
            try tx.create(&application, action: "application.file", reason: "\(request.kind.label)\(type.label)，\(track.label)")
            try attach(staged, to: &application, day: day, tx: tx)
            if !staged.isEmpty { try tx.save(application, action: "application.documents") }
            return application
        }
    }

    /// The applicant a person names: a credit code (validated, and matched to a unit in the
    /// ledger), or a unit's name (matched by exact name, else taken as given).
    func resolveApplicant(_ text: String, name given: String?) throws(LedgerError) -> Applicant {
        let trimmed = try Self.text(text, field: "申请单位", limit: 200)
        let normalized = CreditCode.normalized(trimmed)
        let givenName = try given.map { n throws(LedgerError) in try Self.text(n, field: "申请单位名称", limit: 200) }
        let units = try units()
        if normalized.count == 18, normalized.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            let code = try CreditCode.validated(trimmed, subject: "申请单位")
            if let unit = units.first(where: { $0.creditCode == code }) {
                return Applicant(name: unit.name, creditCode: code, unitID: unit.id)
            }
            guard let givenName else {
                throw LedgerError.refused(subject: "申请单位", reason: "统一社会信用代码 \(code) 不在排污单位名录中；请同时给出单位名称（--applicant-name）")
            }
            return Applicant(name: givenName, creditCode: code)
        }
        if let unit = units.first(where: { $0.name == trimmed }) {
            return Applicant(name: unit.name, creditCode: unit.creditCode, unitID: unit.id)
        }
        return Applicant(name: trimmed)
    }

    /// The check as the case keeps it.
    static func freeze(_ report: CheckReport, signature: String, at: String, by: String) -> FrozenCheck {
        let findings = report.verdict.findings.map { f in
            let zoneKind = f.feature.layer == .zones ? f.feature.kind : nil
            var blocks = false
            if case .waterFunction(_, let attains, _) = f.rule.condition, attains == false { blocks = true }
            return FrozenFinding(
                rule: f.rule.id, title: f.rule.title, severity: CheckVerdict(rawValue: f.severity.rawValue) ?? .prohibited, basis: f.rule.basis,
                basisConfirmed: f.rule.basisConfirmed, feature: [f.feature.label, f.feature.name].filter { !$0.isEmpty }.joined(separator: " "),
                zoneKind: zoneKind, distanceM: (f.distance * 10).rounded() / 10, authority: f.rule.authority, action: f.rule.action, note: f.note,
                consultation: ConsultingAuthority.needed(zoneKind: zoneKind, ruleAuthority: f.rule.authority), blocksNewOutfalls: blocks)
        }
        let snapped = report.snap.status == .ok || report.snap.status == .ambiguous ? report.snap.best : nil
        return FrozenCheck(
            checkedAt: at, checkedBy: by, verdict: CheckVerdict(rawValue: report.verdict.verdict.rawValue) ?? .prohibited, findings: findings,
            rulesVersion: report.rulesVersion, rulesTitle: report.rulesTitle, layerVersions: signature, township: report.township,
            snappedRiver: snapped?.river, snapDistanceM: snapped.map { ($0.offset * 10).rounded() / 10 }, usesSchematicData: report.usesSchematicData)
    }

    // MARK: Steps

    /// Runs the siting check again with today's rules and layers and adds it as a new, dated
    /// entry; the earlier checks stay as they were.
    public func recheckApplication(_ id: Int64, actor: String, at: String? = nil) throws -> Application {
        let current = try application(id)
        guard current.state != .withdrawn, current.state != .published else {
            throw LedgerError.illegalTransition(entity: "申请 #\(id)", from: current.state.label, event: "重新核查", reason: "已办结或已撤回的申请不再核查")
        }
        guard let type = OutfallType(rawValue: current.outfallType) else { throw LedgerError.corrupt(Application.kind, id, "unknown type") }
        let now = at ?? Timestamp.now()
        let report = try registry.check(GivenPoint(Coordinate(lon: current.lon, lat: current.lat)), type: type)
        let check = Self.freeze(report, signature: try registry.layerSignature(), at: now, by: actor)
        return try change(actor: actor, at: now) { tx in
            var item = try Self.load(id, tx)
            item.checks.append(check)
            try tx.save(item, action: "application.recheck", reason: "重新核查：\(check.verdict.label)（规则 \(check.rulesVersion)）")
            return item
        }
    }

    /// Records an authority's opinion (with its letter, if given).
    public func consultApplication(
        _ id: Int64, authority: ConsultingAuthority, opinion: String, on: String?, document: String? = nil, actor: String, at: String? = nil
    ) throws(LedgerError) -> Application {
        let opinion = try Self.text(opinion, field: "意见", limit: 2_000)
        let now = at ?? Timestamp.now()
        let today = ChinaTime.date(now) ?? String(now.prefix(10))
        let day = try on.map { d throws(LedgerError) in try WorkingCalendar.validDay(d, subject: "意见日期") } ?? today
        guard day <= today else { throw .refused(subject: "意见日期", reason: "不能晚于今天（\(today)）") }
        return try withStaged(document.map { [(ApplicationDocument.Kind.opinion, $0)] } ?? [], actor: actor, at: now) { staged, tx throws in
            var item = try Self.load(id, tx)
            try Self.move(&item, .consult, reason: opinion)
            item.consultations.append(Consultation(authority: authority, opinion: opinion, on: day, by: actor))
            try attach(staged, to: &item, day: today, tx: tx)
            try tx.save(item, action: "application.consult", reason: "\(authority.shortLabel)：\(opinion)")
            return item
        }
    }

    /// 同意 or 不予同意 (审批). An approval enters the outfall into the registry as 新增 with the
    /// decision linked, in the same transaction.
    public func decideApplication(_ id: Int64, approve: Bool, reason: String, actor: String, at: String? = nil) throws(LedgerError) -> Application {
        let reason = try Self.text(reason, field: "理由", limit: 2_000)
        let saved = try settle(id, event: approve ? .approve : .refuse, reason: reason, actor: actor, at: at) { item, day in
            item.decision = ApplicationDecision(outcome: approve ? .approved : .refused, reasons: reason, decidedBy: actor, decidedOn: day)
        }
        return saved
    }

    /// 登记: the 登记表 is accepted; the outfall enters the registry as 新增.
    public func registerApplication(_ id: Int64, reason: String?, actor: String, at: String? = nil) throws(LedgerError) -> Application {
        let note = try reason.map { r throws(LedgerError) in try Self.text(r, field: "说明", limit: 2_000) }
        return try settle(id, event: .register, reason: note, actor: actor, at: at) { item, day in
            item.registration = ApplicationStep(by: actor, on: day, note: note)
        }
    }

    /// 公开: the decision or registration goes on the public site.
    public func publishApplication(_ id: Int64, actor: String, at: String? = nil) throws(LedgerError) -> Application {
        try settle(id, event: .publish, reason: nil, actor: actor, at: at) { item, day in
            item.publication = ApplicationStep(by: actor, on: day)
        }
    }

    /// 撤回 at any open step, with the reason.
    public func withdrawApplication(_ id: Int64, reason: String, actor: String, at: String? = nil) throws(LedgerError) -> Application {
        let reason = try Self.text(reason, field: "撤回原因", limit: 2_000)
        return try settle(id, event: .withdraw, reason: reason, actor: actor, at: at) { item, day in
            item.withdrawal = ApplicationStep(by: actor, on: day, note: reason)
        }
    }

    /// One step through the state machine; approvals and registrations also write the outfall
    /// feature and its file (新增), all in one transaction.
    private func settle(
        _ id: Int64, event: ApplicationEvent, reason: String?, actor: String, at: String?, update: (inout Application, String) -> Void
    ) throws(LedgerError) -> Application {
        let now = at ?? Timestamp.now()
        let day = ChinaTime.date(now) ?? String(now.prefix(10))
        let enters = event == .approve || event == .register
        let saved = try writeTogether { registryTx in
            let tx = LedgerTransaction(writer: registryTx.ledger, actor: actor, at: now, recordedAt: Timestamp.now())
            var item = try Self.load(id, tx)
            try Self.move(&item, event, reason: reason)
            update(&item, day)
            var related: [EntityRef] = []
            if enters {
                let outfallID = try enterOutfall(item, registryTx: registryTx, tx: tx, actor: actor)
                item.outfallID = outfallID
                related = [EntityRef(.layer("outfalls"), outfallID), EntityRef(.outfall, outfallID)]
            }
            try tx.save(item, action: "application.\(event.rawValue)", reason: reason, related: related)
            return item
        }
        if enters { _ = try? registry.refreshSnaps() }  // derived; the next command that needs it redoes it
        return saved
    }

    /// Writes the approved or registered outfall: the feature (拟设置) and its file (新增), linked
    /// to the application in both histories.
    private func enterOutfall(_ item: Application, registryTx: RegistryTransaction, tx: LedgerTransaction, actor: String) throws -> Int64 {
        guard let appID = item.id, let type = OutfallType(rawValue: item.outfallType) else { throw LedgerError.corrupt(Application.kind, item.id, "type") }
        var extra = JSONObject()
        extra["application_id"] = .number(Double(appID))
        if let w = item.receivingWater { extra["receiving_water"] = .string(w) }
        if let c = item.capacityM3PerDay { extra["design_capacity_m3d"] = .number(c) }
        if let code = item.applicant.creditCode { extra["applicant_credit_code"] = .string(code) }
        let outfall = Outfall(
            key: "application-\(appID)", name: item.outfallName, type: type, status: .proposed, responsible: item.applicant.name,
            location: Coordinate(lon: item.lon, lat: item.lat), extra: extra)
        let how = item.track == .approval ? "审批同意" : "登记"
        let source = SourceRecord(
            layer: .outfalls, fileName: "申请 #\(appID)", fileSHA256: "", fileFormat: "application", crs: CRS.cgcs2000.description, featureCount: 1,
            provenance: "\(item.kind.label)排污口申请 #\(appID) \(how)（\(actor)）")
        _ = try registryTx.importRecords([outfall], source: source, actor: actor)
        guard let stored = try registryTx.fetch(Outfall.self, key: outfall.key), let id = stored.id else {
            throw LedgerError.storage("排污口写入后读不到 (outfall not found after writing)")
        }
        var file = try tx.load(OutfallFile.self, id: id) ?? OutfallFile(id: id, lifecycle: .verified)
        file.lifecycle = try Self.step(file.lifecycle, .registerNew, outfallID: id)
        if file.temporaryNumber == nil { file.temporaryNumber = Self.temporaryNumber(county: registry.settings.countyAdcode, outfallID: id) }
        file.note = "\(how)：申请 #\(appID)"
        try tx.save(file, action: "register_new", reason: "\(how)：申请 #\(appID)", related: [EntityRef(Application.kind, appID)])
        return id
    }

    static func load(_ id: Int64, _ tx: LedgerTransaction) throws -> Application {
        guard let item = try tx.load(Application.self, id: id) else { throw LedgerError.notFound(Application.kind, String(id)) }
        return item
    }

    static func move(_ item: inout Application, _ event: ApplicationEvent, reason: String?) throws(LedgerError) {
        switch item.state.after(event, facts: item.facts(reason: reason)) {
        case .success(let next): item.state = next
        case .failure(let refusal):
            throw .illegalTransition(entity: "申请 #\(item.id ?? 0)", from: item.state.label, event: event.label, reason: refusal.reason)
        }
    }

    // MARK: Documents

    /// Stages `files`, runs `body` in one ledger transaction with them, publishes them once it
    /// committed, discards them if it did not.
    private func withStaged<T>(
        _ files: [(ApplicationDocument.Kind, String)], actor: String, at: String?,
        _ body: ([(ApplicationDocument.Kind, StagedAttachment)], LedgerTransaction) throws -> T
    ) throws(LedgerError) -> T {
        let lock: StagingLock?
        do { lock = files.isEmpty ? nil : try StagingLock(store: attachments, exclusive: false, wait: true) } catch { throw Self.ledgerError(error) }
        defer { withExtendedLifetime(lock) {} }
        var staged: [(ApplicationDocument.Kind, StagedAttachment)] = []
        do {
            for (kind, path) in files {
                staged.append((kind, try attachments.stage(contentsOf: path, fileName: (path as NSString).lastPathComponent)))
            }
        } catch {
            for (_, s) in staged { attachments.discard(s) }
            throw Self.ledgerError(error)
        }
        let result: T
        do {
            result = try change(actor: actor, at: at) { tx in try body(staged, tx) }
        } catch {
            for (_, s) in staged { attachments.discard(s) }
            throw Self.ledgerError(error)
        }
        for (_, s) in staged { try? attachments.publish(s) }
        return result
    }

    /// Records the staged files as attachments of the application and lists them in its file.
    private func attach(_ staged: [(ApplicationDocument.Kind, StagedAttachment)], to item: inout Application, day: String, tx: LedgerTransaction) throws {
        guard let id = item.id else { return }
        for (kind, file) in staged {
            var record = AttachmentRecord(
                sha256: file.sha256, fileName: file.fileName, mediaType: file.mediaType.rawValue, byteCount: file.byteCount,
                owner: EntityRef(Application.kind, id), caption: kind.label)
            try tx.create(&record, related: [EntityRef(Application.kind, id)])
            item.documents.append(ApplicationDocument(kind: kind, sha256: file.sha256, fileName: file.fileName, addedOn: day))
        }
    }

    // MARK: Calendar

    public enum CalendarEdit: Sendable {
        case addHoliday(String), addWorkday(String), remove(String), decisionPeriod(Int)
    }

    /// Edits the working-day calendar; every edit is an event in its history.
    public func editCalendar(_ edit: CalendarEdit, actor: String) throws(LedgerError) -> WorkingCalendar {
        try change(actor: actor) { tx in
            var calendar = try tx.load(WorkingCalendar.self, id: WorkingCalendar.documentID) ?? WorkingCalendar.defaults
            let action: String
            switch edit {
            case .addHoliday(let text):
                let day = try WorkingCalendar.validDay(text, subject: "节假日")
                calendar.workdays.removeAll { $0 == day }
                if !calendar.holidays.contains(day) { calendar.holidays = (calendar.holidays + [day]).sorted() }
                action = "calendar.add_holiday"
            case .addWorkday(let text):
                let day = try WorkingCalendar.validDay(text, subject: "调休工作日")
                calendar.holidays.removeAll { $0 == day }
                if !calendar.workdays.contains(day) { calendar.workdays = (calendar.workdays + [day]).sorted() }
                action = "calendar.add_workday"
            case .remove(let text):
                let day = try WorkingCalendar.validDay(text, subject: "日期")
                calendar.holidays.removeAll { $0 == day }
                calendar.workdays.removeAll { $0 == day }
                action = "calendar.remove"
            case .decisionPeriod(let days):
                guard (1...WorkingCalendar.maxDecisionPeriod).contains(days) else {
                    throw LedgerError.refused(subject: "审批时限", reason: "应为 1–\(WorkingCalendar.maxDecisionPeriod) 个工作日")
                }
                calendar.decisionPeriodDays = days
                action = "calendar.decision_period"
            }
            guard calendar.holidays.count + calendar.workdays.count <= 2_000 else {
                throw LedgerError.refused(subject: "工作日历", reason: "日期过多（上限 2000 个）")
            }
            try tx.save(calendar, action: action)
            return calendar
        }
    }
}
