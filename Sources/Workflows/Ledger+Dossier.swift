import OutfallModel
import Registry
import RegistryStore
import Supervision

extension Ledger {
    /// Gathers the dossier of the outfall with this id.
    public func dossier(outfall id: Int64) throws(LedgerError) -> Dossier {
        guard let detail = try registryCall({ try registry.outfallDetail(id: id) }) else { throw .notFound(.outfall, String(id)) }
        let outfall = detail.listing.outfall
        let sources = try registryCall { try registry.store.sources() }
        let schematic = Array(Set(sources.filter(\.schematic).map(\.layer.rawValue))).sorted()
        var siting: DossierSiting?
        if let verdict = detail.listing.verdict {
            let rules = try registryCall { try registry.rules() }
            siting = DossierSiting(verdict: verdict, findings: detail.findings, rulesTitle: rules.title, rulesVersion: rules.version)
        }
        let derived = try derivedFields(ids: [id]).first
        let (file, surveys, traces, allUnits, allChannels) = try read { reader in
            let file = try reader.document(EntityRef(.outfall, id)).map { stored throws(LedgerError) in try OutfallFile.decode(stored) }
            let surveys = try reader.documents(.survey).map { stored throws(LedgerError) in try SurveyRecord.decode(stored) }
            let traces = try reader.documents(.trace).map { stored throws(LedgerError) in try Trace.decode(stored) }
            let units = try reader.documents(.unit).map { stored throws(LedgerError) in try DischargingUnit.decode(stored) }
            let channels = try reader.documents(.channel).map { stored throws(LedgerError) in try DrainageChannel.decode(stored) }
            return (file, surveys, traces, units, channels)
        }
        let mine = traces.filter { $0.outfallID == id }.sorted { ($0.tracedOn, $0.id ?? 0) < ($1.tracedOn, $1.id ?? 0) }
        var unitsByID: [Int64: DischargingUnit] = [:]
        for unit in allUnits { if let unitID = unit.id { unitsByID[unitID] = unit } }
        let channels = allChannels.filter { $0.outfallID == id }
        let linkedIDs = Set(mine.flatMap(\.unitIDs) + channels.compactMap(\.unitID))
        let units = allUnits.filter { unit in unit.id.map(linkedIDs.contains) ?? false || unit.permittedOutfallIDs.contains(id) }
        return Dossier(
            generatedAt: Timestamp.now(), schematicLayers: schematic, outfall: outfall, snap: detail.listing.snap, file: file,
            siting: siting, derived: derived,
            surveys: surveys.filter { $0.outfallID == id || (file?.surveyIDs.contains($0.id ?? -1) ?? false) }
                .sorted { ($0.surveyedOn, $0.id ?? 0) < ($1.surveyedOn, $1.id ?? 0) },
            traces: mine, channels: channels, units: units,
            responsible: ResponsibleParty.derive(traces: mine, units: unitsByID, government: try tracingSettings().government),
            enteredResponsible: file?.enteredResponsible ?? outfall.responsible,
            history: try outfallHistory(id: id))
    }
}
