import JSON
import Testing
@testable import Supervision

struct HistoryTests {
    @Test func changesListEveryDifferingFieldAndRemovals() {
        let old: JSONObject = ["name": "甲厂", "industry": "制糖", "address": "凤山镇"]
        let new: JSONObject = ["name": "甲厂", "industry": "造纸", "permit": "P-1"]
        let changes = FieldChange.changes(from: old, to: new)
        #expect(changes == [
            FieldChange(field: "industry", before: "制糖", after: "造纸"),
            FieldChange(field: "permit", before: nil, after: "P-1"),
            FieldChange(field: "address", before: "凤山镇", after: nil),
        ])
        #expect(FieldChange.changes(from: new, to: new).isEmpty)
        // A null counts as absent: no change from "missing" to null.
        #expect(FieldChange.changes(from: ["a": 1], to: ["a": 1, "b": .null]).isEmpty)
    }

    /// Created 1 May, changed 10 June and 1 July: as of 25 June the June change is in, the July one is not.
    @Test func replayRebuildsTheDocumentAsOfADate() {
        let ref = EntityRef(.unit, 1)
        let events = [
            HistoryEvent(entity: ref, action: "create", actor: "a", at: "2024-05-01T02:00:00.000Z",
                changes: FieldChange.changes(from: nil, to: ["name": "甲厂", "industry": "制糖"])),
            HistoryEvent(entity: ref, action: "update", actor: "b", at: "2024-07-01T02:00:00.000Z",
                changes: [FieldChange(field: "industry", before: "造纸", after: "化工")]),
            // Entered after the July change but done in June (backfill): replay orders by `at`.
            HistoryEvent(entity: ref, action: "update", actor: "c", at: "2024-06-10T02:00:00.000Z",
                changes: [FieldChange(field: "industry", before: "制糖", after: "造纸")]),
        ]
        #expect(HistoryReplay.state(of: events, asOf: "2024-04-30") == nil)
        #expect(HistoryReplay.state(of: events, asOf: "2024-05-01")?["industry"] == "制糖")
        #expect(HistoryReplay.state(of: events, asOf: "2024-06-25")?["industry"] == "造纸")
        #expect(HistoryReplay.state(of: events, asOf: "2024-12-31")?["industry"] == "化工")
        let deleted = events + [HistoryEvent(entity: ref, action: "delete", actor: "d", at: "2024-08-01T00:00:00.000Z")]
        #expect(HistoryReplay.state(of: deleted, asOf: "2024-09-01") == nil)
    }

    /// "As of 25 June" means the end of 25 June in China (UTC+8).
    @Test func aDateMeansTheEndOfThatDayInChina() {
        #expect(HistoryReplay.cutoff("2024-06-25") == "2024-06-25T15:59:59.999Z")
        #expect(ChinaTime.display("2026-12-01T13:32:05.123Z") == "2026-12-01 21:32")
        #expect(ChinaTime.date("2026-12-01T17:00:00Z") == "2026-12-02")
        #expect(ChinaTime.parseInput("2024-06-25 14:30") == "2024-06-25T06:30:00.000Z")
        #expect(ChinaTime.parseInput("2024-06-25").map { ChinaTime.date($0) } == "2024-06-25")
        #expect(ChinaTime.parseInput("2024-02-30") == nil)
        #expect(ChinaTime.parseInput("昨天") == nil)
    }
}
