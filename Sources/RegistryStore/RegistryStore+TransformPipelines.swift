import GRDB
import GeoKit

extension RegistryStore {
    /// The stored PROJ pipelines, of every PROJ version that stored some.
    public func transformPipelines() throws(StoreError) -> [TransformPipeline] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT source_epsg, target_epsg, proj_version, definition FROM transform_pipelines")
                .map { row in
                    TransformPipeline(
                        source: row["source_epsg"], target: row["target_epsg"], projVersion: row["proj_version"],
                        definition: row["definition"])
                }
        }
    }

    /// Stores `pipelines`, replacing any for the same pair and PROJ version.
    public func saveTransformPipelines(_ pipelines: [TransformPipeline]) throws(StoreError) {
        guard !pipelines.isEmpty else { return }
        try write { db in
            for pipeline in pipelines {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO transform_pipelines(source_epsg, target_epsg, proj_version, definition)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [pipeline.source, pipeline.target, pipeline.projVersion, pipeline.definition])
            }
        }
    }
}
