import OutfallModel
import Supervision
import WaterQuality

/// What the monitoring pages show for one outfall: its assessment, every abnormal reason
/// (derived from monitoring, screening, surveys and traces, and those a person stated).
public struct OutfallMonitoring: Sendable {
    public var assessment: OutfallAssessment
    public var reasons: [DerivedAbnormalReason]
    public var stated: [AbnormalReason]
    public var notes: [String]
}

/// What the monitoring pages show for one section: its class against the target, the samples
/// behind it, the target class's limits for the chart lines, and the outfalls' loads at it.
public struct SectionMonitoring: Sendable {
    public var report: SectionReport
    public var samples: [Sample]
    /// The target class's limit per parameter (GB 3838), where the standard has one.
    public var targetLimits: [Parameter: Limit]
    /// nil with `impactProblem` when the loads could not be routed (no river network…).
    public var impact: ImpactReport?
    public var impactProblem: String?
}

extension Ledger {
    /// The outfall's monitoring: by registry id, key, local or national code.
    public func outfallMonitoring(_ reference: String, from: String? = nil, to: String? = nil) throws(LedgerError) -> OutfallMonitoring {
        let assessment = try assessOutfall(reference, from: from, to: to)
        let report = try derivedAbnormalOutfalls()
        let id = assessment.outfall.id
        let stated = try entities(AbnormalReason.self).filter { $0.outfallID == id }
        return OutfallMonitoring(
            assessment: assessment, reasons: report.outfalls.first { $0.outfall.id == id }?.reasons ?? [], stated: stated,
            notes: report.notes.filter { $0.hasPrefix(assessment.outfall.key) })
    }

    /// A section by its registry id or its name.
    public func monitoringSection(_ reference: String) throws(LedgerError) -> MonitoringSection {
        let sections = try pointDirectory().sections
        if let id = Int64(reference), let found = sections.first(where: { $0.id == id }) { return found }
        guard let found = sections.first(where: { $0.name == reference || $0.key == reference }) else {
            throw .notFound(.layer("sections"), reference)
        }
        return found
    }

    public func sectionMonitoring(_ reference: String, from: String? = nil, to: String? = nil) throws(LedgerError) -> SectionMonitoring {
        let section = try monitoringSection(reference)
        let report = try assessSection(section.name, from: from, to: to)
        let samples = try samples(from: from, to: to).filter { $0.point.kind == .section && $0.point.id == section.id }
            .sorted { ($0.sampledAt, $0.parameter) < ($1.sampledAt, $1.parameter) }
        var limits: [Parameter: Limit] = [:]
        if let target = report.assessment.targetClass, let grade = try standards().catalog.standard(role: .surfaceWater)?.grade(target.roman) {
            for limit in grade.limits where limits[limit.parameter] == nil && (limit.condition.waterBody == nil || limit.condition.waterBody == report.assessment.waterBody) {
                limits[limit.parameter] = limit
            }
        }
        var impact: ImpactReport?
        var problem: String?
        do { impact = try self.impact(section: section.name, from: from, to: to) } catch { problem = "\(error)" }
        return SectionMonitoring(report: report, samples: samples, targetLimits: limits, impact: impact, impactProblem: problem)
    }
}
