import Foundation
import GRDB
import OutfallModel

extension RegistryStore {
    /// The stored network index built from rivers layer version `riversVersion` in
    /// `metricEPSG` with index format `format`, if there is one.
    public func networkIndex(riversVersion: Int64, metricEPSG: Int, format: Int) throws(StoreError) -> [UInt8]? {
        try read { db in
            try Data.fetchOne(
                db, sql: "SELECT data FROM network_index WHERE rivers_version = ? AND metric_epsg = ? AND format = ?",
                arguments: [riversVersion, metricEPSG, format]
            ).map { [UInt8]($0) }
        }
    }

    /// Stores the index for one rivers version, replacing every older one (only the current
    /// network is ever read). Stored only if the rivers layer is still at `riversVersion`, so
    /// an index built while someone imported new rivers is never taken for theirs.
    public func saveNetworkIndex(_ data: [UInt8], riversVersion: Int64, metricEPSG: Int, format: Int) throws(StoreError) {
        try write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = 'rivers'") ?? 0
            guard current == riversVersion else { return }
            try db.execute(sql: "DELETE FROM network_index")
            try db.execute(
                sql: "INSERT INTO network_index(rivers_version, metric_epsg, format, built_at, data) VALUES (?, ?, ?, ?, ?)",
                arguments: [riversVersion, metricEPSG, format, Timestamp.now(), Data(data)])
        }
    }
}
