import GeoKit
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Supervision

extension Ledger {
    /// How far downstream the nearest national section is looked for (network metres).
    public static let downstreamSearchDistance = 200_000.0

    /// Property names under which imports carry hand-entered values (Chinese field sheets, our own exports).
    static let enteredTownshipKeys = ["乡镇", "所属乡镇", "乡镇（街道）", "乡镇街道", "township"]
    static let enteredWaterKeys = ["受纳水体", "receiving_water", "所在河流"]
    static let enteredBankKeys = ["岸别", "bank"]

    /// The derived fields of every outfall (or of those in `ids`), in registry order, each with
    /// the hand-entered values that disagree: the outfall's own properties (乡镇, 受纳水体,
    /// 岸别) and its latest accepted survey record (township, receiving water).
    ///
    /// The nearest national section is found by travelling downstream from each outfall on one
    /// network (``Registry/nearestDownstreamSections(kind:within:outfallIDs:)``).
    public func derivedFields(ids: Set<Int64>? = nil) throws(LedgerError) -> [DerivedFields] {
        let listings = try registryCall { try registry.outfalls() }.filter { listing in listing.outfall.id.map { ids?.contains($0) ?? true } ?? false }
        let (zones, sections) = try registryCall {
            (try registry.store.fetchAll(Zone.self).filter { $0.kind == .waterFunction },
             try registry.store.fetchAll(MonitoringSection.self).filter { $0.kind == .national })
        }
        let surveys = try latestAcceptedSurveys()
        let downstream = sections.isEmpty ? [:] : try registryCall {
            try registry.nearestDownstreamSections(kind: .national, within: Self.downstreamSearchDistance, outfallIDs: ids)
        }
        let geos = GEOSContext()
        let prepared = try registryCall { try zones.map { zone in (zone, try geos.geometry(zone.geometry).prepared()) } }
        var result: [DerivedFields] = []
        for listing in listings {
            guard let id = listing.outfall.id else { continue }
            var derived = DerivedFields(outfallID: id)
            derived.township = listing.township.map(NameComparison.normalised)
            if listing.township == nil { derived.notes.append("乡镇图层中没有覆盖该排污口的乡镇 (no township polygon covers it)") }
            var point = listing.outfall.location
            let snapped = listing.snap.map { $0.status == "ok" || $0.status == "ambiguous" } ?? false
            if let snap = listing.snap, snapped {
                derived.receivingWater = snap.river
                derived.reachCode = snap.reachCode ?? snap.reachKey
                derived.bank = snap.bank
                derived.bankLabel = snap.bank.map { _ in snap.bankLabel }
                if let lon = snap.snappedLon, let lat = snap.snappedLat { point = Coordinate(lon: lon, lat: lat) }
                if snap.status == "ambiguous" { derived.notes.append("所属河段有歧义，受纳水体需人工确认 (ambiguous snap)") }
            } else {
                derived.notes.append("未能吸附到河网（\(listing.snap?.status ?? "none")），受纳水体、岸别、下游断面无法推算 (not snapped)")
            }
            // The zone at the point where the outfall meets the river: zones are drawn over the water.
            for (zone, geometry) in prepared {
                let covers = try registryCall { try geometry.covers(point) }
                if covers {
                    derived.waterFunctionZone = zone.name
                    derived.waterFunctionTarget = zone.targetClass?.label
                    break
                }
            }
            if snapped && !sections.isEmpty {
                if let hit = downstream[id] {
                    derived.downstreamSection = hit.name
                    derived.downstreamDistance = hit.networkDistance
                } else {
                    derived.notes.append("下游 \(Int(Self.downstreamSearchDistance / 1000)) km 内没有国控断面 (no national section downstream)")
                }
            }
            derived.disagreements = Self.disagreements(derived, outfall: listing.outfall, survey: surveys[id])
            result.append(derived)
        }
        return result
    }

    /// The newest accepted survey record of each outfall.
    func latestAcceptedSurveys() throws(LedgerError) -> [Int64: SurveyRecord] {
        let all = try read { reader in try reader.documents(.survey) }
        var latest: [Int64: SurveyRecord] = [:]
        for stored in all {
            let record = try SurveyRecord.decode(stored)
            guard record.review == .accepted, let outfallID = record.outfallID else { continue }
            if let known = latest[outfallID], (known.surveyedOn, known.id ?? 0) > (record.surveyedOn, record.id ?? 0) { continue }
            latest[outfallID] = record
        }
        return latest
    }

    static func disagreements(_ derived: DerivedFields, outfall: Outfall, survey: SurveyRecord?) -> [DerivedDisagreement] {
        var found: [DerivedDisagreement] = []
        func entered(_ keys: [String]) -> (String, String)? {
            for key in keys {
                if let value = outfall.extra[key]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return (value, key) }
            }
            return nil
        }
        func compare(_ field: String, _ label: String, _ derivedValue: String?, _ value: String, _ source: String) {
            guard let derivedValue, !NameComparison.agrees(value, derivedValue) else { return }
            found.append(DerivedDisagreement(field: field, label: label, derived: NameComparison.normalised(derivedValue), entered: value, source: source))
        }
        let surveySource = survey.map { "排查记录 \($0.recordNumber)（\($0.surveyedOn)）" } ?? ""
        if let (value, key) = entered(enteredTownshipKeys) { compare("township", "乡镇", derived.township, value, "排污口属性“\(key)”") }
        if let value = survey?.township, !value.isEmpty { compare("township", "乡镇", derived.township, value, surveySource) }
        if let (value, key) = entered(enteredWaterKeys) { compare("receiving_water", "受纳水体", derived.receivingWater, value, "排污口属性“\(key)”") }
        if let value = survey?.receivingWater, !value.isEmpty { compare("receiving_water", "受纳水体", derived.receivingWater, value, surveySource) }
        if let (value, key) = entered(enteredBankKeys), let bank = derived.bank, NameComparison.bank(value) != bank {
            found.append(DerivedDisagreement(field: "bank", label: "岸别", derived: derived.bankLabel, entered: value, source: "排污口属性“\(key)”"))
        }
        return found
    }
}
