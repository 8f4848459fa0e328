import Foundation
import JSON
import OutfallModel
import Registry
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// Applications through the real store and the real siting check on the sample layers. The
/// places are found with `outfalls check`: inside the 融江 first-level drinking-water zone
/// (prohibited), in the 融江 river management area (the water authority's opinion needed), on
/// the 龙江 zone that misses its target, and a clear bank of the 融江.
struct ApplicationWorkflowTests {
    static let drinkingWater = (109.23025, 24.68662)
    static let riverManagement = (109.23466, 24.64872)
    static let notAttaining = (109.169, 24.5531)
    static let clear = (109.24121, 24.61717)

    let scratch = TemporaryDirectory()

    func sampleLedger() throws -> (Ledger, SampleData) {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        try registry.loadRules(path: try #require(sample.rulesFile), actor: "tester")
        return (Ledger(registry: registry), sample)
    }

    func file(_ ledger: Ledger, at place: (Double, Double), type: String = "工矿企业排污口", at instant: String? = nil) throws -> Application {
        try ledger.fileApplication(
            ApplicationRequest(kind: .new, type: type, x: place.0, y: place.1, applicant: "柳城某糖业有限公司", capacityM3PerDay: 800, receivingWater: "融江"),
            actor: "clerk", at: instant)
    }

    @Test(arguments: OutfallType.allCases)
    func theTrackFollowsTheType(_ type: OutfallType) {
        let expected: [OutfallType: ApplicationTrack?] = [
            .industrialEnterprise: .approval, .industrialParkWWTP: .approval, .urbanWWTP: .approval,
            .industrialEnterpriseStorm: .registration, .industrialParkStorm: .registration, .largeLivestock: .registration,
            .largeAquaculture: .registration, .irrigationDistrict: .registration, .portTerminal: .registration,
            .smallLivestock: .registration, .smallAquaculture: .registration, .urbanDomesticScattered: .registration,
            .ruralWWTP: .registration, .ruralDomesticScattered: .registration, .urbanStorm: .registration, .other: .registration,
            .undetermined: nil,
        ]
        #expect(expected.keys.count == OutfallType.allCases.count)
        #expect(Ledger.applicationTrack(for: type) == expected[type] ?? nil, "\(type.label)")
    }

    @Test func aProhibitedSiteCannotBeApproved() throws {
        let (ledger, _) = try sampleLedger()
        let filed = try file(ledger, at: Self.drinkingWater)
        #expect(filed.track == .approval && filed.state == .accepted)
        #expect(filed.currentCheck?.verdict == .prohibited)
        #expect(filed.currentCheck?.findings.first?.rule == "DW-PROTECTED")
        let id = try #require(filed.id)
        let before = try ledger.registry.outfalls().count
        let error = #expect(throws: LedgerError.self) {
            try ledger.decideApplication(id, approve: true, reason: "企业承诺达标排放", actor: "director")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("禁止设置"))
        #expect(message.contains("饮用水水源一级、二级保护区内禁止设置排污口"))
        #expect(message.contains("水污染防治法"))
        #expect(try ledger.registry.outfalls().count == before)
        let refused = try ledger.decideApplication(id, approve: false, reason: "位于饮用水水源一级保护区，依法不得设置", actor: "director")
        #expect(refused.state == .decided && refused.decision?.outcome == .refused && refused.outfallID == nil)
    }

    @Test func aRiverManagementSiteWaitsForTheWaterAuthority() throws {
        let (ledger, _) = try sampleLedger()
        let filed = try file(ledger, at: Self.riverManagement)
        #expect(filed.consultationsNeeded == [.water])
        let id = try #require(filed.id)
        #expect(throws: LedgerError.self) { try ledger.decideApplication(id, approve: true, reason: "符合规划", actor: "director") }
        #expect(throws: LedgerError.self) { try ledger.decideApplication(id, approve: false, reason: "不符合", actor: "director") }
        _ = try ledger.consultApplication(id, authority: .transport, opinion: "不涉及航道", on: "2026-11-30", actor: "clerk")
        #expect(throws: LedgerError.self) { try ledger.decideApplication(id, approve: true, reason: "符合规划", actor: "director") }
        let consulted = try ledger.consultApplication(id, authority: .water, opinion: "同意，排口不得阻碍行洪", on: "2026-11-30", actor: "clerk")
        #expect(consulted.state == .underReview && consulted.missingConsultations.isEmpty)

        let approved = try ledger.decideApplication(id, approve: true, reason: "水利局同意，论证报告结论可行", actor: "director")
        let outfallID = try #require(approved.outfallID)
        let outfall = try #require(try ledger.registry.outfall(id: outfallID))
        #expect(outfall.status == .proposed && outfall.type == .industrialEnterprise && outfall.responsible == "柳城某糖业有限公司")
        let outfallFile = try #require(try ledger.entity(OutfallFile.self, id: outfallID))
        #expect(outfallFile.lifecycle == .new)
        let fileEvents = try ledger.history(of: EntityRef(.outfall, outfallID))
        #expect(fileEvents.last?.related.contains(EntityRef(Application.kind, id)) == true)

        #expect(try ledger.publishedApplications().isEmpty)
        let published = try ledger.publishApplication(id, actor: "director")
        #expect(published.state == .published)
        #expect(try ledger.publishedApplications().map(\.id) == [id])
        let actions = try ledger.history(of: EntityRef(Application.kind, id)).map(\.action)
        #expect(actions == ["application.file", "application.consult", "application.consult", "application.approve", "application.publish"])
    }

    @Test func aZoneMissingItsTargetRefusesAnIndustrialOutfallButNotAnUrbanPlant() throws {
        let (ledger, _) = try sampleLedger()
        let industrial = try file(ledger, at: Self.notAttaining)
        #expect(industrial.currentCheck?.blockingFindings.map(\.rule) == ["WF-NOT-ATTAINING"])
        #expect(throws: LedgerError.self) { try ledger.decideApplication(industrial.id ?? 0, approve: true, reason: "从严审查后同意", actor: "director") }
        let plant = try file(ledger, at: Self.notAttaining, type: "城镇污水处理厂排污口")
        #expect(plant.currentCheck?.blockingFindings.isEmpty == true)
        #expect(try ledger.decideApplication(plant.id ?? 0, approve: true, reason: "城镇污水处理厂，提标至一级A", actor: "director").outfallID != nil)
    }

    @Test func theFrozenCheckStaysWhenTheRulesChangeAndARecheckIsANewEntry() throws {
        let (ledger, sample) = try sampleLedger()
        let filed = try file(ledger, at: Self.riverManagement)
        let id = try #require(filed.id)
        let frozen = try #require(filed.currentCheck)

        // The county replaces the rules: no river-management rule, a new version.
        let rulesPath = try #require(sample.rulesFile)
        var text = try String(contentsOfFile: rulesPath, encoding: .utf8)
        let parsed = try #require(try JSONParser().parse([UInt8](text.utf8)).objectValue)
        var object = parsed
        object["version"] = .string("2026-12-01-test")
        if case .array(let rules) = object["rules"] ?? .null {
            object["rules"] = .array(rules.filter { $0.objectValue?["id"]?.stringValue != "RIVER-MANAGEMENT" })
        }
        text = JSONWriter.pretty(.object(object))
        let changed = scratch.file("rules.json")
        try text.write(toFile: changed, atomically: true, encoding: .utf8)
        try ledger.registry.loadRules(path: changed, actor: "admin")

        let later = try ledger.application(id)
        #expect(later.checks == [frozen])
        #expect(later.consultationsNeeded == [.water])

        let rechecked = try ledger.recheckApplication(id, actor: "clerk")
        #expect(rechecked.checks.count == 2)
        #expect(rechecked.checks[0] == frozen)
        #expect(rechecked.checks[1].rulesVersion == "2026-12-01-test" && rechecked.checks[1].verdict == .clear)
        #expect(rechecked.checks[1].layerVersions != frozen.layerVersions)
        #expect(rechecked.consultationsNeeded.isEmpty)
    }

    @Test func registrationWithdrawalAndTheCalendar() throws {
        let (ledger, _) = try sampleLedger()
        let storm = try file(ledger, at: Self.clear, type: "城镇雨洪排口", at: "2026-12-01T02:00:00.000Z")
        #expect(storm.track == .registration && storm.state == .submitted && storm.filedOn == "2026-12-01")
        #expect(throws: LedgerError.self) { try ledger.decideApplication(storm.id ?? 0, approve: true, reason: "同意", actor: "director") }

        var calendar = try ledger.editCalendar(.addHoliday("2026-12-25"), actor: "admin")
        #expect(storm.deadline(calendar) == "2026-12-30")
        #expect(!storm.isOverdue(on: "2026-12-30", calendar: calendar) && storm.isOverdue(on: "2026-12-31", calendar: calendar))
        calendar = try ledger.editCalendar(.addWorkday("2026-12-05"), actor: "admin")
        #expect(storm.deadline(calendar) == "2026-12-29")
        #expect(try ledger.history(of: EntityRef(WorkingCalendar.kind, WorkingCalendar.documentID)).count == 2)
        #expect(throws: LedgerError.self) { try ledger.editCalendar(.decisionPeriod(0), actor: "admin") }

        let registered = try ledger.registerApplication(storm.id ?? 0, reason: nil, actor: "director")
        #expect(registered.state == .registered && registered.outfallID != nil)
        #expect(!registered.isOverdue(on: "2027-03-01", calendar: calendar))

        let other = try file(ledger, at: Self.clear, type: "农村生活污水散排口")
        #expect(throws: LedgerError.self) { try ledger.withdrawApplication(other.id ?? 0, reason: " ", actor: "clerk") }
        let withdrawn = try ledger.withdrawApplication(other.id ?? 0, reason: "单位决定改为纳管", actor: "clerk")
        #expect(withdrawn.state == .withdrawn && withdrawn.withdrawal?.note == "单位决定改为纳管")
        #expect(throws: LedgerError.self) { try ledger.registerApplication(other.id ?? 0, reason: nil, actor: "director") }
    }

    @Test func applicantsByCreditCodeAndPlacesInGCJ02() throws {
        let (ledger, _) = try sampleLedger()
        let first17 = "91450222MA5KCNPQ1"
        let code = first17 + String(try #require(CreditCode.checkCharacter(for: first17)))
        // An unknown code needs the unit's name; a wrong check character is refused.
        #expect(throws: LedgerError.self) {
            try ledger.fileApplication(ApplicationRequest(kind: .new, type: "urban_wwtp", x: Self.clear.0, y: Self.clear.1, applicant: code), actor: "clerk")
        }
        let wrong = first17 + (code.last == "0" ? "1" : "0")
        #expect(throws: LedgerError.self) {
            try ledger.fileApplication(
                ApplicationRequest(kind: .new, type: "urban_wwtp", x: Self.clear.0, y: Self.clear.1, applicant: wrong, applicantName: "某水务公司"), actor: "clerk")
        }
        let filed = try ledger.fileApplication(
            ApplicationRequest(kind: .enlarge, type: "urban_wwtp", x: Self.clear.0, y: Self.clear.1, crs: "gcj02", applicant: code, applicantName: "柳城某水务有限公司"),
            actor: "clerk")
        #expect(filed.applicant.creditCode == code && filed.applicant.name == "柳城某水务有限公司")
        #expect(filed.publicApplicant == "柳城某水务有限公司")
        // Named without a code, the applicant may be a person: the public site does not name them.
        let byName = try ledger.fileApplication(
            ApplicationRequest(kind: .new, type: "small_livestock", x: Self.clear.0, y: Self.clear.1, applicant: "张某某"), actor: "clerk")
        #expect(byName.publicApplicant.contains("不公开") && !"\(byName.publicJSON)".contains("张某某"))
        #expect(filed.origin.x == Self.clear.0)
        // GCJ-02 is offset by some hundreds of metres: the stored point is not the given one.
        #expect(abs(filed.lon - Self.clear.0) > 0.001 && abs(filed.lon - Self.clear.0) < 0.02)
        #expect(filed.kind == .enlarge)
    }
}
