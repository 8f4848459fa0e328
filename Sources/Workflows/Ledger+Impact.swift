import Foundation
import OutfallModel
import Registry
import Rivers
import Supervision
import WaterQuality

/// What the outfalls upstream of a section deliver to it, by the stated model.
public struct ImpactReport: Sendable {
    public var section: MonitoringSection
    public var model: LoadModel
    /// How far upstream outfalls were looked for (metres of network).
    public var searchDistance: Double
    /// Per parameter, outfalls ranked by what reaches the section.
    public var rankings: [(parameter: Parameter, contributions: [LoadContribution])]
    /// Upstream outfalls that could not be included, with why.
    public var missing: [String]
    /// The section's measured class, when it has samples.
    public var measured: SectionReport?
}

extension Ledger {
    /// Outfalls upstream of section `name` ranked by the COD, NH3-N and TP load they deliver
    /// to it: load = mean flow × mean concentration of their samples (within `from`…`to`),
    /// routed down the network with first-order decay.
    public func impact(section name: String, model: LoadModel = .defaults, searchDistance: Double = 300_000, from: String? = nil, to: String? = nil)
        throws(LedgerError) -> ImpactReport
    {
        guard model.velocity.isFinite, model.velocity > 0, model.decayPerDay.values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .refused(subject: "模型参数", reason: "流速须为正数，衰减系数须为非负数")
        }
        let directory = try pointDirectory()
        let point: SamplePoint
        do { point = try directory.resolve(name, only: .section) } catch { throw .notFound(.layer("sections"), name) }
        guard let section = directory.sections.first(where: { $0.id == point.id }) else { throw .notFound(.layer("sections"), name) }
        let report: NavigationReport
        do {
            report = try registry.navigate(from: .section(point.id), direction: .upstream, distance: searchDistance)
        } catch {
            throw .refused(subject: "断面“\(section.name)”", reason: "无法沿河网上溯：\(error)")
        }
        let context = try assessmentContext()
        var sources: [Parameter: [(name: String, load: Double, distance: Double)]] = [:]
        var missing: [String] = []
        for hit in report.features where hit.layer == .outfalls {
            let samples = (context.samplesByOutfall[hit.id] ?? []).filter { s in
                (from.map { s.day >= $0 } ?? true) && (to.map { s.day <= $0 } ?? true)
            }
            let flows = samples.filter { $0.parameter == .flow }.compactMap(\.value.number)
            guard !flows.isEmpty else {
                if !samples.isEmpty { missing.append("\(hit.key) \(hit.name)：没有流量数据") }
                continue
            }
            let flow = flows.reduce(0, +) / Double(flows.count)
            for parameter in LoadModel.parameters {
                let values = samples.filter { $0.parameter == parameter }
                guard !values.isEmpty else { continue }
                // Below-detection readings count at their limit: an upper bound of the load.
                guard let c = values.map(\.value).mean.number else {
                    missing.append("\(hit.key) \(parameter.label)：未检出且无检出限")
                    continue
                }
                sources[parameter, default: []].append(
                    (name: "\(hit.key) \(hit.name)", load: LoadModel.load(flow: flow, concentration: c), distance: hit.networkDistance))
            }
        }
        let rankings = LoadModel.parameters.compactMap { p -> (parameter: Parameter, contributions: [LoadContribution])? in
            guard let s = sources[p], !s.isEmpty else { return nil }
            return (p, LoadContribution.rank(s, parameter: p, model: model))
        }
        // The measured class is shown beside the ranking; if it cannot be worked out, say why.
        var measured: SectionReport?
        do {
            measured = try assessSection(name, from: from, to: to)
        } catch {
            missing.append("断面实测水质无法评价：\(error)")
        }
        return ImpactReport(
            section: section, model: model, searchDistance: searchDistance, rankings: rankings, missing: missing,
            measured: measured.flatMap { $0.sampleCount > 0 ? $0 : nil })
    }
}
