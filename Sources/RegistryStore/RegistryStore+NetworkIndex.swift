import Foundation
import GRDB
import OutfallModel

extension RegistryStore {
    /// The stored network index built from rivers layer version `riversVersion` in
    /// `metricEPSG` with index format `format`, if there is one.
    public func networkIndex(riversVersion: Int64, metricEPSG: Int, format: Int) throws(StoreError) -> [UInt8]? {
        try networkIndex(riversVersion: riversVersion, metricEPSG: metricEPSG, format: format) { [UInt8]($0) }
    }

    /// The stored network index, given to `decode` where SQLite holds it: the index of a
    /// provincial network is ~11 MB, and fetching it as Data and converting it copied it
    /// twice before reading it once. Nil if there is none or `decode` refuses it.
    public func networkIndex<T>(
        riversVersion: Int64, metricEPSG: Int, format: Int, decode: (UnsafeRawBufferPointer) -> T?
    ) throws(StoreError) -> T? {
        try read { db in
            // A cursor's row reads the statement's own buffer; a fetched row would copy it.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT data FROM network_index WHERE rivers_version = ? AND metric_epsg = ? AND format = ?",
                arguments: [riversVersion, metricEPSG, format])
            guard let row = try rows.next() else { return nil }
            return try row.withUnsafeData(atIndex: 0) { data in data?.withUnsafeBytes(decode) }
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
