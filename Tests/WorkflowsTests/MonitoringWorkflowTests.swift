import Foundation
import JSON
import OutfallModel
import Registry
import Supervision
import TestSupport
import Testing
import WaterQuality

@testable import Workflows

/// Monitoring use cases on the bundled sample registry: the receiving water's class comes
/// from the water-function zones, the county's settings are kept in the history.
struct MonitoringWorkflowTests {
    let scratch = TemporaryDirectory()

    func sampleLedger() throws -> Ledger {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return Ledger(registry: registry)
    }

    @Test func plantBuilt2008IsHeldToTheNewerPhosphorusRow() throws {
        let ledger = try sampleLedger()
        let file = scratch.write("tp.csv", "point,sampled_at,parameter,value,unit,kind\nO-01,2024-06-25 08:00,TP,1.2,mg/L,composite\n")
        _ = try ledger.importSamples(path: file, actor: "张三")
        let unknown = try ledger.assessOutfall("O-01")
        let before = try #require(unknown.judgements.first)
        #expect(before.verdict == .cannotJudge || unknown.choice?.grade?.id != "1B")

        _ = try ledger.setDischargeStandard(outfall: "O-01", setting: DischargeSetting(grade: "1B", builtOn: "2008-03-01"), actor: "李四")
        let after = try #require(try ledger.assessOutfall("O-01").judgements.first)
        #expect(after.grade == "1B" && after.verdict == .exceeds && after.limit?.maximum == 1)
        // The surface-water standard is not a discharge standard.
        #expect(throws: LedgerError.self) {
            try ledger.setDischargeStandard(outfall: "O-01", setting: DischargeSetting(standard: "GB 3838-2002"), actor: "李四")
        }
        let id = try #require(unknown.outfall.id)
        let history = try ledger.history(of: EntityRef(.dischargeSetting, id))
        #expect(history.count == 1 && history[0].actor == "李四")
    }

    @Test func receivingClassComesFromTheWaterFunctionZone() throws {
        let ledger = try sampleLedger()
        let a = try ledger.assessOutfall("O-01")
        let zone = try #require(a.receivingZone)
        #expect(zone.kind == .waterFunction)
        #expect(a.choice?.reasons.contains { $0.contains(zone.name) } == true)
        // 凤山镇 WWTP discharges into the 龙江凤山农业用水区 (class III): grade 1B.
        let fengshan = try ledger.assessOutfall("O-38")
        #expect(fengshan.receivingZone?.targetClass?.roman == "III")
        #expect(fengshan.choice?.standard.id == "GB 18918-2002" && fengshan.choice?.grade?.id == "1B")
    }

    @Test func importedSamplesHaveHistory() throws {
        let ledger = try sampleLedger()
        let file = scratch.write("s.csv", "point,sampled_at,parameter,value,unit,kind,lab\nO-09,2024-06-25,COD,120,mg/L,spot,县站\n")
        let report = try ledger.importSamples(path: file, actor: "王五")
        #expect(report.count == 1)
        let stored = try #require(try ledger.samples(point: "O-09").first)
        let events = try ledger.history(of: EntityRef(.sample, try #require(stored.id)))
        #expect(events.map(\.action) == ["import"] && events[0].actor == "王五")
        #expect(stored.day == "2024-06-25" && stored.lab == "县站")
    }

    @Test func storedStandardsReplaceTheBundledOnes() throws {
        let ledger = try sampleLedger()
        #expect(try ledger.standards().stored == false)
        let bundled = try #require(ResourceLocator.geoData()) + "/water-standards.json"
        _ = try ledger.importStandards(path: bundled, actor: "张三")
        let inForce = try ledger.standards()
        #expect(inForce.stored && inForce.catalog.standards.count == 5)
    }

    @Test func loadsFromBothSidesOfTheConfluenceReachTheSectionByClosedForm() throws {
        let ledger = try sampleLedger()
        let csv = """
            point,sampled_at,parameter,value,unit,kind
            O-01,2024-06-25 08:00,flow,10000,m³/d,composite
            O-01,2024-06-25 08:00,COD,50,mg/L,composite
            O-38,2024-06-25 08:00,flow,2000,m³/d,composite
            O-38,2024-06-25 08:00,COD,60,mg/L,composite
            """
        _ = try ledger.importSamples(path: scratch.write("impact.csv", csv), actor: "张三")
        let section = "凤山糖厂断面（示意位置）"
        let report = try ledger.impact(section: section)
        let cod = try #require(report.rankings.first { $0.parameter == .cod }?.contributions)
        #expect(cod.count == 2)
        // The distances are the network's, found independently by navigating upstream.
        let sectionID = try #require(try ledger.registry.store.fetchAll(MonitoringSection.self).first { $0.name == section }?.id)
        let trip = try ledger.registry.navigate(from: .section(sectionID), direction: .upstream, distance: 300_000)
        for (suffix, load) in [(":O-01", 500.0), (":O-38", 120.0)] {
            let c = try #require(cod.first { $0.name.contains(suffix) })
            let hit = try #require(trip.features.first { $0.layer == .outfalls && $0.key.hasSuffix(suffix) })
            #expect(c.load == load && abs(c.distance - hit.networkDistance) < 1e-6)
            // delivered = load × exp(−0.2/d × distance / (0.5 m/s × 86 400 s/d))
            #expect(abs(c.delivered - load * exp(-0.2 * hit.networkDistance / 43_200)) < 1e-9)
        }
        #expect(abs(cod.map(\.share).reduce(0, +) - 1) < 1e-12)
        // O-01 is on the 融江 and O-38 on the 龙江: both reach a section below their confluence.
        let rivers = Set(
            trip.features.filter { $0.layer == .outfalls && ($0.key.hasSuffix(":O-01") || $0.key.hasSuffix(":O-38")) }.compactMap(\.river))
        #expect(rivers.count == 2)
    }
}
