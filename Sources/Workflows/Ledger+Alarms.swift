import Foundation
import OutfallModel
import RegistryStore
import Supervision
import WaterQuality

/// A suspected device fault at an outfall, with a person's decision if made.
public struct Alarm: Sendable {
    public var outfall: Outfall
    public var flag: FaultFlag
    public var decision: AlarmDecision?
}

extension Ledger {
    /// Suspected device faults in every outfall's samples, oldest first.
    public func alarms() throws(LedgerError) -> [Alarm] {
        try alarms(in: try assessmentContext())
    }

    func alarms(in context: AssessmentContext) throws(LedgerError) -> [Alarm] {
        let outfalls: [Outfall]
        do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        var reviews: [Int64: [String: AlarmDecision]] = [:]
        for stored in try read({ reader in try reader.documents(.alarmReview) }) {
            reviews[stored.ref.id] = try AlarmReviewDocument.decode(stored).decisions
        }
        var out: [Alarm] = []
        for outfall in outfalls {
            guard let id = outfall.id, let samples = context.samplesByOutfall[id] else { continue }
            for flag in SeriesCheck.flags(samples) {
                out.append(Alarm(outfall: outfall, flag: flag, decision: reviews[id]?[flag.id]))
            }
        }
        return out.sorted { ($0.flag.days.first ?? "", $0.flag.id) < ($1.flag.days.first ?? "", $1.flag.id) }
    }

    /// Marks one alarm real (its exceedances stand) or a device fault (they do not count), with a note.
    @discardableResult
    public func markAlarm(outfall reference: String, alarm alarmID: String, decision: AlarmDecisionKind, note: String?, actor: String)
        throws(LedgerError)
        -> AlarmDecision
    {
        let outfall = try findOutfall(reference)
        guard let id = outfall.id else { throw .notFound(.layer("outfalls"), reference) }
        if let note, note.count > 2_000 { throw .refused(subject: "说明", reason: "超过 2000 字 (too long)") }
        if (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .refused(subject: "说明", reason: "请用 --note 写明依据（现场核查、设备维护记录等）(a note is required)")
        }
        let known = try alarms().filter { $0.outfall.id == id }
        guard known.contains(where: { $0.flag.id == alarmID }) else {
            throw .refused(
                subject: "报警", reason: "\(outfall.key) 没有报警“\(alarmID)”" + (known.isEmpty ? "" : "，现有：" + known.map(\.flag.id).joined(separator: "、"))
            )
        }
        var document =
            try read { reader in try reader.document(EntityRef(.alarmReview, id)) }
            .map { stored throws(LedgerError) in try AlarmReviewDocument.decode(stored) } ?? AlarmReviewDocument(id: id, decisions: [:])
        let made = AlarmDecision(decision: decision, note: note, by: actor, at: Timestamp.now())
        document.decisions[alarmID] = made
        try change(actor: actor) { tx in
            try tx.save(document, action: "mark_\(decision.rawValue)", reason: note, related: [EntityRef(.layer("outfalls"), id)])
        }
        return made
    }
}
