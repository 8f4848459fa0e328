import Foundation
import GeoKit
import JSON
import OutfallModel
import Testing
import GRDB
import Supervision
@testable import RegistryStore

struct StoreTests {
    let path = NSTemporaryDirectory() + "store-test-\(UUID().uuidString).sqlite"

    func outfall(_ key: String, _ lon: Double) -> Outfall {
        Outfall(key: key, name: "排口\(key)", type: .urbanStorm, location: Coordinate(lon: lon, lat: 24.6))
    }

    func source(_ n: Int) -> SourceRecord {
        SourceRecord(layer: .outfalls, fileName: "f.geojson", fileSHA256: "00", fileFormat: "geojson", crs: "EPSG:4490", featureCount: n)
    }

    @Test func createRefusesToOverwriteAndForceMovesTheOldFileAside() throws {
        _ = try RegistryStore.create(path: path, settings: .liucheng)
        #expect(throws: StoreError.self) { try RegistryStore.create(path: path, settings: .liucheng) }
        _ = try RegistryStore.create(path: path, settings: .liucheng, force: true)
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(name + ".bak-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(backups.count == 1)
    }

    @Test func openingAMissingFileSaysToRunInit() {
        #expect {
            try RegistryStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.description.contains("outfalls init") == true
        }
    }

    @Test func settingsRoundTrip() throws {
        let settings = RegistrySettings(region: Region(name: "测试区", envelope: Envelope(minX: 100, minY: 20, maxX: 110, maxY: 30)), countyAdcode: "123456")
        _ = try RegistryStore.create(path: path, settings: settings)
        #expect(try RegistryStore.open(path: path).settings() == settings)
    }

    @Test func localCodesCountOnPerTypeAcrossImports() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        _ = try store.importRecords([outfall("a", 109.1), outfall("b", 109.2)], source: source(2), actor: "t")
        var wwtp = outfall("c", 109.3)
        wwtp.type = .urbanWWTP
        _ = try store.importRecords([outfall("d", 109.4), wwtp], source: source(2), actor: "t")
        let codes = try store.fetchAll(Outfall.self).map { $0.localCode ?? "" }
        #expect(codes == ["LC-450222-US-00001", "LC-450222-US-00002", "LC-450222-US-00003", "LC-450222-UW-00001"])
    }

    @Test func rtreeFindsFeaturesByBoundingBox() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        _ = try store.importRecords([outfall("a", 109.1), outfall("b", 109.2), outfall("c", 109.3)], source: source(3), actor: "t")
        let ids = try store.ids(in: .outfalls, intersecting: Envelope(minX: 109.15, minY: 24.5, maxX: 109.35, maxY: 24.7))
        #expect(Set(ids) == [2, 3])
    }

    @Test func aFailingImportLeavesNoTrace() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        _ = try store.importRecords([outfall("a", 109.1)], source: source(1), actor: "t")
        var clash = outfall("b", 109.2)
        clash.localCode = "LC-450222-US-00001"  // violates UNIQUE(local_code) half-way through
        #expect(throws: StoreError.self) {
            try store.importRecords([outfall("c", 109.3), clash], source: source(2), actor: "t")
        }
        #expect(try store.count(.outfalls) == 1)
        #expect(try store.sources().count == 1)
        #expect(try store.auditLog().count == 1)
    }

    @Test func backupIsAnIdenticalReadableRegistry() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        _ = try store.importRecords([outfall("a", 109.1)], source: source(1), actor: "t")
        let copy = path + ".backup"
        try store.backup(to: copy)
        let restored = try RegistryStore.open(path: copy)
        #expect(try restored.fetchAll(Outfall.self) == store.fetchAll(Outfall.self))
        #expect(try restored.integrityCheck() == "ok")
    }

    @Test func geometryAndExtraPropertiesRoundTripExactly() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        let zone = Zone(
            key: "z", name: "区", kind: .waterFunction, level: .other("开发利用区"), targetClass: .iii, attains: false,
            geometry: .polygon(Polygon(exterior: [
                Coordinate(lon: 109.1, lat: 24.5), Coordinate(lon: 109.2, lat: 24.5), Coordinate(lon: 109.2, lat: 24.6), Coordinate(lon: 109.1, lat: 24.5),
            ])),
            extra: JSONObject([("备注", "x"), ("n", 1.25)]),
            origin: CoordinateOrigin(crs: .gaussKruger108, originalGeometry: .point(Coordinate(x: 1, y: 2))))
        _ = try store.importRecords([zone], source: source(1), actor: "t")
        var stored = try #require(try store.fetchAll(Zone.self).first)
        stored.id = nil
        #expect(stored == zone)
    }
}

/// A registry made by an earlier version: its audit log becomes the first events of the history.
struct AuditLogMigrationTests {
    @Test func legacyAuditRowsMoveIntoTheHistory() throws {
        let path = NSTemporaryDirectory() + "legacy-\(UUID().uuidString).sqlite"
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v5-users")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO settings(key, value) VALUES ('region', '{\"name\":\"柳城县\",\"min_lon\":108.8,\"min_lat\":24.4,\"max_lon\":109.6,\"max_lat\":24.9}'), ('county_adcode', '450222')")
            try db.execute(sql: """
                INSERT INTO audit_log(at, actor, action, layer, feature_id, feature_key, source_id, before, after, note) VALUES
                ('2024-01-01T00:00:00.000Z', 'a', 'insert', 'outfalls', 7, 'f:7', NULL, NULL, NULL, NULL),
                ('2024-02-01T00:00:00.000Z', 'b', 'update', 'outfalls', 7, 'f:7', NULL, '{"properties":{"name":"旧名"},"geometry":null}', NULL, NULL),
                ('2024-03-01T00:00:00.000Z', 'c', 'pin', 'outfalls', 7, 'f:7', NULL, NULL, '{"pinned_reach":"r1"}', '人工指定'),
                ('2024-04-01T00:00:00.000Z', 'd', 'user', 'users', NULL, NULL, NULL, NULL, '{"username":"u","role":"viewer"}', '添加用户 u')
                """)
        }
        let store = try RegistryStore.open(path: path)
        let log = try store.auditLog()
        #expect(log.map(\.action) == ["insert", "update", "pin", "user"])
        #expect(log[0].featureID == 7 && log[0].changes == [FieldChange(field: "key", before: nil, after: "f:7")])
        #expect(log[1].changes.first?.field == "legacy_previous_version")
        #expect(log[1].changes.first?.before?.objectValue?["name"] == "旧名")
        #expect(log[2].changes == [FieldChange(field: "pinned_reach", before: nil, after: "r1")] && log[2].note == "人工指定")
        #expect(log[3].layer == "users")
        #expect(try store.auditLog(layer: .outfalls, featureID: 7).count == 3)
        let tables = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name = 'audit_log'") }
        #expect(tables.isEmpty)
    }
}
