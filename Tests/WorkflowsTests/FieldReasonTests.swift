import Foundation
import Registry
import Supervision
import Testing
import TestSupport

@testable import Workflows

/// Survey problem types and sewage traced into a storm outlet become abnormal reasons
/// (sources "survey" and "trace") in the abnormal list and in the progress replay.
struct FieldReasonTests {
    let scratch = TemporaryDirectory()

    func sampleLedger() throws -> Ledger {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return Ledger(registry: registry)
    }

    /// A survey of `outfall` entered on `entered` and accepted on `accepted` (both backfilled).
    @discardableResult
    func survey(_ ledger: Ledger, outfall: Int64, problems: [String], number: String, entered: String, accepted: String?) throws -> Int64 {
        var record = SurveyRecord(
            recordNumber: number, outfallID: outfall, surveyedOn: String(entered.prefix(10)), name: "排查 \(number)", lon: 109.24, lat: 24.65,
            outfallType: "other", problems: problems)
        try ledger.change(actor: "排查员", at: entered) { tx in try tx.create(&record) }
        if let accepted {
            record.review = .accepted
            try ledger.change(actor: "审核员", at: accepted) { tx in _ = try tx.save(record, action: "review.accept") }
        }
        return try #require(record.id)
    }

    func trace(_ ledger: Ledger, outfall: Int64, sewage: Bool, at: String) throws -> Int64 {
        var t = Trace(outfallID: outfall, tracedOn: String(at.prefix(10)), method: .technical, technique: "染色", result: .undetermined, sewageFound: sewage)
        try ledger.change(actor: "溯源员", at: at) { tx in try tx.create(&t) }
        return try #require(t.id)
    }

    @Test func acceptedSurveyProblemsAndTracedSewageInAStormOutletAreReasons() throws {
        let ledger = try sampleLedger()
        let storm = try #require(try ledger.findOutfall("O-02").id)  // 城镇雨洪排口
        let scattered = try #require(try ledger.findOutfall("O-04").id)  // 生活污水散排口
        let pendingOne = try #require(try ledger.findOutfall("O-05").id)

        let accepted = try survey(
            ledger, outfall: scattered, problems: ["污水应纳未纳", "未发现问题", "污水应纳未纳"], number: "S-1", entered: "2024-03-01T02:00:00.000Z",
            accepted: "2024-03-05T02:00:00.000Z")
        try survey(ledger, outfall: pendingOne, problems: ["逃避监管私设排污口"], number: "S-2", entered: "2024-03-01T02:00:00.000Z", accepted: nil)
        let traced = try trace(ledger, outfall: storm, sewage: true, at: "2024-04-10T02:00:00.000Z")
        _ = try trace(ledger, outfall: scattered, sewage: true, at: "2024-04-10T02:00:00.000Z")  // not a storm outlet: no trace reason

        let report = try ledger.derivedAbnormalOutfalls()
        let onScattered = try #require(report.outfalls.first { $0.outfall.id == scattered })
        #expect(onScattered.reasons.map(\.id) == ["survey_problem:\(accepted):污水应纳未纳"])
        #expect(onScattered.reasons.first?.kind.source == "survey")
        #expect(onScattered.isAbnormal)
        #expect(!report.outfalls.contains { $0.outfall.id == pendingOne })
        let onStorm = try #require(report.outfalls.first { $0.outfall.id == storm })
        #expect(onStorm.reasons.map(\.id) == ["trace_sewage:\(traced)"])
        #expect(onStorm.reasons.first?.kind.source == "trace")
        #expect(!report.notes.contains { $0.contains("待接入") })

        // The JSON names the source.
        let json = report.json
        let reasons = json.objectValue?["outfalls"]?.arrayValue?.flatMap { $0.objectValue?["reasons"]?.arrayValue ?? [] } ?? []
        #expect(Set(reasons.compactMap { $0.objectValue?["source"]?.stringValue }) == ["survey", "trace"])

        // A case may be opened on them.
        let opened = try ledger.openCase(outfall: String(storm), remediationClass: .regularise, department: "住房城乡建设局", deadline: "2024-12-31", actor: "局")
        #expect(opened.outfallID == storm)
    }

    @Test func progressCountsThemFromWhenTheyBecameKnownUntilDismissed() throws {
        let ledger = try sampleLedger()
        let inScope = try ledger.registry.outfalls().filter { Ledger.scopeRivers.contains($0.snap?.river ?? "") }
        let storm = try #require(inScope.first { Ledger.stormTypes.contains($0.outfall.type) }?.outfall)
        let other = try #require(inScope.first { !Ledger.stormTypes.contains($0.outfall.type) }?.outfall)
        let otherID = try #require(other.id)
        let stormID = try #require(storm.id)

        let surveyID = try survey(
            ledger, outfall: otherID, problems: ["未实现雨污分流"], number: "S-9", entered: "2024-02-01T02:00:00.000Z", accepted: "2024-03-05T02:00:00.000Z")
        _ = try trace(ledger, outfall: stormID, sewage: true, at: "2024-05-10T02:00:00.000Z")

        func abnormal(_ day: String) throws -> Int { try #require(try ledger.progress(asOf: day).first).abnormal }
        #expect(try abnormal("2024-03-01") == 0)  // entered, not yet accepted
        #expect(try abnormal("2024-03-31") == 1)
        #expect(try abnormal("2024-06-30") == 2)

        // Dismissed now: it stops counting from now, and the past stays as it was.
        try ledger.reviewAbnormalReason(
            outfall: String(otherID), reason: "survey_problem:\(surveyID):未实现雨污分流", event: .dismiss, note: "复核为误填", actor: "局")
        #expect(try abnormal("2024-06-30") == 2)
        #expect(try abnormal("2099-12-31") == 1)
        #expect(!(try ledger.derivedAbnormalOutfalls().outfalls.first { $0.outfall.id == otherID }?.isAbnormal ?? true))
        // Reopened: it counts again.
        try ledger.reviewAbnormalReason(outfall: String(otherID), reason: "survey_problem:\(surveyID):未实现雨污分流", event: .reopen, note: nil, actor: "局")
        #expect(try abnormal("2099-12-31") == 2)
    }
}
