import Foundation
import OutfallModel
import Registry
import Supervision

/// The public site's use cases (信息公开): the county's publication setting, the outfalls as
/// the public may see them, and the statistics the plan publishes.
extension Ledger {
    // MARK: Setting

    public func publicationSettings() throws(LedgerError) -> PublicationSettings {
        try entity(PublicationSettings.self, id: PublicationSettings.singletonID) ?? PublicationSettings()
    }

    /// Changes the setting through `edit`, checked, with the history event saying why.
    @discardableResult
    public func updatePublicationSettings(
        actor: String, reason: String? = nil, _ edit: (inout PublicationSettings) throws(LedgerError) -> Void
    ) throws(LedgerError) -> PublicationSettings {
        var settings = try publicationSettings()
        try edit(&settings)
        if let problem = settings.problem() { throw .refused(subject: "公开设置", reason: problem) }
        if let reason, reason.count > 2_000 { throw .refused(subject: "说明", reason: "超过 2000 字 (too long)") }
        let saved = settings
        _ = try change(actor: actor) { tx in try tx.save(saved, action: "settings.update", reason: reason) }
        return saved
    }

    /// Publishes (`on`) or withdraws one field.
    @discardableResult
    public func setPublished(_ field: PublicField, _ on: Bool, actor: String, reason: String? = nil) throws(LedgerError) -> PublicationSettings {
        try updatePublicationSettings(actor: actor, reason: reason) { settings in
            settings.fields.removeAll { $0 == field }
            // Kept in the enum's order, so the document (and its history) does not churn.
            if on { settings.fields = PublicField.allCases.filter { settings.fields.contains($0) || $0 == field } }
        }
    }

    // MARK: Outfalls

    /// Every outfall as the public may see it, in registry order — except points found not to
    /// be outfalls and duplicates merged into another.
    public func publicOutfalls() throws(LedgerError) -> [PublicOutfall] {
        let settings = try publicationSettings()
        let listing: [OutfallListing]
        let schematic: Bool
        do {
            listing = try registry.outfalls()
            schematic = try registry.isSchematic()
        } catch { throw .storage("\(error)") }
        let needsParty = settings.publishes(.responsibleUnit)
        let traces = needsParty ? Dictionary(grouping: try self.traces(), by: \.outfallID) : [:]
        let units = needsParty ? UnitLookup(try self.units()).dictionary : [:]
        let government = needsParty ? try tracingSettings().government : ""
        // Not published: a point a survey found is not an outfall, and a duplicate merged into another.
        let hidden = Set(try entities(OutfallFile.self).filter { $0.lifecycle == .notOutfall || $0.mergedInto != nil }.compactMap(\.id))
        let cases = settings.publishes(.remediationState) ? Dictionary(grouping: try entities(RemediationCase.self), by: \.outfallID) : [:]
        var out: [PublicOutfall] = []
        for item in listing {
            guard let id = item.outfall.id, !hidden.contains(id) else { continue }
            let o = item.outfall
            var p = PublicOutfall(id: id, schematic: schematic)
            if settings.publishes(.name) { p.name = o.name }
            if settings.publishes(.code) { p.code = o.nationalCode ?? o.localCode }
            if settings.publishes(.type) {
                p.typeCode = o.type.rawValue
                p.typeLabel = o.type.label
            }
            if settings.publishes(.location), o.location.x.isFinite, o.location.y.isFinite {
                p.lon = (o.location.x * 1e6).rounded() / 1e6
                p.lat = (o.location.y * 1e6).rounded() / 1e6
                p.township = item.township
            }
            if settings.publishes(.receivingWater) { p.receivingWater = item.snap?.river ?? "（待核实）" }
            if needsParty {
                let party = ResponsibleParty.derive(traces: traces[id] ?? [], units: units, government: government)
                p.responsibleUnit = Self.publicUnit(party, units: units)
            }
            if settings.publishes(.dischargeStandard) {
                p.dischargeStandard = try dischargeSetting(outfallID: id).flatMap { s in
                    s.standard.map { [$0, s.grade.map { "\($0) 级" }].compactMap { $0 }.joined(separator: " ") }
                } ?? "（未设定）"
            }
            if settings.publishes(.supervisionPhone) { p.supervisionPhone = settings.supervisionPhone ?? "（待公布）" }
            if settings.publishes(.remediationState) {
                p.remediationState = (cases[id] ?? []).max { ($0.id ?? 0) < ($1.id ?? 0) }?.state.label ?? "无整治任务"
            }
            if settings.publishes(.approvals) { p.approvals = try publicEntries(.approvals, outfallID: id) }
            if settings.publishes(.inspections) { p.inspections = try publicEntries(.inspections, outfallID: id) }
            out.append(p)
        }
        return out
    }

    /// One outfall as the public may see it, by registry id; nil when there is none.
    public func publicOutfall(id: Int64) throws(LedgerError) -> PublicOutfall? {
        try publicOutfalls().first { $0.id == id }
    }

    /// The responsible party as an organisation, or a placeholder: a unit is named only when it
    /// carries a 统一社会信用代码 (an organisation's identifier); a unit without one may be a
    /// person, so it is not named (fail closed).
    static func publicUnit(_ party: ResponsibleParty, units: [Int64: DischargingUnit]) -> String {
        switch party.kind {
        case .unit, .sharedMain:
            guard let first = party.unitIDs.first, let unit = units[first], unit.creditCode != nil else { return "（责任单位信息待核实）" }
            return party.kind == .sharedMain ? "\(unit.name)（主要责任单位）" : unit.name
        case .government:
            return party.party.map { "\($0)（兜底）" } ?? "（责任单位信息待核实）"
        case .undetermined:
            return "暂无法确定，正在溯源"
        }
    }

    // MARK: Statistics

    /// What the plan publishes: outfalls by type and river, and remediation progress against
    /// the 30 / 70 / 100 % targets (county-wide and by river) as of `asOf`.
    public func publicStatistics(asOf: String) throws(LedgerError) -> PublicStatistics {
        let outfalls = try publicOutfalls()
        func counts(_ key: (PublicOutfall) -> String?) -> [(String, Int)] {
            Dictionary(grouping: outfalls, by: { key($0) ?? "（未公开）" }).map { ($0.key, $0.value.count) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        }
        // Whether the data is schematic is never guessed: a registry that cannot say is an error,
        // not statistics published without the 示意数据 label.
        let schematic: Bool
        if let first = outfalls.first { schematic = first.schematic } else { schematic = try registryCall { try registry.isSchematic() } }
        return PublicStatistics(
            asOf: asOf, total: outfalls.count, byType: counts(\.typeLabel), byRiver: counts(\.receivingWater),
            county: try progress(asOf: asOf).first, byRiverProgress: try progress(asOf: asOf, by: "river"),
            targets: ProgressTargets(), schematic: schematic)
    }
}

/// The published statistics (``Ledger/publicStatistics(asOf:)``).
public struct PublicStatistics: Sendable {
    public var asOf: String
    public var total: Int
    public var byType: [(String, Int)]
    public var byRiver: [(String, Int)]
    public var county: ProgressFigure?
    public var byRiverProgress: [ProgressFigure]
    public var targets: ProgressTargets
    public var schematic: Bool
}
