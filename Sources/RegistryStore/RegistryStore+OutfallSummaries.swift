import GRDB
import GeoKit
import JSON
import OutfallModel

/// An outfall as exports and listings show it: its row with its stored snap and screening,
/// read in one join instead of three tables loaded into dictionaries.
public struct OutfallSummary: Sendable {
    public var id: Int64
    public var key: String
    public var name: String
    public var type: OutfallType
    public var status: OutfallStatus?
    public var nationalCode: String?
    public var localCode: String?
    public var responsible: String?
    public var location: Coordinate
    public var extra: JSONObject
    /// The stored snap's status (nil: never snapped) and where it put the outfall.
    public var snapStatus: String?
    public var reachKey: String?
    public var reachCode: String?
    public var river: String?
    public var measure: Double?
    public var bank: String?
    /// The stored screening (nil: never screened).
    public var verdict: String?
    /// Ids of the rules that fired, comma-separated, most severe first.
    public var rules: String
    public var township: String?
}

extension RegistryStore {
    /// Every outfall with its stored snap and screening, in id order. Whether those are
    /// fresh is the caller's business (the registry refreshes them first).
    public func outfallSummaries() throws(StoreError) -> [OutfallSummary] {
        try read { db in
            var result: [OutfallSummary] = []
            result.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM outfalls") ?? 0)
            // Columns by position: at 100,000 rows a lookup by name per column adds up.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT o.id, o.key, o.name, o.type, o.status, o.national_code, o.local_code, o.responsible, o.lon, o.lat,
                        o.extra, n.status, n.reach_key, n.reach_code, n.river, n.measure_m, n.bank, s.verdict, s.rules, s.township
                    FROM outfalls o
                    LEFT JOIN outfall_snaps n ON n.outfall_id = o.id
                    LEFT JOIN screening s ON s.outfall_id = o.id
                    ORDER BY o.id
                    """)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let typeText: String = row[3]
                guard let type = OutfallType(rawValue: typeText) else {
                    throw StoreError.corruptRow(table: "outfalls", id: id, reason: "unknown type \(typeText)")
                }
                result.append(
                    OutfallSummary(
                        id: id, key: row[1], name: row[2], type: type, status: (row[4] as String?).flatMap(OutfallStatus.init(rawValue:)),
                        nationalCode: row[5], localCode: row[6], responsible: row[7], location: Coordinate(x: row[8], y: row[9]),
                        extra: try Self.extra(row[10]), snapStatus: row[11], reachKey: row[12], reachCode: row[13], river: row[14],
                        measure: row[15], bank: row[16], verdict: row[17], rules: row[18] ?? "", township: row[19]))
            }
            return result
        }
    }
}
