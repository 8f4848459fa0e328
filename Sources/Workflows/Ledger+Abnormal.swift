import Foundation
import OutfallModel
import Registry
import RegistryStore
import Siting
import Supervision
import WaterQuality

/// Why an outfall counts as abnormal (已查明存在异常).
public struct DerivedAbnormalReason: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A conclusive exceedance of the standard it is held to.
        case exceedance
        /// An exceedance seen only in spot samples where the standard judges daily means.
        case indicativeExceedance = "exceedance_indicative"
        /// 旱天直排 at a storm outlet.
        case dryWeatherDischarge = "dry_weather_discharge"
        /// The siting screening found it prohibited (违法设置).
        case prohibitedSiting = "prohibited_siting"
        /// An exceedance on a day whose readings look like a device fault, not yet decided:
        /// it does not count until a person marks the alarm real.
        case suspectedDeviceFault = "suspected_device_fault"
        /// A problem type a reviewed (accepted) survey record noted at the outfall.
        case surveyProblem = "survey_problem"
        /// Sewage found by tracing in a storm outlet (借道排污/混接).
        case sewageInStormOutlet = "trace_sewage"

        public var label: String {
            switch self {
            case .exceedance: "超标排放"
            case .indicativeExceedance: "瞬时样超标（仅供参考）"
            case .dryWeatherDischarge: "旱天直排"
            case .prohibitedSiting: "违法设置（选址核查：禁止设置）"
            case .suspectedDeviceFault: "疑似设备故障（待核实，暂不计超标）"
            case .surveyProblem: "排查发现问题"
            case .sewageInStormOutlet: "溯源发现雨水口混入污水"
            }
        }

        /// Where the reason comes from: `monitoring`, `screening`, `survey` or `trace`.
        public var source: String {
            switch self {
            case .exceedance, .indicativeExceedance, .dryWeatherDischarge, .suspectedDeviceFault: "monitoring"
            case .prohibitedSiting: "screening"
            case .surveyProblem: "survey"
            case .sewageInStormOutlet: "trace"
            }
        }
    }

    public var kind: Kind
    public var detail: String
    public var day: String?
    /// False where the rule behind it is a county setting or the evidence indicative.
    public var basisConfirmed: Bool
    /// Stable across runs: what a person names to confirm or dismiss it
    /// (`exceedance:2024-06-25:COD`, `dry_weather_discharge:2024-03-05`, `prohibited_siting`).
    public var id: String
    /// The latest decision, if a person made one.
    public var decision: ReasonDecision?

    public var state: ReasonReviewState { decision?.state ?? .pending }
}

public struct AbnormalOutfall: Sendable {
    public var outfall: Outfall
    public var reasons: [DerivedAbnormalReason]

    /// Abnormal while any reason other than a suspected device fault is not dismissed.
    public var isAbnormal: Bool { reasons.contains { $0.state != .dismissed && $0.kind != .suspectedDeviceFault } }
}

/// The abnormal-outfall list and what could not be checked.
public struct AbnormalReport: Sendable {
    public var outfalls: [AbnormalOutfall]
    public var notes: [String]
}

extension Ledger {
    /// Storm outlets: their flow in dry weather is the 旱天直排 the plan watches.
    static let stormTypes: Set<OutfallType> = [.urbanStorm, .industrialEnterpriseStorm, .industrialParkStorm]

    /// Every outfall with at least one reason to count as abnormal: exceedances from its
    /// samples, dry-weather discharge at a storm outlet, prohibited siting from the screening,
    /// problem types from accepted survey records, sewage traced into a storm outlet.
    public func derivedAbnormalOutfalls() throws(LedgerError) -> AbnormalReport {
        var notes: [String] = []
        let outfalls: [Outfall]
        do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        let context = try assessmentContext()
        var reasons: [Int64: [DerivedAbnormalReason]] = [:]
        // Alarms by outfall, parameter and day: an exceedance on a flagged day is told apart.
        var alarmsByDay: [String: [Alarm]] = [:]
        for alarm in try alarms(in: context) {
            guard let id = alarm.outfall.id else { continue }
            for day in alarm.flag.days { alarmsByDay["\(id)|\(alarm.flag.parameter.rawValue)|\(day)", default: []].append(alarm) }
        }

        for outfall in outfalls {
            guard let id = outfall.id, context.samplesByOutfall[id] != nil else { continue }
            let a = try assess(outfall, in: context)
            if a.choice == nil, let problem = a.choiceProblem { notes.append("\(outfall.key)：无法确定执行标准：\(problem)") }
            for j in a.judgements where j.verdict == .exceeds {
                let flagged = alarmsByDay["\(id)|\(j.parameter.rawValue)|\(j.day)"] ?? []
                if flagged.contains(where: { $0.decision?.decision == .fault }) {
                    notes.append("\(outfall.key) \(j.day) \(j.parameter.label) 超标已判为设备故障，不计入")
                    continue
                }
                let suspected = !flagged.isEmpty && !flagged.contains { $0.decision?.decision == .real }
                let multiple = j.exceedanceMultiple.map { "，超标 \(MeasuredValue.format(($0 * 100).rounded() / 100)) 倍" } ?? ""
                let kind: DerivedAbnormalReason.Kind = suspected ? .suspectedDeviceFault : j.conclusive ? .exceedance : .indicativeExceedance
                var reasonID = "\(kind.rawValue):\(j.day):\(j.parameter.rawValue)"
                // pH is judged per reading: several on one day get their own ids.
                let same = reasons[id, default: []].filter { $0.id == reasonID || $0.id.hasPrefix(reasonID + "#") }.count
                if same > 0 { reasonID += "#\(same + 1)" }
                reasons[id, default: []].append(
                    DerivedAbnormalReason(
                        kind: kind,
                        detail:
                            "\(j.day) \(j.parameter.label) \(j.value.display) \(j.parameter.canonicalUnit.label)，限值 \(j.limit?.display ?? "")（\(j.standard) \(j.grade ?? "")）\(multiple)"
                            + (suspected
                                ? "；报警 " + flagged.map { "\($0.flag.id)（\($0.flag.kind.label)）" }.joined(separator: "、") + " 待判定：outfalls alarms mark"
                                : ""),
                        day: j.day, basisConfirmed: j.conclusive, id: reasonID))
            }
        }

        let rule = try monitoringSettings().dryWeatherRule
        let calendar = RainCalendar(try rainRecords())
        for outfall in outfalls where Self.stormTypes.contains(outfall.type) {
            guard let id = outfall.id else { continue }
            let flows = (context.samplesByOutfall[id] ?? []).filter { $0.parameter == .flow }
            for finding in rule.judge(flows: flows, calendar: calendar) {
                switch finding.verdict {
                case .dryWeatherDischarge:
                    reasons[id, default: []].append(
                        DerivedAbnormalReason(
                            kind: .dryWeatherDischarge, detail: "\(finding.day) \(finding.reason)；判定规则：\(rule.label)", day: finding.day,
                            basisConfirmed: false,
                            id: "\(DerivedAbnormalReason.Kind.dryWeatherDischarge.rawValue):\(finding.day)"))
                case .cannotJudge:
                    notes.append("\(outfall.key) \(finding.day) 有流量，无法判断是否旱天直排：\(finding.reason)")
                case .wetWeather:
                    break
                }
            }
        }

        do {
            for row in try registry.screening() where row.verdict == .prohibited {
                guard let id = row.outfall.id else { continue }
                let prohibiting = try row.findingList().filter { $0.severity == .prohibited }
                let rules = prohibiting.map { "\($0.rule.title)（\($0.feature.name)）" }
                reasons[id, default: []].append(
                    DerivedAbnormalReason(
                        kind: .prohibitedSiting, detail: rules.joined(separator: "；"), day: nil,
                        basisConfirmed: !prohibiting.isEmpty && prohibiting.allSatisfy(\.rule.basisConfirmed),
                        id: DerivedAbnormalReason.Kind.prohibitedSiting.rawValue))
            }
        } catch {
            notes.append("未能读取选址核查结果，违法设置未列入：\(error)")
        }
        for (id, found) in try fieldReasons() { reasons[id, default: []].append(contentsOf: found.map(\.reason)) }
        var reviews: [Int64: [String: ReasonDecision]] = [:]
        for stored in try read({ reader in try reader.documents(.abnormalReview) }) {
            reviews[stored.ref.id] = try AbnormalReviewDocument.decode(stored).decisions
        }
        let list = outfalls.compactMap { o -> AbnormalOutfall? in
            guard let id = o.id, var r = reasons[id], !r.isEmpty else { return nil }
            for i in r.indices { r[i].decision = reviews[id]?[r[i].id] }
            return AbnormalOutfall(outfall: o, reasons: r)
        }
        return AbnormalReport(outfalls: list, notes: notes)
    }

    /// Confirms, dismisses or reopens one reason an outfall was found abnormal, with a note
    /// (required to dismiss); recorded in the outfall's review history.
    @discardableResult
    public func reviewAbnormalReason(
        outfall reference: String, reason reasonID: String, event: ReasonReviewState.Event, note: String?, actor: String
    ) throws(LedgerError) -> ReasonDecision {
        let outfall = try findOutfall(reference)
        guard let id = outfall.id else { throw .notFound(.layer("outfalls"), reference) }
        if let note, note.count > 2_000 { throw .refused(subject: "说明", reason: "超过 2000 字 (too long)") }
        if event == .dismiss && (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .refused(subject: "说明", reason: "排除异常须写明理由：--note (a dismissal needs a note)")
        }
        let report = try derivedAbnormalOutfalls()
        guard let reason = report.outfalls.first(where: { $0.outfall.id == id })?.reasons.first(where: { $0.id == reasonID }) else {
            let known = report.outfalls.first { $0.outfall.id == id }?.reasons.map(\.id) ?? []
            throw .refused(
                subject: "异常理由", reason: "\(outfall.key) 没有理由“\(reasonID)”" + (known.isEmpty ? "（该排污口目前没有异常）" : "，现有：" + known.joined(separator: "、"))
            )
        }
        guard let next = reason.state.after(event) else {
            throw .illegalTransition(entity: "\(outfall.key) \(reason.kind.label)", from: reason.state.label, event: event.label, reason: "状态未变")
        }
        var document =
            try read { reader in try reader.document(EntityRef(.abnormalReview, id)) }
            .map { stored throws(LedgerError) in try AbnormalReviewDocument.decode(stored) } ?? AbnormalReviewDocument(id: id, decisions: [:])
        let decision = ReasonDecision(state: next, note: note, by: actor, at: Timestamp.now())
        document.decisions[reasonID] = decision
        try change(actor: actor) { tx in
            try tx.save(document, action: event.rawValue, reason: note, related: [EntityRef(.layer("outfalls"), id)])
        }
        return decision
    }
}
