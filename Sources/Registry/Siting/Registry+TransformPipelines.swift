import GeoKit

extension Registry {
    /// A converter for the registry's metric CRS that builds the transformations PROJ's
    /// database chose before from their stored pipelines: a cold `outfalls check` then never
    /// opens proj.db. With none stored (or unreadable) it asks the database, as always.
    public func geodeticConverterFromStoredPipelines() -> GeodeticConverter {
        GeodeticConverter(metricEPSG: settings.metricEPSG, pipelines: (try? store.transformPipelines()) ?? [])
    }

    /// Stores the pipelines `converter` had to ask PROJ's database for. Best effort, like the
    /// network index: a read-only registry still answers, asking the database each time.
    public func rememberPipelines(of converter: GeodeticConverter) {
        try? store.saveTransformPipelines(converter.takeResolvedPipelines())
    }
}
