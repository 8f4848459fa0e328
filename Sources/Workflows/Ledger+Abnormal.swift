import Foundation
import OutfallModel
import Registry
import Siting
import Supervision
import WaterQuality

/// Why an outfall counts as abnormal (已查明存在异常).
public struct AbnormalReason: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A conclusive exceedance of the standard it is held to.
        case exceedance
        /// An exceedance seen only in spot samples where the standard judges daily means.
        case indicativeExceedance = "exceedance_indicative"
        /// 旱天直排 at a storm outlet.
        case dryWeatherDischarge = "dry_weather_discharge"
        /// The siting screening found it prohibited (违法设置).
        case prohibitedSiting = "prohibited_siting"

        public var label: String {
            switch self {
            case .exceedance: "超标排放"
            case .indicativeExceedance: "瞬时样超标（仅供参考）"
            case .dryWeatherDischarge: "旱天直排"
            case .prohibitedSiting: "违法设置（选址核查：禁止设置）"
            }
        }
    }

    public var kind: Kind
    public var detail: String
    public var day: String?
    /// False where the rule behind it is a county setting or the evidence indicative.
    public var basisConfirmed: Bool
}

public struct AbnormalOutfall: Sendable {
    public var outfall: Outfall
    public var reasons: [AbnormalReason]
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
    /// samples, dry-weather discharge at a storm outlet, prohibited siting from the screening.
    public func abnormalOutfalls() throws(LedgerError) -> AbnormalReport {
        var notes: [String] = []
        let outfalls: [Outfall]
        do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        let context = try assessmentContext()
        var reasons: [Int64: [AbnormalReason]] = [:]

        for outfall in outfalls {
            guard let id = outfall.id, context.samplesByOutfall[id] != nil else { continue }
            let a = try assess(outfall, in: context)
            if a.choice == nil, let problem = a.choiceProblem { notes.append("\(outfall.key)：无法确定执行标准：\(problem)") }
            for j in a.judgements where j.verdict == .exceeds {
                let multiple = j.exceedanceMultiple.map { "，超标 \(MeasuredValue.format(($0 * 100).rounded() / 100)) 倍" } ?? ""
                reasons[id, default: []].append(AbnormalReason(
                    kind: j.conclusive ? .exceedance : .indicativeExceedance,
                    detail: "\(j.day) \(j.parameter.label) \(j.value.display) \(j.parameter.canonicalUnit.label)，限值 \(j.limit?.display ?? "")（\(j.standard) \(j.grade ?? "")）\(multiple)",
                    day: j.day, basisConfirmed: j.conclusive))
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
                    reasons[id, default: []].append(AbnormalReason(
                        kind: .dryWeatherDischarge, detail: "\(finding.day) \(finding.reason)；判定规则：\(rule.label)", day: finding.day, basisConfirmed: false))
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
                let rules = row.findingList.filter { $0.severity == .prohibited }.map { "\($0.rule.title)（\($0.feature.name)）" }
                reasons[id, default: []].append(AbnormalReason(
                    kind: .prohibitedSiting, detail: rules.joined(separator: "；"), day: nil,
                    basisConfirmed: row.findingList.filter { $0.severity == .prohibited }.allSatisfy(\.rule.basisConfirmed)))
            }
        } catch {
            notes.append("未能读取选址核查结果，违法设置未列入：\(error)")
        }
        notes.append("本清单尚未包含：溯源发现雨水口混入污水、排查记录中的问题类型（待接入）")
        let list = outfalls.compactMap { o -> AbnormalOutfall? in
            guard let id = o.id, let r = reasons[id], !r.isEmpty else { return nil }
            return AbnormalOutfall(outfall: o, reasons: r)
        }
        return AbnormalReport(outfalls: list, notes: notes)
    }
}
