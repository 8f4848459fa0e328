import Foundation
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision
import Testing
@testable import Workflows

/// The ledger's history through the real SQLite store: every change is an event with its
/// field-level changes, and the history alone rebuilds an entity as of a past date.
struct LedgerHistoryTests {
    static func emptyLedger() throws -> Ledger {
        let path = NSTemporaryDirectory() + "ledger-\(UUID().uuidString).sqlite"
        let registry = try Registry.create(path: path, settings: .liucheng)
        return Ledger(registry: registry)
    }

    @Test func changesAreEventsAndReplayGivesThePast() throws {
        let ledger = try Self.emptyLedger()
        var unit = DischargingUnit(name: "柳城县甲糖厂", industry: "制糖")
        try ledger.change(actor: "张三", at: "2024-05-01T02:00:00.000Z") { tx in try tx.create(&unit) }
        let id = try #require(unit.id)
        unit.industry = "制糖（甘蔗）"
        unit.permitNumber = "91450222MA5K000000001P"
        try ledger.change(actor: "李四", at: "2024-07-01T02:00:00.000Z") { tx in try tx.save(unit, reason: "许可证核对") }
        // Saving the same thing again records nothing.
        try ledger.change(actor: "李四") { tx in try tx.save(unit) }

        let events = try ledger.history(of: EntityRef(.unit, id))
        #expect(events.map(\.action) == ["create", "update"])
        #expect(events[1].actor == "李四" && events[1].reason == "许可证核对")
        #expect(events[1].changes.contains(FieldChange(field: "industry", before: "制糖", after: "制糖（甘蔗）")))
        #expect(events[1].changes.contains(FieldChange(field: "permitNumber", before: nil, after: "91450222MA5K000000001P")))

        let june = try #require(try ledger.state(of: EntityRef(.unit, id), asOf: "2024-06-25"))
        #expect(try DischargingUnit.decode(june, id: id) == DischargingUnit(id: id, name: "柳城县甲糖厂", industry: "制糖"))
        let now = try #require(try ledger.state(of: EntityRef(.unit, id), asOf: "2026-12-31"))
        #expect(try DischargingUnit.decode(now, id: id) == unit)
    }

    @Test func aFailedChangeWritesNothing() throws {
        let ledger = try Self.emptyLedger()
        struct Boom: Error {}
        #expect(throws: LedgerError.self) {
            try ledger.change(actor: "张三") { tx in
                var unit = DischargingUnit(name: "乙厂")
                try tx.create(&unit)
                throw Boom()
            }
        }
        #expect(try ledger.recentHistory().isEmpty)
        #expect(try ledger.read { try $0.documents(.unit) }.isEmpty)
    }

    /// A use case's refusal inside a transaction reaches the front end as a refusal (exit 1,
    /// HTTP 4xx), not as a database fault.
    @Test func aRefusalStaysARefusal() throws {
        let ledger = try Self.emptyLedger()
        let refusal = LedgerError.refused(subject: "第 3 行", reason: "统一社会信用代码校验码错误")
        #expect(throws: refusal) { try ledger.change(actor: "张三") { _ in throw refusal } }
    }
}
