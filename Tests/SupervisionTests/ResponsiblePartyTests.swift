import Supervision
import Testing

/// Each rule of 责任主体, on hand-built traces.
struct ResponsiblePartyTests {
    static let units: [Int64: DischargingUnit] = [
        1: DischargingUnit(id: 1, name: "甲糖厂", creditCode: "91350100M000100Y43"),
        2: DischargingUnit(id: 2, name: "乙纸业"),
        3: DischargingUnit(id: 3, name: "丙养殖场"),
    ]

    static func trace(_ id: Int64, on day: String, units: [Int64], main: Int64? = nil, result: TraceResult) -> Trace {
        Trace(id: id, outfallID: 9, tracedOn: day, method: .manual, unitIDs: units, mainUnitID: main, result: result)
    }

    @Test func noTraceIsUndetermined() {
        let party = ResponsibleParty.derive(traces: [], units: Self.units, government: "柳城县人民政府")
        #expect(party.kind == .undetermined)
        #expect(party.party == nil)
        #expect(party.reason == "暂无法确定，需进一步溯源")
        #expect(party.unitIDs.isEmpty)
    }

    @Test func oneUnitTracedIsThatUnit() {
        let party = ResponsibleParty.derive(
            traces: [Self.trace(4, on: "2024-05-01", units: [1], result: .oneSource)], units: Self.units, government: "柳城县人民政府")
        #expect(party.kind == .unit)
        #expect(party.party == "甲糖厂")
        #expect(party.unitIDs == [1])
        #expect(party.traceID == 4)
        #expect(party.basis.contains("谁污染谁治理"))
    }

    @Test func severalUnitsGiveTheMainOneAndThePermitBasis() {
        let party = ResponsibleParty.derive(
            traces: [Self.trace(5, on: "2024-05-01", units: [1, 2, 3], main: 2, result: .manySources)], units: Self.units,
            government: "柳城县人民政府")
        #expect(party.kind == .sharedMain)
        #expect(party.kind.rawValue == "shared_main")
        #expect(party.party == "乙纸业")
        #expect(party.unitIDs == [2, 1, 3])
        #expect(party.basis.contains("排污许可管理条例"))
        #expect(party.reason.contains("排污许可证"))
    }

    @Test func noUnitAfterTracingIsTheGovernmentByTheSetting() {
        let party = ResponsibleParty.derive(
            traces: [Self.trace(6, on: "2024-05-01", units: [], result: .undetermined)], units: Self.units, government: "柳城县住房和城乡建设局")
        #expect(party.kind == .government)
        #expect(party.party == "柳城县住房和城乡建设局")
        #expect(party.basis.contains("桂政办发〔2022〕36号"))
        #expect(party.reason.contains("政府兜底"))
    }

    @Test func theLatestTraceDecidesByDateThenByEntry() {
        let early = Self.trace(10, on: "2024-03-01", units: [3], result: .oneSource)
        let late = Self.trace(2, on: "2024-06-01", units: [], result: .undetermined)
        #expect(ResponsibleParty.derive(traces: [late, early], units: Self.units, government: "县政府").kind == .government)
        let sameDayLater = Self.trace(11, on: "2024-06-01", units: [1], result: .oneSource)
        let party = ResponsibleParty.derive(traces: [sameDayLater, late, early], units: Self.units, government: "县政府")
        #expect(party.party == "甲糖厂")
    }

    @Test func aMissingUnitRecordIsNamedNotDropped() {
        let party = ResponsibleParty.derive(
            traces: [Self.trace(7, on: "2024-05-01", units: [42], result: .oneSource)], units: Self.units, government: "县政府")
        #expect(party.kind == .unit)
        #expect(party.party?.contains("#42") == true)
    }

    @Test func handEnteredPartiesAreComparedWithTheRule() {
        let unit = ResponsibleParty.derive(
            traces: [Self.trace(4, on: "2024-05-01", units: [1], result: .oneSource)], units: Self.units, government: "县政府")
        #expect(unit.disagreement(withEntered: "甲糖厂", units: Self.units) == nil)
        #expect(unit.disagreement(withEntered: "91350100M000100Y43", units: Self.units) == nil)
        #expect(unit.disagreement(withEntered: "乙纸业", units: Self.units)?.contains("甲糖厂") == true)
        let undetermined = ResponsibleParty.derive(traces: [], units: Self.units, government: "县政府")
        #expect(undetermined.disagreement(withEntered: "待查", units: Self.units) == nil)
        #expect(undetermined.disagreement(withEntered: "甲糖厂", units: Self.units) != nil)
        let government = ResponsibleParty.derive(
            traces: [Self.trace(6, on: "2024-05-01", units: [], result: .undetermined)], units: Self.units, government: "柳城县人民政府")
        #expect(government.disagreement(withEntered: "柳城县人民政府", units: Self.units) == nil)
        #expect(government.disagreement(withEntered: "柳城县大埔镇人民政府", units: Self.units) != nil)
    }
}
