import Attachments
import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision

/// 整治销号: the abnormal set, remediation cases through their state machine, and progress
/// against the targets as of any date (replayed from the history).
extension Ledger {
    /// The rivers whose outfalls count toward the targets (the plan's scope), besides the
    /// county town's built-up area.
    public static let scopeRivers: Set<String> = ["柳江", "龙江", "融江"]

    // MARK: Abnormal set

    /// Adds a confirmed reason why `outfall` is abnormal (an inspection, a tip…).
    @discardableResult
    public func addAbnormal(
        outfall text: String, reason: String, source: AbnormalSource = .manual, actor: String, at: String? = nil
    ) throws(LedgerError) -> AbnormalReason {
        let outfall = try outfall(text)
        guard let id = outfall.id else { throw .notFound(.layer("outfalls"), text) }
        let reason = try Self.text(reason, field: "原因", limit: 2_000)
        return try change(actor: actor, at: at) { tx in try Self.recordAbnormal(in: tx, outfallID: id, reason: reason, source: source) }
    }

    /// The write behind ``addAbnormal(outfall:reason:source:actor:at:)``, for a use case that
    /// adds a reason inside its own transaction (a confirmed tip).
    static func recordAbnormal(
        in tx: LedgerTransaction, outfallID id: Int64, reason: String, source: AbnormalSource, related: [EntityRef] = []
    ) throws -> AbnormalReason {
        var entry = AbnormalReason(outfallID: id, source: source, reason: reason)
        try tx.create(&entry, reason: reason, related: [EntityRef(.layer("outfalls"), id)] + related)
        return entry
    }

    /// Confirms or dismisses a reason, with a note.
    public func setAbnormal(_ id: Int64, state: AbnormalState, note: String, actor: String, at: String? = nil) throws(LedgerError) {
        let note = try Self.text(note, field: "说明", limit: 2_000)
        try change(actor: actor, at: at) { tx in
            guard var entry = try tx.load(AbnormalReason.self, id: id) else { throw LedgerError.notFound(AbnormalReason.kind, String(id)) }
            entry.state = state
            entry.note = note
            try tx.save(entry, action: state == .dismissed ? "abnormal.dismiss" : "abnormal.confirm", reason: note)
        }
    }

    /// Outfall ids with at least one confirmed reason now, with their reasons.
    public func manualAbnormalReasons() throws(LedgerError) -> [Int64: [AbnormalReason]] {
        Dictionary(grouping: try entities(AbnormalReason.self).filter { $0.state == .confirmed }, by: \.outfallID)
    }

    // MARK: Cases

    /// As the database's operator (county-wide, every permission): for tests and tools that
    /// hold the file. Front ends pass the acting account.
    func openCase(
        outfall text: String, remediationClass: RemediationClass, department: String, deadline: String, measures: [String] = [],
        transitionUntil: String? = nil, transitionReason: String? = nil, publicUnitOrEstate: Bool = false, historical: Bool = false,
        affectsFloodSafety: Bool = false, exceededLimit: Bool = false, actor: String, at: String? = nil
    ) throws(LedgerError) -> RemediationCase {
        try openCase(
            outfall: text, remediationClass: remediationClass, department: department, deadline: deadline, measures: measures,
            transitionUntil: transitionUntil, transitionReason: transitionReason, publicUnitOrEstate: publicUnitOrEstate, historical: historical,
            affectsFloodSafety: affectsFloodSafety, exceededLimit: exceededLimit, by: .databaseOperator(actor), at: at)
    }

    /// Opens the case for an abnormal outfall. Refused for an outfall that is not abnormal,
    /// or that already has a case not closed out. `acting` needs ``CaseAccess/openPermission`` and may open only a
    /// case in their own department and township.
    public func openCase(
        outfall text: String, remediationClass: RemediationClass, department: String, deadline: String, measures: [String] = [],
        transitionUntil: String? = nil, transitionReason: String? = nil, publicUnitOrEstate: Bool = false, historical: Bool = false,
        affectsFloodSafety: Bool = false, exceededLimit: Bool = false, by acting: Acting, at: String? = nil
    ) throws(LedgerError) -> RemediationCase {
        let actor = acting.name
        let outfall = try outfall(text)
        guard let id = outfall.id else { throw .notFound(.layer("outfalls"), text) }
        let department = try Self.text(department, field: "牵头部门", limit: 200)
        guard acting.role.can(CaseAccess.openPermission) else {
            throw .forbidden(
                subject: "立案", reason: "需要“\(CaseAccess.openPermission.label)”权限，账号 \(actor) 的角色为“\(acting.role.label)”")
        }
        guard Self.isDate(deadline) else { throw .refused(subject: "完成时限", reason: "应为日期 YYYY-MM-DD，收到“\(deadline)”") }
        if let until = transitionUntil {
            guard Self.isDate(until) else { throw .refused(subject: "过渡期", reason: "应为日期 YYYY-MM-DD，收到“\(until)”") }
            guard !(transitionReason ?? "").trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .refused(subject: "过渡期", reason: "设置过渡期须说明原因")
            }
        }
        // Abnormal by a reason a person stated, or by one monitoring or screening derived and
        // nobody dismissed (outfalls abnormal lists both).
        let stated = try manualAbnormalReasons()[id] != nil
        let derived = try stated ? false : derivedAbnormalOutfalls().outfalls.contains { $0.outfall.id == id && $0.isAbnormal }
        guard stated || derived else {
            throw .refused(subject: "排污口“\(outfall.name)”", reason: "不在异常清单中；请先用 abnormal add 说明异常原因")
        }
        if let open = try entities(RemediationCase.self).first(where: { $0.outfallID == id && $0.state != .closed }) {
            throw .refused(subject: "排污口“\(outfall.name)”", reason: "已有未销号的整治案件 #\(open.id ?? 0)")
        }
        let township: String?
        do { township = try registry.outfalls().first { $0.outfall.id == id }?.township } catch { throw .storage("\(error)") }
        guard acting.covers(department: department, township: township) else {
            throw .forbidden(
                subject: "立案", reason: "案件（\(department)\(township.map { " · \($0)" } ?? "")）不在账号 \(actor) 的范围（\(acting.scopeLabel)）内")
        }
        return try change(actor: actor, at: at) { tx in
            var item = RemediationCase(
                outfallID: id, remediationClass: remediationClass, measures: try measures.map { m throws(LedgerError) in try Self.text(m, field: "整治措施", limit: 200) },
                department: department, township: township, deadline: deadline,
                transitionUntil: transitionUntil, transitionReason: transitionReason, publicUnitOrEstate: publicUnitOrEstate,
                historical: historical, affectsFloodSafety: affectsFloodSafety, exceededLimit: exceededLimit)
            try tx.create(&item, action: "case.open", related: [EntityRef(.layer("outfalls"), id)])
            return item
        }
    }

    /// What a step brings to the file.
    public struct CaseStep: Sendable {
        public var evidence: [(kind: CaseEvidence.Kind, path: String)]
        public var verification: CaseVerification?
        public var compliantSampleOn: String?
        public var note: String?

        public init(
            evidence: [(kind: CaseEvidence.Kind, path: String)] = [], verification: CaseVerification? = nil, compliantSampleOn: String? = nil,
            note: String? = nil
        ) {
            self.evidence = evidence
            self.verification = verification
            self.compliantSampleOn = compliantSampleOn
            self.note = note
        }
    }

    /// Moves a case to `target` through the state machine, adding what `step` brings first.
    /// Evidence files are streamed into the attachment store and published only once the
    /// case is saved. Nobody reviews their own work: the county check is not by who
    /// submitted, the close-out not by who submitted or pre-closed.
    /// `acting` must have the step's permission (``CaseAccess``) and the case must lie in
    /// their department and township.
    public func advance(_ id: Int64, to target: CaseState, step: CaseStep = CaseStep(), by acting: Acting, at: String? = nil) throws(LedgerError) -> RemediationCase {
        guard let current = try entity(RemediationCase.self, id: id) else { throw .notFound(RemediationCase.kind, String(id)) }
        let event = try Self.event(moving: current, to: target)
        if let refusal = CaseAccess.refusalToAct(event, on: current, by: acting) {
            throw .forbidden(subject: "案件 #\(id)", reason: refusal)
        }
        let actor = acting.name
        if event == .countyClose, current.submittedBy == actor {
            throw .refused(subject: "案件 #\(id)", reason: "提交核查的人不能自己做县级核查（\(actor)）")
        }
        if event == .close, current.submittedBy == actor || current.countyClosedBy == actor {
            throw .refused(subject: "案件 #\(id)", reason: "参与提交或预销号的人不能自己销号（\(actor)）")
        }
        let day = ChinaTime.date(at ?? Timestamp.now()) ?? ""
        // Held until the files are published: another process's recovery leaves them alone.
        let lock: StagingLock?
        do { lock = try StagingLock(store: attachments, exclusive: false, wait: true) } catch { throw Self.ledgerError(error) }
        defer { withExtendedLifetime(lock) {} }
        var staged: [(CaseEvidence.Kind, StagedAttachment)] = []
        do {
            for (kind, path) in step.evidence {
                staged.append((kind, try attachments.stage(contentsOf: path, fileName: (path as NSString).lastPathComponent)))
            }
        } catch {
            for (_, s) in staged { attachments.discard(s) }
            throw Self.ledgerError(error)
        }
        let saved: RemediationCase
        do {
            saved = try change(actor: actor, at: at) { tx in
                guard var item = try tx.load(RemediationCase.self, id: id) else { throw LedgerError.notFound(RemediationCase.kind, String(id)) }
                for (kind, file) in staged {
                    var record = AttachmentRecord(
                        sha256: file.sha256, fileName: file.fileName, mediaType: file.mediaType.rawValue, byteCount: file.byteCount,
                        owner: EntityRef(RemediationCase.kind, id), caption: kind.label)
                    try tx.create(&record, related: [EntityRef(RemediationCase.kind, id)])
                    item.evidence.append(CaseEvidence(kind: kind, sha256: file.sha256, fileName: file.fileName, addedOn: day))
                }
                if let verification = step.verification { item.verification = verification }
                if let sampled = step.compliantSampleOn { item.compliantSampleOn = sampled }
                switch item.state.after(event, facts: item.facts(reason: step.note)) {
                case .failure(let refusal):
                    throw LedgerError.illegalTransition(entity: "案件 #\(id)", from: item.state.label, event: event.label, reason: refusal.reason)
                case .success(let next):
                    item.state = next
                }
                switch event {
                case .submitForCheck: item.submittedBy = actor
                case .countyClose: item.countyClosedBy = actor
                case .return: item.returnReason = step.note
                case .start, .reopen: item.returnReason = nil
                case .close: break
                }
                try tx.save(item, action: "case.\(event.rawValue)", reason: step.note, related: [EntityRef(.layer("outfalls"), item.outfallID)])
                return item
            }
        } catch {
            for (_, s) in staged { attachments.discard(s) }
            throw Self.ledgerError(error)
        }
        // The case is saved; a file that cannot be moved into place now stays staged and is
        // published by the recovery the next write runs (the database refers to it).
        for (_, s) in staged { try? attachments.publish(s) }
        return saved
    }

    /// The state machine's event that moves `item` to `target`.
    public static func event(moving item: RemediationCase, to target: CaseState) throws(LedgerError) -> CaseEvent {
        switch target {
        case .inProgress: item.state == .closed ? .reopen : .start
        case .awaitingCheck: .submitForCheck
        case .countyClosed: .countyClose
        case .closed: .close
        case .returned: .return
        case .pending:
            throw .illegalTransition(entity: "案件 #\(item.id ?? 0)", from: item.state.label, event: target.label, reason: "不能回到待整治")
        }
    }

    /// As the database's operator (county-wide, every permission): for tests and tools that
    /// hold the file. Front ends pass the acting account.
    func advance(_ id: Int64, to target: CaseState, step: CaseStep = CaseStep(), actor: String, at: String? = nil) throws(LedgerError) -> RemediationCase {
        try advance(id, to: target, step: step, by: .databaseOperator(actor), at: at)
    }

    // MARK: Progress

    /// Progress against the targets as of `asOf` (`YYYY-MM-DD`), from the history alone.
    /// With `acting`, only the outfalls in their department and township count (an outfall
    /// without a case has no department: a department's figures count its cases).
    public func progress(
        asOf: String, by group: String? = nil, targets: ProgressTargets = ProgressTargets(), visibleTo acting: Acting? = nil
    ) throws(LedgerError) -> [ProgressFigure] {
        var (spans, timelines) = try progressInputs()
        if let acting, !acting.isCountyWide {
            spans = spans.filter { acting.covers(department: $0.groups["department"] ?? "", township: $0.groups["township"]) }
            let kept = Set(spans.map(\.outfallID))
            timelines = timelines.filter { kept.contains($0.outfallID) }
        }
        return RemediationProgress.figures(abnormal: spans, cases: timelines, asOf: asOf, targets: targets, groupBy: group)
    }

    /// The abnormal spans and case timelines rebuilt from the history: when each outfall's
    /// first reason was confirmed (or a survey or trace found it) and when its last was
    /// dismissed; each case's states with the
    /// date the work was done.
    func progressInputs() throws(LedgerError) -> ([AbnormalSpan], [CaseTimeline]) {
        let listing: [OutfallListing]
        do { listing = try registry.outfalls() } catch { throw .storage("\(error)") }
        let outfalls = Dictionary(listing.compactMap { l in l.outfall.id.map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
        let builtUp = try builtUpLocator()
        let reasons = try entities(AbnormalReason.self)
        let cases = try entities(RemediationCase.self)
        // Survey problems and sewage traced into storm outlets count from when they became known.
        let fieldTransitions = try fieldReasonTransitions()
        return try read { reader in
            // Per outfall: the times at which the count of confirmed reasons changed.
            var transitions: [Int64: [(at: String, delta: Int)]] = fieldTransitions
            for reason in reasons {
                guard let id = reason.id else { continue }
                var confirmed = false
                for event in try reader.events(of: EntityRef(AbnormalReason.kind, id)) {
                    let state = event.changes.first { $0.field == "state" }?.after?.stringValue
                    guard let state else { continue }
                    let now = state == AbnormalState.confirmed.rawValue
                    if now != confirmed {
                        transitions[reason.outfallID, default: []].append((event.at, now ? 1 : -1))
                        confirmed = now
                    }
                }
            }
            var spans: [AbnormalSpan] = []
            for (outfallID, changes) in transitions {
                let (groups, inScope) = try placement(outfalls[outfallID], case: cases.last { $0.outfallID == outfallID })
                var count = 0
                var from: String?
                for change in changes.sorted(by: { $0.at < $1.at }) {
                    count += change.delta
                    if count > 0, from == nil { from = change.at }
                    if count == 0, let start = from {
                        spans.append(AbnormalSpan(outfallID: outfallID, from: start, until: change.at, groups: groups, inScope: inScope))
                        from = nil
                    }
                }
                if let start = from {
                    spans.append(AbnormalSpan(outfallID: outfallID, from: start, groups: groups, inScope: inScope))
                }
            }
            // An outfall whose case was opened on a derived reason (an exceedance, the screening)
            // counts from the day its case was opened.
            let spanned = Set(spans.map(\.outfallID))
            for item in cases where !spanned.contains(item.outfallID) {
                guard let id = item.id, let opened = try reader.events(of: EntityRef(RemediationCase.kind, id)).first?.at else { continue }
                let (groups, inScope) = try placement(outfalls[item.outfallID], case: item)
                spans.append(AbnormalSpan(outfallID: item.outfallID, from: opened, groups: groups, inScope: inScope))
            }
            var timelines: [CaseTimeline] = []
            for item in cases {
                guard let id = item.id else { continue }
                let steps = Self.caseSteps(try reader.events(of: EntityRef(RemediationCase.kind, id)))
                timelines.append(CaseTimeline(outfallID: item.outfallID, steps: steps))
            }
            return (spans, timelines)
        }

        /// The groups an outfall is counted under, and whether it counts toward the targets.
        func placement(_ listing: OutfallListing?, case item: RemediationCase?) throws -> ([String: String], Bool) {
            let river = listing?.snap?.river
            let inBuiltUp = try listing.map { try builtUp?.area(containing: $0.outfall.location) != nil } ?? false
            let groups = [
                "river": river ?? "（未吸附）", "township": listing?.township ?? "（未定）",
                "department": item?.department ?? "（未立案）", "class": item?.remediationClass.label ?? "（未立案）",
                "type": listing?.outfall.type.label ?? "（未知）",
            ]
            return (groups, river.map(Self.scopeRivers.contains) == true || inBuiltUp)
        }
    }

    /// A case's states over time, from its history: each event that set `state`, with when the work was done.
    static func caseSteps(_ events: [HistoryEvent]) -> [(at: String, state: CaseState)] {
        events.compactMap { event in
            guard let raw = event.changes.first(where: { $0.field == "state" })?.after?.stringValue, let state = CaseState(rawValue: raw) else { return nil }
            return (event.at, state)
        }
    }

    private func builtUpLocator() throws(LedgerError) -> AreaLocator? {
        let areas: [AdministrativeArea]
        do { areas = try registry.store.fetchAll(AdministrativeArea.self) } catch { throw .storage("\(error)") }
        guard areas.contains(where: { $0.level == .builtUp }) else { return nil }
        do { return try AreaLocator(areas: areas, level: .builtUp, context: GEOSContext()) } catch { throw .storage("\(error)") }
    }

    // MARK: Input checks

    static func text(_ value: String, field: String, limit: Int) throws(LedgerError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .refused(subject: field, reason: "不能为空") }
        guard trimmed.count <= limit else { throw .refused(subject: field, reason: "过长（\(trimmed.count) 字，上限 \(limit) 字）") }
        return trimmed
    }
}
