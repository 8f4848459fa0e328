import Foundation
import GRDB
import GeoKit
import OutfallModel

extension RegistryStore {
    /// The stored edge records (of rivers version `riversVersion`, in `metricEPSG`, record
    /// format `format`) whose envelopes meet `area`, each given to `decode` where SQLite holds
    /// it. Nil if the stored records are of another version or format, or none were ever
    /// stored, or `decode` refuses one: the caller then reads the whole network instead.
    public func networkEdges<T>(
        riversVersion: Int64, metricEPSG: Int, format: Int, meeting area: Envelope, decode: (UnsafeRawBufferPointer) -> T?
    ) throws(StoreError) -> [T]? {
        try read { db in
            guard let built = try Row.fetchOne(db, sql: "SELECT rivers_version, metric_epsg, format FROM network_edges_built"),
                built["rivers_version"] == riversVersion, built["metric_epsg"] == metricEPSG, built["format"] == format
            else { return nil }
            let rows = try Row.fetchCursor(
                db, sql: "SELECT record FROM network_edges WHERE max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?",
                arguments: [area.minX, area.maxX, area.minY, area.maxY])
            var decoded: [T] = []
            while let row = try rows.next() {
                guard let value = try row.withUnsafeData(atIndex: 0, { data in data?.withUnsafeBytes(decode) }) else { return nil }
                decoded.append(value)
            }
            return decoded
        }
    }

    /// Replaces the stored edge records with `records` (number, metric envelope, bytes) of
    /// rivers version `riversVersion`; stored only if the rivers layer is still at that
    /// version, as ``saveNetworkIndex(_:riversVersion:metricEPSG:format:)`` is.
    public func saveNetworkEdges(
        _ records: [(number: Int, envelope: Envelope, bytes: [UInt8])], riversVersion: Int64, metricEPSG: Int, format: Int
    ) throws(StoreError) {
        try write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT version FROM layer_versions WHERE layer = 'rivers'") ?? 0
            guard current == riversVersion else { return }
            try db.execute(sql: "DELETE FROM network_edges")
            let insert = try db.makeStatement(
                sql: "INSERT INTO network_edges(edge, min_x, max_x, min_y, max_y, record) VALUES (?, ?, ?, ?, ?, ?)")
            for record in records {
                let e = record.envelope
                try insert.execute(arguments: [record.number, e.minX, e.maxX, e.minY, e.maxY, Data(record.bytes)])
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO network_edges_built(id, rivers_version, metric_epsg, format, built_at)
                    VALUES (1, ?, ?, ?, ?)
                    """,
                arguments: [riversVersion, metricEPSG, format, Timestamp.now()])
        }
    }
}
