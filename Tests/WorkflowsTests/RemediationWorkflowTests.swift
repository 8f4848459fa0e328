import Foundation
import Registry
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// A case from the abnormal set to close-out and a reopening, through the real store, with
/// progress replayed as of dates along the way.
struct RemediationWorkflowTests {
    let scratch = TemporaryDirectory()

    func sampleLedger() throws -> (Ledger, Int64) {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        let onRongjiang = try #require(try registry.outfalls().first { $0.snap?.river == "融江" }?.outfall.id)
        return (Ledger(registry: registry), onRongjiang)
    }

    func photo(_ name: String) -> String {
        let path = scratch.file(name)
        FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(name.utf8)))
        return path
    }

    @Test func fromAbnormalToCloseOutAndBack() throws {
        let (ledger, outfall) = try sampleLedger()
        let key = String(outfall)
        #expect(throws: LedgerError.self) {
            try ledger.openCase(outfall: key, remediationClass: .regularise, department: "住房城乡建设局", deadline: "2023-12-31", actor: "bureau")
        }
        try ledger.addAbnormal(outfall: key, reason: "旱天有污水排出", actor: "inspector", at: "2023-05-01T02:00:00.000Z")
        let opened = try ledger.openCase(
            outfall: key, remediationClass: .regularise, department: "住房城乡建设局", deadline: "2023-12-31", measures: ["截污纳管"],
            actor: "bureau", at: "2023-05-02T02:00:00.000Z")
        let id = try #require(opened.id)
        #expect(opened.township != nil)

        _ = try ledger.advance(id, to: .inProgress, actor: "dept", at: "2023-05-10T02:00:00.000Z")
        #expect(throws: LedgerError.self) { try ledger.advance(id, to: .awaitingCheck, actor: "dept") }
        let evidence = Ledger.CaseStep(evidence: [(.before, photo("before.jpg")), (.during, photo("during.jpg")), (.after, photo("after.jpg"))])
        let submitted = try ledger.advance(id, to: .awaitingCheck, step: evidence, actor: "dept", at: "2023-09-01T02:00:00.000Z")
        #expect(submitted.evidence.count == 3)
        #expect(submitted.evidence.allSatisfy { ledger.attachments.contains($0.sha256) })

        // Nobody checks their own work; a check needs its record.
        #expect(throws: LedgerError.self) { try ledger.advance(id, to: .countyClosed, actor: "dept") }
        #expect(throws: LedgerError.self) { try ledger.advance(id, to: .countyClosed, actor: "county") }
        let check = Ledger.CaseStep(verification: CaseVerification(checkedBy: "王五", checkedOn: "2023-09-15", onSite: true))
        _ = try ledger.advance(id, to: .countyClosed, step: check, actor: "county", at: "2023-09-15T02:00:00.000Z")
        #expect(throws: LedgerError.self) { try ledger.advance(id, to: .closed, actor: "county") }
        let closed = try ledger.advance(id, to: .closed, actor: "city", at: "2023-10-01T02:00:00.000Z")
        #expect(closed.state == .closed)

        #expect(try ledger.progress(asOf: "2023-04-30").first?.abnormal == 0)
        let june = try #require(try ledger.progress(asOf: "2023-06-30").first)
        #expect((june.abnormal, june.closed) == (1, 0))
        let yearEnd = try #require(try ledger.progress(asOf: "2023-12-31").first)
        #expect((yearEnd.abnormal, yearEnd.closed, yearEnd.percent, yearEnd.onTrack) == (1, 1, 100, true))

        #expect(throws: LedgerError.self) { try ledger.advance(id, to: .inProgress, actor: "city") }  // a reopening needs a reason
        _ = try ledger.advance(id, to: .inProgress, step: Ledger.CaseStep(note: "复查发现仍有污水"), actor: "city", at: "2024-03-01T02:00:00.000Z")
        #expect(try ledger.progress(asOf: "2024-06-25").first?.closed == 0)
        // What the ledger said on 31 December 2023 has not changed.
        #expect(try ledger.progress(asOf: "2023-12-31").first?.closed == 1)
        let byRiver = try ledger.progress(asOf: "2023-12-31", by: "river")
        #expect(byRiver.map(\.group) == ["融江"])

        let actions = try ledger.history(of: EntityRef(RemediationCase.kind, id)).map(\.action)
        #expect(actions == ["case.open", "case.start", "case.submit", "case.county_close", "case.close", "case.reopen"])
    }

    @Test func aTransitionPeriodSuspendsOverdue() {
        var item = RemediationCase(outfallID: 1, remediationClass: .consolidate, department: "农业农村局", deadline: "2024-06-30", state: .inProgress)
        #expect(item.isOverdue(on: "2024-07-01"))
        #expect(!item.isOverdue(on: "2024-06-30"))
        item.transitionUntil = "2025-06-30"
        item.transitionReason = "养殖场搬迁需时"
        #expect(!item.isOverdue(on: "2024-07-01"))
        #expect(item.isOverdue(on: "2025-07-01"))
        item.state = .closed
        #expect(!item.isOverdue(on: "2026-01-01"))
    }
}
