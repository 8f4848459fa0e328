import Foundation
import Testing
@testable import GeoKit

/// A stored pipeline must give exactly what PROJ's database gives, and a process that has
/// one must not open proj.db at all (the point of storing it).
struct TransformPipelineTests {
    private let pairs = [(4490, 4545), (4545, 4490), (4490, 4546), (2435, 4490), (4490, 3857), (3857, 4490)]

    private var points: [Coordinate] {
        stride(from: 104.5, through: 112.0, by: 0.75).flatMap { lon in
            stride(from: 21.0, through: 26.5, by: 0.5).map { Coordinate(lon: lon, lat: $0) }
        }
    }

    private func input(for source: Int, through forward: CoordinateTransformer) throws -> [Coordinate] {
        // Projected sources take the grid carried into them, so every pair sees real places.
        [4490, 4326].contains(source) ? points : try CoordinateTransformer(fromEPSG: 4490, toEPSG: source, context: PROJContext()).transform(points)
    }

    @Test func aStoredPipelineTransformsExactlyAsTheDatabaseChoice() throws {
        for (source, target) in pairs {
            let fromDatabase = try CoordinateTransformer(fromEPSG: source, toEPSG: target, context: PROJContext())
            let pipeline = try #require(fromDatabase.pipeline, "EPSG:\(source) → EPSG:\(target)")
            #expect(pipeline.source == source && pipeline.target == target)
            let rebuilt = try #require(CoordinateTransformer(pipeline: pipeline, context: PROJContext()))
            let given = try input(for: source, through: fromDatabase)
            #expect(try rebuilt.transform(given) == fromDatabase.transform(given), "EPSG:\(source) → EPSG:\(target)")
        }
    }

    @Test func aPipelineOfAnotherVersionOrNoOperationIsNotUsed() throws {
        let context = PROJContext()
        let good = try #require(try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: context).pipeline)
        var otherVersion = good
        otherVersion.projVersion = "0.0.1"
        #expect(CoordinateTransformer(pipeline: otherVersion, context: context) == nil)
        for definition in ["EPSG:4545", "+proj=longlat +ellps=GRS80", "+proj=nonsense", "", "+proj=pipeline +step +proj=hgridshift +grids=cn_x.tif"] {
            var bad = good
            bad.definition = definition
            #expect(CoordinateTransformer(pipeline: bad, context: context) == nil, "\(definition)")
        }
    }

    @Test func theRegistryPairIsOneWrittenDownPipeline() throws {
        // 4490 → 4545 is a single conversion: PROJ writes it, without grids.
        let made = try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: PROJContext())
        let pipeline = try #require(made.pipeline)
        #expect(pipeline.definition.contains("+proj=tmerc") && pipeline.definition.contains("+lon_0=108"))
        #expect(pipeline.projVersion == PROJContext().version)
    }

    @Test func aConverterGivenItsPipelinesNeverOpensTheDatabase() throws {
        let first = GeodeticConverter(metricEPSG: 4545)
        let place = [Coordinate(lon: 109.2294705, lat: 24.6885747)]
        let metric = try first.toMetric(place)
        let back = try first.fromMetric(metric)
        let pipelines = first.takeResolvedPipelines()
        #expect(pipelines.map { [$0.source, $0.target] } == [[4490, 4545], [4545, 4490]])
        #expect(first.takeResolvedPipelines().isEmpty)

        // A context that cannot find proj.db: every database lookup there fails.
        let second = GeodeticConverter(context: .withoutDatabase(), metricEPSG: 4545, pipelines: pipelines)
        #expect(try second.toMetric(place) == metric)
        #expect(try second.fromMetric(metric) == back)
        #expect(second.takeResolvedPipelines().isEmpty)

        // The measure can fail: without the pipelines the same context cannot convert.
        let third = GeodeticConverter(context: .withoutDatabase(), metricEPSG: 4545)
        #expect(throws: CRSError.self) { try third.toMetric(place) }
    }
}
