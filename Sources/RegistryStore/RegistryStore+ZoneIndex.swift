import Foundation
import GRDB
import OutfallModel

extension RegistryStore {
    /// The stored zone index built from zones layer version `zonesVersion` in `metricEPSG`
    /// with index format `format`, if there is one.
    public func zoneIndex(zonesVersion: Int64, metricEPSG: Int, format: Int) throws(StoreError) -> [UInt8]? {
        try read { db in
            try Data.fetchOne(
                db, sql: "SELECT data FROM zone_index WHERE zones_version = ? AND metric_epsg = ? AND format = ?",
                arguments: [zonesVersion, metricEPSG, format]
            ).map { [UInt8]($0) }
        }
    }

    /// Stores the index for one zones version, replacing every older one (only the current
    /// zones are ever read). Stored only if the zones layer is still at `zonesVersion`, so an
    /// index built while someone imported zones is never taken for theirs.
    public func saveZoneIndex(_ data: [UInt8], zonesVersion: Int64, metricEPSG: Int, format: Int) throws(StoreError) {
        try write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = 'zones'") ?? 0
            guard current == zonesVersion else { return }
            try db.execute(sql: "DELETE FROM zone_index")
            try db.execute(
                sql: "INSERT INTO zone_index(zones_version, metric_epsg, format, built_at, data) VALUES (?, ?, ?, ?, ?)",
                arguments: [zonesVersion, metricEPSG, format, Timestamp.now(), Data(data)])
        }
    }

    /// Every zone, with the version of the zones layer they are, read together so that what
    /// is built from them is stored under the version it was built from.
    public func allZones() throws(StoreError) -> (zones: [Zone], version: Int64) {
        try read { db in
            (try Self.fetch(Zone.self, where: nil, db: db), try Self.version(of: .zones, db: db))
        }
    }

    /// The zones with these ids, in the order given, with the version of the zones layer
    /// they are (read together: a caller that selected the ids from an index of one version
    /// can tell whether the zones changed since). An id with no zone is left out.
    public func zones(ids: [Int64]) throws(StoreError) -> (zones: [Zone], version: Int64) {
        try read { db in
            var byID: [Int64: Zone] = [:]
            // In chunks: SQLite limits the number of bound parameters.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for zone in try Self.fetch(Zone.self, where: "id IN (\(marks))", arguments: StatementArguments(chunk), db: db) {
                    if let id = zone.id { byID[id] = zone }
                }
            }
            return (ids.compactMap { byID[$0] }, try Self.version(of: .zones, db: db))
        }
    }

    static func version(of layer: LayerKind, db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = ?", arguments: [layer.rawValue]) ?? 0
    }
}
