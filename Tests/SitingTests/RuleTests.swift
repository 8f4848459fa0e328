import GeoKit
import OutfallModel
import Rivers
import Testing
@testable import Siting

/// One test per rule of the bundled rules file, against DESIGN.md's rule table: inside, just
/// outside, on the boundary, and the type and new/existing exceptions.
struct ZoneRuleTests {
    typealias F = SitingFixtures

    @Test func level1And2DrinkingWaterZonesProhibit() throws {
        let model = try F.model(zones: [F.square("一级", .drinkingWater, level: .level1), F.square("二级", .drinkingWater, level: .level2, x: 2000)])
        let inside = try F.check(model, 500, 500)
        #expect(inside.verdict == .prohibited)
        let finding = try #require(inside.finding("DW-PROTECTED"))
        #expect(finding.distance == 0 && finding.feature.name == "一级" && finding.feature.level == "1")
        #expect(finding.rule.basis.contains("《中华人民共和国水污染防治法》第六十四条"))
        #expect(finding.rule.basis.contains("《中华人民共和国水法》第三十四条"))
        #expect(try F.check(model, 2500, 500).finding("DW-PROTECTED")?.feature.name == "二级")
        #expect(try F.check(model, 1000.5, 500).verdict == .clear)  // just outside, between the two
    }

    @Test func pointOnTheZoneBoundaryIsInside() throws {
        let model = try F.model(zones: [F.square("一级", .drinkingWater, level: .level1)])
        #expect(try F.check(model, 1000, 500).verdict == .prohibited)  // on an edge
        #expect(try F.check(model, 1000, 1000).verdict == .prohibited)  // on a corner
    }

    @Test func withinACentimetreOfTheBoundaryCountsAsOnIt() throws {
        let model = try F.model(zones: [F.square("一级", .drinkingWater, level: .level1)])
        #expect(try F.check(model, 1000.005, 500).verdict == .prohibited)  // 5 mm outside: numerical noise
        #expect(try F.check(model, 1000.02, 500).verdict == .clear)  // 2 cm outside: outside
    }

    @Test func anOutfallOnTheBankDischargingIntoTheZoneIsCaught() throws {
        // The outfall stands 20 m outside the level-1 zone; where it meets the river is inside.
        let model = try F.model(zones: [F.square("一级", .drinkingWater, level: .level1)])
        #expect(try F.check(model, 1020, 500).verdict == .clear)
        #expect(try F.check(model, 1020, 500, receiving: (990, 500)).verdict == .prohibited)
    }

    @Test func quasiZoneRestricts() throws {
        let model = try F.model(zones: [F.square("准", .drinkingWater, level: .quasi)])
        let v = try F.check(model, 500, 500)
        #expect(v.verdict == .restricted && v.ruleIDs == ["DW-QUASI"])
        #expect(v.finding("DW-QUASI")?.rule.basis.contains("第六十七条") == true)
        #expect(try F.check(model, -0.5, 500).verdict == .clear)
    }

    @Test func natureReserveCoreAndBufferProhibitExperimentalRestricts() throws {
        let model = try F.model(zones: [
            F.square("核心", .natureReserve, level: .core), F.square("缓冲", .natureReserve, level: .buffer, x: 2000),
            F.square("实验", .natureReserve, level: .experimental, x: 4000),
        ])
        #expect(try F.check(model, 500, 500).finding("NR-CORE-BUFFER") != nil)
        #expect(try F.check(model, 2500, 500).verdict == .prohibited)
        let experimental = try F.check(model, 4500, 500)
        #expect(experimental.verdict == .restricted && experimental.ruleIDs == ["NR-EXPERIMENTAL"])
        #expect(experimental.finding("NR-EXPERIMENTAL")?.rule.basis.contains("《中华人民共和国自然保护区条例》第三十二条") == true)
        #expect(try F.check(model, 1500, 500).verdict == .clear)
    }

    @Test func specialWatersProhibitNewOutfallsAndFlagExistingOnesForReview() throws {
        let model = try F.model(zones: [
            F.square("风景", .scenicWater), F.square("渔业保护区", .fisheryWater, level: ZoneLevel(parsing: "保护区"), x: 2000),
            F.square("一般渔业", .fisheryWater, x: 4000),
        ])
        #expect(try F.check(model, 500, 500, isNew: true).verdict == .prohibited)
        let existing = try F.check(model, 500, 500, isNew: false)
        #expect(existing.verdict == .review)
        #expect(existing.finding("SPECIAL-WATER")?.note?.contains("存量") == true)
        #expect(try F.check(model, 2500, 500).finding("SPECIAL-WATER")?.rule.basis.contains("第七十五条") == true)
        // A fishery water that is not a protected zone only needs the fishery authority's view.
        let general = try F.check(model, 4500, 500)
        #expect(general.verdict == .review && general.ruleIDs == ["FISHERY"])
        #expect(general.finding("FISHERY")?.rule.authority?.contains("渔业") == true)
    }

    @Test func nearASpecialWaterIsANoticeWithItsDistance() throws {
        let model = try F.model(zones: [F.square("风景", .scenicWater)])
        let near = try F.check(model, 1600, 500)
        #expect(near.verdict == .notice)
        #expect(abs((near.finding("SPECIAL-WATER-NEAR")?.distance ?? 0) - 600) < 1e-6)
        #expect(try F.check(model, 2001, 500).verdict == .clear)  // beyond 1000 m
        #expect(try F.check(model, 1600, 500, isNew: false).verdict == .clear)  // new outfalls only
    }

    @Test func classIAndIIWatersProhibitNewOutfallsWithTheUnconfirmedClauseMarked() throws {
        let model = try F.model(zones: [
            F.square("II类区", .waterFunction, target: .ii, attains: true), F.square("III类区", .waterFunction, target: .iii, attains: true, x: 2000),
        ])
        let v = try F.check(model, 1020, 500, receiving: (980, 500))
        #expect(v.verdict == .prohibited)
        let finding = try #require(v.finding("CLASS-I-II"))
        #expect(!finding.rule.basisConfirmed && finding.rule.basis.contains("〔条款待核实〕"))
        #expect(try F.check(model, 1020, 500, receiving: (980, 500), isNew: false).verdict == .review)
        #expect(try F.check(model, 2500, 500).verdict == .clear)
    }

    @Test func waterFunctionZoneMissingItsTargetRestrictsExceptUrbanWWTPs() throws {
        let model = try F.model(zones: [F.square("未达标区", .waterFunction, target: .iii, attains: false)])
        #expect(try F.check(model, 500, 500).verdict == .restricted)
        #expect(try F.check(model, 500, 500, type: .urbanWWTP).verdict == .clear)
        #expect(try F.check(model, 500, 500, type: .industrialParkWWTP).verdict == .restricted)
        let attaining = try F.model(zones: [F.square("达标区", .waterFunction, target: .iii, attains: true)])
        #expect(try F.check(attaining, 500, 500).verdict == .clear)
    }

    @Test func riverManagementAreaAndNavigationNeedOtherAuthorities() throws {
        let model = try F.model(zones: [F.square("管理范围", .riverManagement), F.square("航道", .navigation, x: 2000)])
        let management = try F.check(model, 500, 500)
        #expect(management.verdict == .review && management.finding("RIVER-MANAGEMENT")?.rule.authority?.contains("水行政") == true)
        #expect(management.finding("RIVER-MANAGEMENT")?.rule.basis.contains("《中华人民共和国防洪法》第二十七条") == true)
        let navigation = try F.check(model, 2500, 500)
        #expect(navigation.ruleIDs == ["NAVIGATION"] && navigation.finding("NAVIGATION")?.rule.authority?.contains("交通") == true)
    }

    @Test func theMostSevereFindingDecidesAndAllAreListed() throws {
        let model = try F.model(zones: [
            F.square("一级", .drinkingWater, level: .level1), F.square("管理范围", .riverManagement, x: -100, y: -100, size: 1500),
        ])
        let v = try F.check(model, 500, 500)
        #expect(v.verdict == .prohibited)
        #expect(v.findings.map(\.severity) == [.prohibited, .review])
    }
}

struct RiverRuleTests {
    typealias F = SitingFixtures

    /// One river flowing south from (0, 20000) to (0, 0), an intake at (10, 5000) and a
    /// national section at (10, 2000) and a provincial one at (10, 10000).
    func setting() throws -> (SitingModel, RiverNetwork) {
        let network = try RiverNetwork.build(reaches: [
            RiverReach(key: "r", name: "融江", reachCode: "R", geometry: .lineString(F.lonLat([(0, 20000), (0, 0)]))),
        ])
        let intake = Intake(id: 1, key: "i", name: "取水口", location: F.lonLat([(10, 5000)])[0])
        let national = MonitoringSection(id: 1, key: "s", name: "国控断面", kind: .national, location: F.lonLat([(10, 2000)])[0])
        let provincial = MonitoringSection(id: 2, key: "p", name: "省控断面", kind: .provincial, location: F.lonLat([(10, 10000)])[0])
        let model = try F.model(zones: [], intakes: [intake], sections: [national, provincial], network: network)
        return (model, network)
    }

    func at(_ y: Double, _ network: RiverNetwork) -> NetworkLocation? {
        network.snap(metric: F.metric(0, y)).best?.location
    }

    @Test func threeKilometresUpstreamOfTheIntakeIsANoticeWithTheNetworkDistance() throws {
        let (model, network) = try setting()
        let v = try F.check(model, 20, 8000, receiving: (0, 8000), location: at(8000, network))
        #expect(v.verdict == .notice)
        let finding = try #require(v.finding("UPSTREAM-INTAKE"))
        #expect(abs(finding.distance - 3000) < 1e-6 && finding.feature.layer == .intakes)
        #expect(v.finding("UPSTREAM-NATIONAL-SECTION") == nil)  // 6 km: beyond 5 km
    }

    @Test func nationalSectionWithinFiveKilometres() throws {
        let (model, network) = try setting()
        let v = try F.check(model, 20, 4000, receiving: (0, 4000), location: at(4000, network))
        #expect(abs((v.finding("UPSTREAM-NATIONAL-SECTION")?.distance ?? 0) - 2000) < 1e-6)
        #expect(v.finding("UPSTREAM-INTAKE") == nil)  // the intake at 5000 is upstream of 4000
    }

    @Test func beyondTheDistanceOrDownstreamIsClear() throws {
        let (model, network) = try setting()
        #expect(try F.check(model, 20, 16000, receiving: (0, 16000), location: at(16000, network)).verdict == .clear)
        #expect(try F.check(model, 20, 1000, receiving: (0, 1000), location: at(1000, network)).verdict == .clear)
    }
}

struct RuleFileTests {
    @Test func everyRowOfTheDesignTableIsARule() throws {
        let ids = Set(try SitingFixtures.bundledRules.rules.map(\.id))
        for id in ["DW-PROTECTED", "DW-QUASI", "NR-CORE-BUFFER", "NR-EXPERIMENTAL", "SPECIAL-WATER", "CLASS-I-II", "WF-NOT-ATTAINING",
                   "RIVER-MANAGEMENT", "NAVIGATION", "FISHERY", "UPSTREAM-INTAKE", "UPSTREAM-NATIONAL-SECTION"] {
            #expect(ids.contains(id), "\(id)")
        }
    }

    @Test func badRuleFilesNameTheRuleAndField() {
        func error(_ text: String) -> String {
            do { _ = try SitingRuleSet(json: Array(text.utf8)); return "" } catch { return error.description }
        }
        let head = #"{"format":"outfall-registry/siting-rules","version":"1","rules":["#
        #expect(error(head + #"{"id":"A","title":"t","severity":"fatal","when":{},"basis":[]}]}"#).contains("规则 A"))
        #expect(error(head + #"{"id":"B","title":"t","severity":"notice","when":{"inside_zone":{"kind":"火星区"}},"basis":[{"law":"x","confirmed":true}]}]}"#).contains("火星区"))
        #expect(error(head + #"{"id":"C","title":"t","severity":"notice","when":{"inside_zone":{"kind":"navigation"}},"basis":[{"law":"x"}]}]}"#).contains("confirmed"))
        #expect(error(#"{"format":"other"}"#).contains("format"))
    }
}
