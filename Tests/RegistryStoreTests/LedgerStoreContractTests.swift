import Foundation
import JSON
import Supervision
import Testing
@testable import RegistryStore

/// What any ``LedgerStore`` must do, whatever the database behind it. Run here against
/// SQLite; a PostgreSQL/PostGIS backend would run the same checks.
enum LedgerStoreContract {
    static func check(_ store: any LedgerStore) throws {
        // Ids are per kind, increasing; an id given from outside keeps the counter ahead.
        let (a, b, c) = try store.write { w in
            (try w.insert(.unit, ["name": "甲"], at: "t1"), try w.insert(.unit, ["name": "乙"], at: "t1"), try w.insert(.trace, ["x": 1], at: "t1"))
        }
        #expect(a < b)
        #expect(c == 1)
        try store.write { w in try w.put(EntityRef(.unit, 100), ["name": "丙"], at: "t2") }
        let next = try store.write { w in try w.insert(.unit, ["name": "丁"], at: "t3") }
        #expect(next > 100)

        // Documents come back as stored, in id order; put replaces and keeps created_at.
        try store.write { w in try w.put(EntityRef(.unit, a), ["name": "甲", "industry": "制糖"], at: "t4") }
        let units = try store.read { r in try r.documents(.unit) }
        #expect(units.map(\.ref.id) == [a, b, 100, next])
        #expect(units[0].document == ["name": "甲", "industry": "制糖"])
        #expect(units[0].createdAt == "t1" && units[0].updatedAt == "t4")

        // Events keep every field, in entry order.
        let event = HistoryEvent(
            entity: EntityRef(.unit, a), action: "update", actor: "李明", at: "2024-06-01T00:00:00.000Z", recordedAt: "2024-06-02T00:00:00.000Z",
            changes: [FieldChange(field: "industry", before: nil, after: "制糖")], reason: "核对", related: [EntityRef(.outfall, 7)])
        try store.write { w in try w.append(event) }
        try store.write { w in try w.append(HistoryEvent(entity: EntityRef(.unit, b), action: "create", actor: "x", at: "t")) }
        let events = try store.read { r in try r.events(of: EntityRef(.unit, a)) }
        #expect(events.count == 1)
        var expected = event
        expected.id = events.first?.id
        #expect(events.first == expected)
        #expect(try store.read { r in try r.events(kind: .unit, limit: 1) }.map(\.entity.id) == [b])

        // A transaction that throws leaves nothing behind.
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.write { w in
                _ = try w.insert(.unit, ["name": "戊"], at: "t5")
                try w.append(HistoryEvent(entity: EntityRef(.unit, 999), action: "create", actor: "x", at: "t5"))
                throw Abort()
            }
        }
        #expect(try store.read { r in try r.documents(.unit) }.count == 4)
        #expect(try store.read { r in try r.events(kind: nil, limit: nil) }.count == 2)

        // Delete removes the document, not its history.
        try store.write { w in try w.delete(EntityRef(.unit, a)) }
        #expect(try store.read { r in try r.document(EntityRef(.unit, a)) } == nil)
        #expect(try store.read { r in try r.events(of: EntityRef(.unit, a)) }.count == 1)
    }
}

struct LedgerStoreContractTests {
    @Test func sqliteLedgerMeetsTheContract() throws {
        let store = try RegistryStore.create(path: NSTemporaryDirectory() + "contract-\(UUID().uuidString).sqlite", settings: .liucheng)
        try LedgerStoreContract.check(store.ledger)
    }
}
