import GeoKit
import OutfallModel
import RegistryStore
import Rivers
import Siting

extension Registry {
    /// The metric envelopes of the zones as of the current zones version, read from the
    /// store, or built from every zone (and stored) when there is none for this version;
    /// with the version of the zones layer it was built from.
    public func zoneEnvelopeIndex() throws(RegistryError) -> (index: ZoneEnvelopeIndex, zonesVersion: Int64) {
        try wrapping {
            let epsg = settings.metricEPSG
            let version = try store.version(of: .zones)
            if let bytes = try store.zoneIndex(zonesVersion: version, metricEPSG: epsg, format: ZoneEnvelopeIndex.format),
                let stored = ZoneEnvelopeIndex(encoded: bytes), stored.metricEPSG == epsg
            {
                return (stored, version)
            }
            let (zones, builtFrom) = try store.allZones()
            let built = try ZoneEnvelopeIndex(zones: zones, converter: GeodeticConverter(metricEPSG: epsg))
            // Stored only if the zones did not change meanwhile; a read-only registry (a
            // backup being inspected) still answers, building the index each time.
            try? store.saveZoneIndex(built.encoded(), zonesVersion: builtFrom, metricEPSG: epsg, format: ZoneEnvelopeIndex.format)
            return (built, builtFrom)
        }
    }

    /// A siting model holding only the zones the check of `subject` tests, in the order the
    /// model of every zone tests them, so the verdict and its findings are the same as that
    /// model's; or, if the zones changed since `zoneIndex` was read, the model of every zone.
    func sitingModel(
        for subject: SitingSubject, zoneIndex: ZoneEnvelopeIndex, zonesVersion: Int64, rules: SitingRuleSet, intakes: [Intake],
        sections: [MonitoringSection], network: RiverNetwork, converter: GeodeticConverter
    ) throws(RegistryError) -> SitingModel {
        let ids = zoneIndex.candidates(for: subject, rules: rules)
        let (zones, version) = try wrapping { try store.zones(ids: ids) }
        // Fail closed: zones read from another version than the index (an import meanwhile),
        // or a listed zone missing, and the whole layer is used as before.
        guard version == zonesVersion, zones.count == ids.count else { return try sitingModel(network: network) }
        return try wrapping {
            try SitingModel(
                rules: rules, zones: zones, intakes: intakes, sections: sections, network: network, converter: converter,
                candidatesInZoneOrder: true)
        }
    }
}
