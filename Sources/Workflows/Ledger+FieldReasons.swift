import OutfallModel
import RegistryStore
import Supervision
import WaterQuality

/// Abnormal reasons that field work found rather than monitoring: the problem types a
/// reviewed survey record noted at an outfall, and sewage that a trace found in a storm
/// outlet. Only accepted surveys count — a pending or returned sheet is not yet a finding.
extension Ledger {
    /// One field-derived reason with the instant it became known (the survey's acceptance,
    /// the trace's entry, both as the history records when the work was done).
    struct FieldReason {
        var reason: DerivedAbnormalReason
        var since: String
    }

    /// The survey sheet's "nothing found": not a reason.
    static let noProblem = "未发现问题"

    /// Field-derived reasons by outfall id.
    func fieldReasons() throws(LedgerError) -> [Int64: [FieldReason]] {
        let outfalls: [Outfall]
        do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        let types = Dictionary(outfalls.compactMap { o in o.id.map { ($0, o.type) } }, uniquingKeysWith: { a, _ in a })
        let surveys = try entities(SurveyRecord.self).filter { $0.review == .accepted && $0.outfallID != nil }
        let traces = try entities(Trace.self).filter { $0.sewageFound }
        return try read { reader in
            var found: [Int64: [FieldReason]] = [:]
            for survey in surveys {
                guard let outfallID = survey.outfallID, types[outfallID] != nil, let surveyID = survey.id else { continue }
                let events = try reader.events(of: EntityRef(SurveyRecord.kind, surveyID))
                let accepted =
                    events.first { e in e.changes.contains { $0.field == "review" && $0.after?.stringValue == ReviewState.accepted.rawValue } }?.at
                    ?? events.last?.at ?? ""
                var seen = Set<String>()
                for problem in survey.problems.map({ $0.trimmingCharacters(in: .whitespaces) }) where !problem.isEmpty && problem != Self.noProblem {
                    guard seen.insert(problem).inserted else { continue }
                    let kind = DerivedAbnormalReason.Kind.surveyProblem
                    found[outfallID, default: []].append(
                        FieldReason(
                            reason: DerivedAbnormalReason(
                                kind: kind,
                                detail: "\(survey.surveyedOn) 排查记录 \(survey.recordNumber)（已审核通过）：\(problem)",
                                day: survey.surveyedOn, basisConfirmed: true, id: "\(kind.rawValue):\(surveyID):\(problem)"),
                            since: accepted))
                }
            }
            for trace in traces {
                guard let traceID = trace.id, let type = types[trace.outfallID], Self.stormTypes.contains(type) else { continue }
                let since = try reader.events(of: EntityRef(Trace.kind, traceID)).first?.at ?? ""
                let kind = DerivedAbnormalReason.Kind.sewageInStormOutlet
                let detail =
                    "\(trace.tracedOn) \(trace.method.label)发现\(type.label)有污水\(trace.mixed ? "（雨污混排）" : "")"
                    + (trace.problems.filter { $0 != Self.noProblem }.isEmpty ? "" : "；问题：" + trace.problems.filter { $0 != Self.noProblem }.joined(separator: "、"))
                found[trace.outfallID, default: []].append(
                    FieldReason(
                        reason: DerivedAbnormalReason(
                            kind: kind, detail: detail, day: trace.tracedOn, basisConfirmed: true, id: "\(kind.rawValue):\(traceID)"),
                        since: since))
            }
            return found
        }
    }

    /// When each field-derived reason counted, replayed from the history: from the instant it
    /// became known until a person dismissed it, again from a reopening or confirmation.
    /// Per outfall, the instants at which the count of standing reasons changed.
    func fieldReasonTransitions() throws(LedgerError) -> [Int64: [(at: String, delta: Int)]] {
        let found = try fieldReasons()
        guard !found.isEmpty else { return [:] }
        return try read { reader in
            var transitions: [Int64: [(at: String, delta: Int)]] = [:]
            for (outfallID, reasons) in found {
                // Each decision on this outfall's reasons, in order, as the history saved them.
                let decisions: [(at: String, states: [String: String])] = try reader.events(of: EntityRef(.abnormalReview, outfallID)).compactMap {
                    e -> (at: String, states: [String: String])? in
                    guard let change = e.changes.first(where: { $0.field == "decisions" }), case .object(let after)? = change.after else {
                        return nil
                    }
                    var states: [String: String] = [:]
                    for member in after { states[member.key] = member.value.objectValue?["state"]?.stringValue }
                    return (e.at, states)
                }
                for r in reasons {
                    var standing = false
                    var dismissed = false
                    var i = 0
                    for at in ([r.since] + decisions.map(\.at)).sorted() {
                        let known = at >= r.since
                        while i < decisions.count, decisions[i].at <= at {
                            dismissed = decisions[i].states[r.reason.id] == ReasonReviewState.dismissed.rawValue
                            i += 1
                        }
                        let now = known && !dismissed
                        if now != standing {
                            transitions[outfallID, default: []].append((at, now ? 1 : -1))
                            standing = now
                        }
                    }
                }
            }
            return transitions
        }
    }
}
