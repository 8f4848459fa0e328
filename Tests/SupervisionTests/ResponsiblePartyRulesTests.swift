import Supervision
import Testing

/// The four rules of 责任主体 as the dossier and the ledger rely on them: by the latest trace.
struct ResponsiblePartyRulesTests {
    static let units: [Int64: DischargingUnit] = [1: DischargingUnit(id: 1, name: "甲糖厂"), 2: DischargingUnit(id: 2, name: "乙纸厂")]

    @Test func noTraceIsUndetermined() {
        let party = ResponsibleParty.derive(traces: [], units: Self.units, government: "柳城县人民政府")
        #expect(party.kind == .undetermined && party.party == nil && party.reason == "暂无法确定，需进一步溯源")
    }

    @Test func oneUnitTracedAnswersItself() {
        let party = ResponsibleParty.derive(
            traces: [Trace(outfallID: 9, tracedOn: "2024-05-01", method: .manual, unitIDs: [1], result: .oneSource)], units: Self.units,
            government: "柳城县人民政府")
        #expect(party.kind == .unit && party.party == "甲糖厂" && party.unitIDs == [1])
    }

    @Test func severalUnitsGiveTheMainOneUnderThePermitRegulation() {
        let party = ResponsibleParty.derive(
            traces: [Trace(outfallID: 9, tracedOn: "2024-05-01", method: .technical, unitIDs: [1, 2], mainUnitID: 2, result: .manySources)],
            units: Self.units, government: "柳城县人民政府")
        #expect(party.kind == .sharedMain && party.kind.rawValue == "shared_main" && party.party == "乙纸厂" && party.unitIDs == [1, 2])
        #expect(party.basis == "排污许可管理条例")
    }

    @Test func tracedWithNoUnitFallsToTheGovernmentAndTheLatestTraceDecides() {
        let old = Trace(outfallID: 9, tracedOn: "2024-01-01", method: .records, unitIDs: [1], result: .oneSource)
        let latest = Trace(outfallID: 9, tracedOn: "2024-08-01", method: .technical, unitIDs: [], result: .undetermined)
        let party = ResponsibleParty.derive(traces: [latest, old], units: Self.units, government: "柳城县人民政府")
        #expect(party.kind == .government && party.party == "柳城县人民政府" && party.basis == "桂政办发〔2022〕36号")
    }
}
