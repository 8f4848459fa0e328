import Supervision
import Testing

/// 借道排污 rules on hand-built ledgers.
struct SharedDischargeTests {
    static func units(permitting: [Int64: [Int64]] = [:]) -> [Int64: DischargingUnit] {
        [
            1: DischargingUnit(id: 1, name: "甲厂", permittedOutfallIDs: permitting[1] ?? []),
            2: DischargingUnit(id: 2, name: "乙厂", permittedOutfallIDs: permitting[2] ?? []),
            3: DischargingUnit(id: 3, name: "丙厂", permittedOutfallIDs: permitting[3] ?? []),
        ]
    }

    static func channel(_ id: Int64, unit: Int64, outfall: Int64) -> DrainageChannel {
        DrainageChannel(id: id, name: "通道\(id)", kind: .pipe, unitID: unit, outfallID: outfall, coordinates: [[109.0, 24.0], [109.001, 24.0]])
    }

    @Test func sharingThePermitsDoNotRecordIsFoundForTheUnitsLackingIt() {
        let trace = Trace(id: 5, outfallID: 10, tracedOn: "2024-05-01", method: .manual, unitIDs: [1, 2], mainUnitID: 1, result: .manySources)
        let findings = SharedDischarge.detect(traces: [trace], channels: [], units: Self.units(permitting: [1: [10]]), stormOutfallIDs: [])
        #expect(findings.count == 1)
        #expect(findings.first?.rule == .unrecordedSharing)
        #expect(findings.first?.unitIDs == [2])
        #expect(findings.first?.traceID == 5)
    }

    @Test func sharingRecordedInEveryPermitIsNotAFinding() {
        let trace = Trace(id: 5, outfallID: 10, tracedOn: "2024-05-01", method: .manual, unitIDs: [1, 2], mainUnitID: 1, result: .manySources)
        let findings = SharedDischarge.detect(
            traces: [trace], channels: [], units: Self.units(permitting: [1: [10], 2: [10, 11]]), stormOutfallIDs: [])
        #expect(findings.isEmpty)
    }

    @Test func aChannelIntoAnotherUnitsOutfallIsFoundWithTheChannel() {
        let trace = Trace(id: 6, outfallID: 20, tracedOn: "2024-05-01", method: .manual, unitIDs: [1], result: .oneSource)
        let channels = [Self.channel(7, unit: 3, outfall: 20), Self.channel(8, unit: 1, outfall: 20)]
        let findings = SharedDischarge.detect(traces: [trace], channels: channels, units: Self.units(), stormOutfallIDs: [])
        #expect(findings.count == 1)
        #expect(findings.first?.rule == .channelIntoOthersOutfall)
        #expect(findings.first?.channelID == 7)
        #expect(findings.first?.unitIDs == [3, 1])
    }

    @Test func aChannelIntoAnUntracedOutfallIsNoFinding() {
        let findings = SharedDischarge.detect(traces: [], channels: [Self.channel(7, unit: 3, outfall: 20)], units: Self.units(), stormOutfallIDs: [])
        #expect(findings.isEmpty)
    }

    @Test func sewageInAStormOutletIsFoundButNotInOtherOutfalls() {
        let storm = Trace(id: 9, outfallID: 30, tracedOn: "2024-05-01", method: .technical, technique: "CCTV", result: .undetermined, sewageFound: true)
        let plain = Trace(id: 10, outfallID: 31, tracedOn: "2024-05-01", method: .manual, result: .undetermined, sewageFound: true)
        let findings = SharedDischarge.detect(traces: [storm, plain], channels: [], units: Self.units(), stormOutfallIDs: [30])
        #expect(findings.map(\.rule) == [.sewageInStormOutlet])
        #expect(findings.first?.outfallID == 30)
        #expect(findings.first?.traceID == 9)
    }

    @Test func aStormOutletTracedCleanLaterIsNoLongerAFinding() {
        let dirty = Trace(id: 9, outfallID: 30, tracedOn: "2024-05-01", method: .manual, result: .undetermined, sewageFound: true)
        let clean = Trace(id: 12, outfallID: 30, tracedOn: "2024-09-01", method: .manual, result: .undetermined, sewageFound: false)
        #expect(SharedDischarge.detect(traces: [dirty, clean], channels: [], units: Self.units(), stormOutfallIDs: [30]).isEmpty)
    }
}
