import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision
import WaterQuality

/// An outfall's samples judged against the standard it is held to.
public struct OutfallAssessment: Sendable {
    public var outfall: Outfall
    /// The water-function zone at the outfall's receiving point, if one covers it.
    public var receivingZone: Zone?
    /// Where the zone was looked for ("入河点（融江）" or "排污口位置").
    public var receivingPlace: String
    public var industry: String?
    public var builtOn: String?
    /// nil with `choiceProblem` when no standard could be chosen.
    public var choice: StandardChoice?
    public var choiceProblem: String?
    public var judgements: [Judgement]
    public var standardsSource: String
}

/// A monitoring section's class against its target.
public struct SectionReport: Sendable {
    public var section: MonitoringSection
    public var zone: Zone?
    public var assessment: SectionAssessment
    public var sampleCount: Int
    public var from: String?
    public var to: String?
    public var standardsSource: String
}

extension Ledger {
    /// The standard and grade an outfall is held to, with the reasons, and its samples
    /// (within `from`…`to`) judged against it.
    public func assessOutfall(_ reference: String, from: String? = nil, to: String? = nil) throws(LedgerError) -> OutfallAssessment {
        let outfall = try findOutfall(reference)
        for (name, day) in [("from", from), ("to", to)] {
            if let day, !Self.isDate(day) { throw .refused(subject: "--\(name)", reason: "应为日期 YYYY-MM-DD：\(day)") }
        }
        return try assess(outfall, in: try assessmentContext(), from: from, to: to)
    }

    /// What judging outfalls needs, read once for many outfalls.
    struct AssessmentContext {
        var standards: StandardsInForce
        var settings: MonitoringSettings
        var dischargeSettings: [Int64: DischargeSetting]
        var snaps: [Int64: StoredSnap]
        var waterFunctionZones: [Zone]
        var units: [DischargingUnit]
        var samplesByOutfall: [Int64: [Sample]]
    }

    func assessmentContext() throws(LedgerError) -> AssessmentContext {
        let snaps: [Int64: StoredSnap]
        let zones: [Zone]
        do {
            snaps = try registry.outfallSnaps()
            zones = try registry.store.fetchAll(Zone.self).filter { $0.kind == .waterFunction }
        } catch {
            throw .storage("\(error)")
        }
        var settings: [Int64: DischargeSetting] = [:]
        for stored in try read({ reader in try reader.documents(.dischargeSetting) }) {
            settings[stored.ref.id] = try DischargeSettingDocument.decode(stored).setting
        }
        let units = try read { reader in try reader.documents(.unit) }.map { stored throws(LedgerError) in try DischargingUnit.decode(stored) }
        let samples = try read { reader in try reader.documents(.sample) }.map { stored throws(LedgerError) in try Sample.decode(stored) }
        return AssessmentContext(
            standards: try standards(), settings: try monitoringSettings(), dischargeSettings: settings, snaps: snaps, waterFunctionZones: zones,
            units: units, samplesByOutfall: Dictionary(grouping: samples.filter { $0.point.kind == .outfall }, by: \.point.id))
    }

    func assess(_ outfall: Outfall, in context: AssessmentContext, from: String? = nil, to: String? = nil) throws(LedgerError) -> OutfallAssessment {
        guard let id = outfall.id else { throw .notFound(.layer("outfalls"), outfall.key) }
        let setting = context.dischargeSettings[id]
        let (zone, place) = try receivingZone(of: outfall, snap: context.snaps[id], zones: context.waterFunctionZones)
        let industry =
            setting?.industry ?? context.units.first { $0.permittedOutfallIDs.contains(id) && $0.industry != nil }?.industry
            ?? Self.extraText(outfall, ["industry", "行业"])
        let builtOn = setting?.builtOn ?? Self.extraText(outfall, ["built_on", "建设日期", "建成日期"]).flatMap { Self.isDate($0) ? $0 : nil }
        let kind: DischargerKind =
            switch outfall.type {
            case .urbanWWTP: .urbanWWTP
            case .ruralWWTP: .ruralFacility
            case .urbanStorm, .industrialEnterpriseStorm, .industrialParkStorm: .stormOutlet
            default: .other
            }
        var choice: StandardChoice?
        var problem: String?
        do {
            choice = try StandardChoice.choose(
                kind: kind, industry: industry, receivingClass: zone?.targetClass.flatMap { WaterQualityClass(rawValue: $0.rawValue) },
                receivingZone: zone?.name, setting: setting, urbanWWTPGrade: context.settings.urbanWWTPGrade, catalog: context.standards.catalog)
        } catch {
            problem = "\(error)"
        }
        let samples = (context.samplesByOutfall[id] ?? []).filter { s in (from.map { s.day >= $0 } ?? true) && (to.map { s.day <= $0 } ?? true) }
            .sorted { ($0.sampledAt, $0.parameter) < ($1.sampledAt, $1.parameter) }
        let judgements = choice.map { DischargeJudge.judge(samples, choice: $0, builtOn: builtOn) } ?? []
        return OutfallAssessment(
            outfall: outfall, receivingZone: zone, receivingPlace: place, industry: industry, builtOn: builtOn, choice: choice,
            choiceProblem: problem,
            judgements: judgements, standardsSource: context.standards.source)
    }

    /// A section classed by GB 3838 on the means of its samples within `from`…`to`,
    /// compared with the target of the water-function zone it lies in.
    public func assessSection(_ name: String, from: String? = nil, to: String? = nil) throws(LedgerError) -> SectionReport {
        let directory = try pointDirectory()
        let point: SamplePoint
        do { point = try directory.resolve(name, only: .section) } catch { throw .notFound(.layer("sections"), name) }
        guard let section = directory.sections.first(where: { $0.id == point.id }) else { throw .notFound(.layer("sections"), name) }
        let inForce = try standards()
        guard let gb3838 = inForce.catalog.standard(role: .surfaceWater) else {
            throw .refused(subject: "标准", reason: "现行标准文件中没有地表水环境质量标准（role surface_water）")
        }
        let zone = try waterFunctionZone(at: section.location)
        let samples = try samples(from: from, to: to).filter { $0.point.kind == .section && $0.point.id == point.id }
        let body: WaterBody =
            Self.extraText(section, ["water_body", "水体类型"]).map { $0 == "lake" || $0.contains("湖") || $0.contains("库") } == true ? .lake : .river
        let assessment = SectionAssessment.assess(
            samples, standard: gb3838, waterBody: body, targetClass: zone?.targetClass.flatMap { WaterQualityClass(rawValue: $0.rawValue) })
        return SectionReport(
            section: section, zone: zone, assessment: assessment, sampleCount: samples.count, from: from, to: to, standardsSource: inForce.source)
    }

    // MARK: Receiving water

    /// The water-function zone where the outfall meets the river (its snapped point on the
    /// centreline), or at the outfall itself when it does not snap.
    func receivingZone(of outfall: Outfall, snap: StoredSnap?, zones: [Zone]) throws(LedgerError) -> (Zone?, String) {
        if let snap, let lon = snap.snappedLon, let lat = snap.snappedLat, snap.status == "ok" || snap.pinned {
            return (try waterFunctionZone(at: Coordinate(x: lon, y: lat), among: zones), "入河点（\(snap.river ?? "河道")）")
        }
        return (try waterFunctionZone(at: outfall.location, among: zones), "排污口位置（未能对应到河道）")
    }

    /// The water-function zone covering a point; where several do, the strictest target.
    func waterFunctionZone(at point: Coordinate, among given: [Zone]? = nil) throws(LedgerError) -> Zone? {
        do {
            let zones = try given ?? registry.store.fetchAll(Zone.self).filter { $0.kind == .waterFunction }
            guard !zones.isEmpty else { return nil }
            let geos = GEOSContext()
            let p = try geos.point(point)
            var covering: [Zone] = []
            for zone in zones {
                let g = try geos.geometry(zone.geometry)
                // About 1 m in degrees: a centreline point on a zone's edge counts as inside.
                if try g.covers(p) || g.distance(to: p) <= 1e-5 { covering.append(zone) }
            }
            return covering.min { ($0.targetClass?.rawValue ?? 99) < ($1.targetClass?.rawValue ?? 99) }
        } catch {
            throw .storage("水功能区查找失败 (zone lookup failed)：\(error)")
        }
    }

    static func extraText<R: LayerRecord>(_ record: R, _ keys: [String]) -> String? {
        for key in keys { if let s = record.extra[key]?.stringValue, !s.isEmpty { return s } }
        return nil
    }
}
