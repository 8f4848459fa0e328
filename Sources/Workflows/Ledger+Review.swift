import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision

/// A reviewer's decision on a field survey record.
public enum ReviewDecision: Sendable {
    /// 通过: the record enters the ledger (creates or updates the outfall).
    case accept
    /// 退回: back to the team, with the reason.
    case `return`

    var event: ReviewState.Event {
        switch self {
        case .accept: .accept
        case .return: .return
        }
    }
}

/// What a review did.
public struct ReviewOutcome: Sendable {
    public var survey: SurveyRecord
    /// The outfall created or updated (accepted records that found an outfall).
    public var outfallID: Int64?
    public var createdOutfall: Bool
    /// The suspect settled by the record, with its new status.
    public var suspect: Suspect?
    /// Derived data (snaps) that could not be refreshed now; the next command that needs it does.
    public var notices: [String]
}

extension Ledger {
    /// Reviews survey record `id`: 通过 or 退回 (a return needs a note saying why). Every step
    /// goes through ``ReviewState/after(_:)`` and ``OutfallLifecycle/after(_:)``.
    ///
    /// Accepting writes, in ONE transaction, the outfall feature (created, or updated when the
    /// record names a known outfall or its suspect already became one), its ``OutfallFile``
    /// (疑似 → 已核实 → 存量; a temporary number while there is no national code; the survey
    /// appended), the suspect (已核实 / 非排污口) and the record — each with a history event
    /// carrying the reviewer and the note. A record whose type is 非排污口 settles its suspect
    /// as not an outfall and creates nothing. Snaps are refreshed afterwards, as imports do.
    public func review(survey id: Int64, _ decision: ReviewDecision, note: String?, actor: String) throws(LedgerError) -> ReviewOutcome {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let note, note.count > 2_000 { throw .refused(subject: "审核意见", reason: "超过 2000 字 (note too long)") }
        if decision == .return, note == nil { throw .refused(subject: "退回", reason: "退回必须写明原因：--note \"…\" (a return needs a note)") }
        let now = Timestamp.now()
        var outcome: ReviewOutcome
        do {
            outcome = try writeTogether { registryTx in
                let tx = LedgerTransaction(writer: registryTx.ledger, actor: actor, at: now, recordedAt: now)
                guard var survey = try tx.load(SurveyRecord.self, id: id) else { throw LedgerError.notFound(.survey, String(id)) }
                let ref = EntityRef(.survey, id)
                // Nobody reviews their own submission: whoever entered (or last resubmitted) it.
                let submitters = Set(try registryTx.ledger.events(of: ref).filter { ["import", "resubmit", "create"].contains($0.action) }.map(\.actor))
                if submitters.contains(actor) {
                    throw LedgerError.refused(subject: "排查记录 \(id)", reason: "不能审核自己提交的记录（\(actor)），请由其他审核人员审核 (no self-review)")
                }
                let next: ReviewState
                switch survey.review.after(decision.event) {
                case .success(let state): next = state
                case .failure(let refusal):
                    throw LedgerError.illegalTransition(entity: "排查记录 \(id)", from: survey.review.label, event: decision == .accept ? "通过" : "退回", reason: refusal.reason)
                }
                survey.review = next
                survey.reviewNote = note
                guard decision == .accept else {
                    try tx.save(survey, action: "return", reason: note)
                    return ReviewOutcome(survey: survey, outfallID: nil, createdOutfall: false, suspect: nil, notices: [])
                }
                var suspect = try survey.suspectID.flatMap { try tx.load(Suspect.self, id: $0) }
                if survey.suspectID != nil, suspect == nil { throw LedgerError.notFound(.suspect, String(survey.suspectID ?? 0)) }
                if let s = suspect, s.status != .open, survey.outfallID == nil, s.outfallID == nil {
                    throw LedgerError.illegalTransition(entity: "疑似点 \(s.id ?? 0)", from: s.status.label, event: "核实", reason: "该疑似点已有审核通过的结论")
                }
                let isNotOutfall = survey.outfallType == OutfallLifecycle.notOutfall.rawValue
                var related: [EntityRef] = [ref]
                var outfallID: Int64?
                var created = false
                if isNotOutfall {
                    if let existing = survey.outfallID ?? suspect?.outfallID {
                        try moveFile(existing, by: [.rejectAsNotOutfall], tx: tx, note: note, related: [ref])
                        outfallID = existing
                    }
                    suspect?.status = .notOutfall
                } else {
                    let (id, isNew) = try writeOutfall(for: survey, suspect: suspect, registryTx: registryTx, actor: actor)
                    outfallID = id
                    created = isNew
                    survey.outfallID = id
                    try fileSurvey(survey, outfallID: id, suspect: suspect, tx: tx, note: note)
                    suspect?.status = .verified
                    suspect?.outfallID = id
                }
                if let outfallID { related.append(EntityRef(.outfall, outfallID)) }
                if let s = suspect {
                    try tx.save(s, action: isNotOutfall ? "reject" : "verify", reason: note, related: related)
                    if let sid = s.id { related.append(EntityRef(.suspect, sid)) }
                }
                try tx.save(survey, action: "accept", reason: note, related: Array(related.dropFirst()))
                return ReviewOutcome(survey: survey, outfallID: outfallID, createdOutfall: created, suspect: suspect, notices: [])
            }
        } catch {
            throw Self.ledgerError(error)
        }
        if decision == .accept, outcome.outfallID != nil, !(outcome.survey.outfallType == OutfallLifecycle.notOutfall.rawValue) {
            do { try registry.refreshSnaps() } catch { outcome.notices.append("河网定位未能刷新，将在下次需要时重算：\(error)") }
        }
        return outcome
    }

    /// Creates or updates the outfall feature the accepted record describes; returns its id
    /// and whether it is new.
    private func writeOutfall(for survey: SurveyRecord, suspect: Suspect?, registryTx: RegistryTransaction, actor: String) throws -> (Int64, Bool) {
        let type = OutfallType(rawValue: survey.outfallType) ?? .undetermined
        let location = Coordinate(lon: survey.lon, lat: survey.lat)
        var outfall: Outfall
        var isNew = false
        if let existingID = survey.outfallID ?? suspect?.outfallID {
            guard let existing = try registryTx.fetch(Outfall.self, id: existingID) else { throw LedgerError.notFound(.layer("outfalls"), String(existingID)) }
            outfall = existing
            outfall.name = survey.name
            outfall.type = type
            if let code = survey.nationalCode { outfall.nationalCode = code }
            outfall.geometry = .point(location)
        } else {
            isNew = true
            outfall = Outfall(key: "survey-\(survey.id ?? 0)", name: survey.name, type: type, nationalCode: survey.nationalCode, location: location)
        }
        // 责任主体 as written goes to the file (enteredResponsible), to be compared with the party
        // derived by rule — not into the feature, where it would pass for the decided party.
        let source = SourceRecord(
            layer: .outfalls, fileName: "排查记录 \(survey.recordNumber)", fileSHA256: "", fileFormat: "survey", crs: CRS.cgcs2000.description,
            featureCount: 1, provenance: "排查记录 #\(survey.id ?? 0) 审核通过（\(actor)）；\(survey.importedFrom ?? "")")
        _ = try registryTx.importRecords([outfall], source: source, actor: actor)
        guard let stored = try registryTx.fetch(Outfall.self, key: outfall.key), let id = stored.id else {
            throw LedgerError.storage("排污口写入后读不到 (outfall not found after writing)")
        }
        return (id, isNew)
    }

    /// The outfall's file after an accepted survey: lifecycle moved to 存量 when it was still
    /// 疑似 or 已核实, temporary number if no national code, the survey appended.
    private func fileSurvey(_ survey: SurveyRecord, outfallID: Int64, suspect: Suspect?, tx: LedgerTransaction, note: String?) throws {
        var file = try tx.load(OutfallFile.self, id: outfallID) ?? OutfallFile(id: outfallID, lifecycle: .suspected, suspectID: suspect?.id)
        var steps: [OutfallLifecycle.Event] = []
        if file.lifecycle == .suspected { steps = [.verify, .registerExisting] } else if file.lifecycle == .verified { steps = [.registerExisting] }
        if [.notOutfall, .cancelled].contains(file.lifecycle) { steps = [.verify] }  // refused below, with the lifecycle's reason
        for step in steps { file.lifecycle = try Self.step(file.lifecycle, step, outfallID: outfallID) }
        if survey.nationalCode == nil, file.temporaryNumber == nil {
            file.temporaryNumber = Self.temporaryNumber(county: registry.settings.countyAdcode, outfallID: outfallID)
        }
        if survey.nationalPlatform != .unknown || file.nationalPlatform == .unknown { file.nationalPlatform = survey.nationalPlatform }
        if file.suspectID == nil { file.suspectID = suspect?.id }
        if let id = survey.id, !file.surveyIDs.contains(id) { file.surveyIDs.append(id) }
        if let written = survey.responsibleAsWritten { file.enteredResponsible = written }
        var related = survey.id.map { [EntityRef(.survey, $0)] } ?? []
        if let sid = suspect?.id { related.append(EntityRef(.suspect, sid)) }
        try tx.save(file, action: "survey_accepted", reason: note, related: related)
    }

    private func moveFile(_ outfallID: Int64, by steps: [OutfallLifecycle.Event], tx: LedgerTransaction, note: String?, related: [EntityRef]) throws {
        var file = try tx.load(OutfallFile.self, id: outfallID) ?? OutfallFile(id: outfallID, lifecycle: .suspected)
        for step in steps { file.lifecycle = try Self.step(file.lifecycle, step, outfallID: outfallID) }
        try tx.save(file, action: "lifecycle", reason: note, related: related)
    }

    static func step(_ state: OutfallLifecycle, _ event: OutfallLifecycle.Event, outfallID: Int64) throws(LedgerError) -> OutfallLifecycle {
        switch state.after(event) {
        case .success(let next): return next
        case .failure(let refusal):
            throw .illegalTransition(entity: "排污口 \(outfallID)", from: state.label, event: event.label, reason: refusal.reason)
        }
    }

    /// 临时编号: county adcode, `T`, the outfall's id — never in the national code's place.
    static func temporaryNumber(county: String, outfallID: Int64) -> String {
        let digits = String(outfallID)
        return "\(county)-T\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Ledger {
    /// ``RegistryStore/writeTogether(_:)`` keeping the use case's own error: the store would
    /// report a refusal thrown inside the transaction as a database failure (exit 2), when it
    /// is the input's (exit 1).
    func writeTogether<T>(_ body: (RegistryTransaction) throws -> T) throws(LedgerError) -> T {
        var thrown: (any Error)?
        do {
            return try registry.store.writeTogether { tx in
                do { return try body(tx) } catch {
                    thrown = error
                    throw error
                }
            }
        } catch {
            throw Self.ledgerError(thrown ?? error)
        }
    }
}
