import Foundation
import GRDB
import GeoKit
import JSON
import OutfallModel

/// How a layer's record maps onto its table: the columns after the common ones
/// (see ``Schema/commonColumns``) and how to read them back.
public protocol StoredRecord: LayerRecord {
    static var specificColumns: [String] { get }
    var specificValues: [(any DatabaseValueConvertible)?] { get }
    /// Rebuilds a record from a row, given the common parts already decoded.
    static func decode(_ row: Row, common: CommonParts) throws -> Self
    /// Fills fields the store assigns (local codes), keeping those `existing` already has.
    mutating func completeForStorage(existing: Self?, allocate: (OutfallType) throws -> String) throws
    /// A second column that identifies a feature across files, besides its key.
    var alternateIdentity: (column: String, value: String)? { get }
    /// Columns whose values no two features may share (codes), with this record's values.
    var uniqueValues: [(column: String, value: String)] { get }
}

/// The parts every layer record shares, decoded once by the store.
public struct CommonParts {
    public var id: Int64
    public var key: String
    public var name: String
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin
}

extension StoredRecord {
    static var table: String { layer.rawValue }
}

extension RiverReach: StoredRecord {
    public static let specificColumns = ["reach_code"]
    public var specificValues: [(any DatabaseValueConvertible)?] { [reachCode] }
    public static func decode(_ row: Row, common c: CommonParts) throws -> RiverReach {
        RiverReach(id: c.id, key: c.key, name: c.name, reachCode: row["reach_code"], geometry: c.geometry, extra: c.extra, origin: c.origin)
    }
}

extension Zone: StoredRecord {
    public static let specificColumns = ["kind", "level", "target_class", "attains"]
    public var specificValues: [(any DatabaseValueConvertible)?] { [kind.rawValue, level?.rawValue, targetClass?.rawValue, attains] }
    public static func decode(_ row: Row, common c: CommonParts) throws -> Zone {
        let kindText: String = row["kind"]
        guard let kind = ZoneKind(rawValue: kindText) else {
            throw StoreError.corruptRow(table: "zones", id: c.id, reason: "unknown kind \(kindText)")
        }
        let level = (row["level"] as String?).map(ZoneLevel.init(parsing:))
        let target = (row["target_class"] as Int?).flatMap(WaterClass.init(rawValue:))
        return Zone(
            id: c.id, key: c.key, name: c.name, kind: kind, level: level, targetClass: target, attains: row["attains"],
            geometry: c.geometry, extra: c.extra, origin: c.origin)
    }
}

extension Intake: StoredRecord {
    public static let specificColumns = ["lon", "lat"]
    public var specificValues: [(any DatabaseValueConvertible)?] { [location.lon, location.lat] }
    public static func decode(_ row: Row, common c: CommonParts) throws -> Intake {
        Intake(id: c.id, key: c.key, name: c.name, location: try point(c, table: "intakes"), extra: c.extra, origin: c.origin)
    }
}

extension MonitoringSection: StoredRecord {
    public static let specificColumns = ["kind", "lon", "lat"]
    public var specificValues: [(any DatabaseValueConvertible)?] { [kind.rawValue, location.lon, location.lat] }
    public static func decode(_ row: Row, common c: CommonParts) throws -> MonitoringSection {
        let kindText: String = row["kind"]
        guard let kind = SectionKind(rawValue: kindText) else {
            throw StoreError.corruptRow(table: "sections", id: c.id, reason: "unknown kind \(kindText)")
        }
        return MonitoringSection(
            id: c.id, key: c.key, name: c.name, kind: kind, location: try point(c, table: "sections"), extra: c.extra, origin: c.origin)
    }
}

extension AdministrativeArea: StoredRecord {
    public static let specificColumns = ["adcode", "level"]
    public var specificValues: [(any DatabaseValueConvertible)?] { [adcode, level.rawValue] }
    public static func decode(_ row: Row, common c: CommonParts) throws -> AdministrativeArea {
        let levelText: String = row["level"]
        guard let level = AreaLevel(rawValue: levelText) else {
            throw StoreError.corruptRow(table: "areas", id: c.id, reason: "unknown level \(levelText)")
        }
        return AdministrativeArea(
            id: c.id, key: c.key, name: c.name, adcode: row["adcode"], level: level, geometry: c.geometry, extra: c.extra, origin: c.origin)
    }
}

extension Outfall: StoredRecord {
    public static let specificColumns = ["type", "status", "national_code", "local_code", "responsible", "lon", "lat"]
    public var specificValues: [(any DatabaseValueConvertible)?] {
        [type.rawValue, status?.rawValue, nationalCode, localCode, responsible, location.lon, location.lat]
    }
    public static func decode(_ row: Row, common c: CommonParts) throws -> Outfall {
        let typeText: String = row["type"]
        guard let type = OutfallType(rawValue: typeText) else {
            throw StoreError.corruptRow(table: "outfalls", id: c.id, reason: "unknown type \(typeText)")
        }
        let status = (row["status"] as String?).flatMap(OutfallStatus.init(rawValue:))
        return Outfall(
            id: c.id, key: c.key, name: c.name, type: type, status: status, nationalCode: row["national_code"],
            localCode: row["local_code"], responsible: row["responsible"], location: try point(c, table: "outfalls"),
            extra: c.extra, origin: c.origin)
    }
}

private func point(_ c: CommonParts, table: String) throws -> Coordinate {
    guard case .point(let location) = c.geometry else {
        throw StoreError.corruptRow(table: table, id: c.id, reason: "geometry is \(c.geometry.typeName), not Point")
    }
    return location
}
