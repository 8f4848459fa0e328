import Foundation
import Testing

@testable import Supervision

/// The 双随机 draw: its state machine pair by pair, and the algorithm's rules with known answers.
struct InspectionDrawTests {
    static let objects = [
        DrawObject(outfallID: 1, code: "A", name: "甲", type: "urban_wwtp", township: "大埔镇（示意边界）", unit: "甲厂"),
        DrawObject(outfallID: 2, code: "B", name: "乙", type: "industrial_enterprise", township: "凤山镇（示意边界）", unit: "乙厂"),
        DrawObject(outfallID: 3, code: "C", name: "丙", type: "industrial_enterprise", township: "六塘镇（示意边界）", unit: "丙厂"),
        DrawObject(outfallID: 4, code: "D", name: "丁", type: "industrial_enterprise", township: "马山镇（示意边界）", unit: "丁厂"),
        DrawObject(outfallID: 5, code: "E", name: "戊", type: "industrial_enterprise", township: "大埔镇（示意边界）", unit: "戊厂"),
    ]
    static let inspectors = [
        DrawInspector(username: "a1", township: "大埔镇", department: nil), DrawInspector(username: "a2", township: "凤山镇", department: nil),
        DrawInspector(username: "a3", township: "六塘镇", department: nil), DrawInspector(username: "a4", township: "", department: "县局"),
    ]

    static func parameters(count: Int? = 3, percent: Int? = nil, k: Int = 2) -> DrawParameters {
        DrawParameters(objectCount: count, objectPercent: percent, inspectorsPerObject: k, types: [], statuses: [], weights: [:])
    }

    static func draw(seed: String, objects: [DrawObject] = objects, k: Int = 2, count: Int = 3, units: [DrawExclusion] = []) throws -> [DrawPick] {
        let exclusions = DrawAlgorithm.exclusions(objects: objects, inspectors: inspectors, unitLinks: units)
        return try DrawAlgorithm.draw(seed: seed, parameters: parameters(count: count, k: k), objects: objects, inspectors: inspectors, exclusions: exclusions)
    }

    @Test(arguments: DrawState.allCases)
    func everyStateAndEventHasItsAnswer(state: DrawState) {
        for event in DrawState.Event.allCases {
            let next = try? state.after(event).get()
            switch (state, event) {
            case (.drawn, .publish): #expect(next == .published)
            case (.drawn, .recordResult): #expect(next == .drawn)
            case (.drawn, .void): #expect(next == .voided)
            case (.published, .recordResult): #expect(next == .published)
            case (.published, .publish), (.published, .void), (.voided, .publish), (.voided, .recordResult), (.voided, .void): #expect(next == nil)
            }
        }
    }

    @Test func theObjectHashIsSHA256OfSeedObjectAndId() {
        // printf '%s' 'S|object|1' | sha256sum
        #expect(DrawAlgorithm.objectHash(seed: "S", outfallID: 1) == "804abad826e55aa5ac8ef4630500c5fc83a22cf857fb83644a11d1edc981e061")
        #expect(DrawAlgorithm.inspectorHash(seed: "S", outfallID: 1, username: "a1") == "fff772e47b76887f79ae79a954f00271ff567c7cb7097024f772a62ea76dd924")
        // Python: x = (int(h[:13], 16) + 0.5) / 2**52; -math.log1p(-x) / 3
        #expect(DrawAlgorithm.key(hash: "804abad826e55aa5ac8ef4630500c5fc83a22cf857fb83644a11d1edc981e061", weight: 3) == 0.2318101197976328)
    }

    @Test func theSameSeedGivesTheSameDrawAndAnotherSeedAnother() throws {
        let first = try Self.draw(seed: "2026-Q4")
        #expect(try Self.draw(seed: "2026-Q4") == first)
        let others = try (1...5).map { try Self.draw(seed: "other-\($0)").map(\.outfallID) }
        #expect(others.contains { $0 != first.map(\.outfallID) })
    }

    @Test func unweightedObjectsComeInAscendingHashOrder() throws {
        let picks = try Self.draw(seed: "x", count: 5)
        let hashes = picks.map(\.hash)
        #expect(hashes == hashes.sorted())
        #expect(picks.map(\.rank) == [1, 2, 3, 4, 5])
    }

    @Test func noInspectorDrawsAnObjectInTheirOwnTownship() throws {
        for n in 0..<30 {
            for pick in try Self.draw(seed: "seed-\(n)", count: 5) {
                let object = try #require(Self.objects.first { $0.outfallID == pick.outfallID })
                for username in pick.inspectors {
                    let inspector = try #require(Self.inspectors.first { $0.username == username })
                    #expect(!DrawAlgorithm.sameTownship(object.township, inspector.township), "\(username) drew \(object.name)")
                }
            }
        }
        #expect(DrawAlgorithm.sameTownship("大埔镇（示意边界）", "大埔镇"))
        #expect(!DrawAlgorithm.sameTownship("大埔镇", ""), "county staff have no township of their own")
    }

    @Test func aLinkedUnitKeepsItsInspectorOff() throws {
        let link = DrawExclusion(outfallID: 2, username: "a4", reason: .unit, unit: "乙厂")
        for n in 0..<20 {
            let picks = try Self.draw(seed: "u-\(n)", count: 5, units: [link])
            #expect(!(picks.first { $0.outfallID == 2 }?.inspectors.contains("a4") ?? true))
        }
    }

    @Test func tooFewEligibleInspectorsRefusesTheWholeDraw() throws {
        // Object 1 is in 大埔镇: a1 is excluded, three remain; four per object cannot be met.
        #expect(throws: LedgerError.self) { try Self.draw(seed: "s", k: 4, count: 5) }
        #expect(throws: LedgerError.self) { try Self.draw(seed: "s", count: 6) }
        #expect(throws: LedgerError.self) { try Self.draw(seed: " ") }
    }

    @Test func aPercentageRoundsUp() {
        #expect(Self.parameters(count: nil, percent: 25).count(registerSize: 9) == 3)
        #expect(Self.parameters(count: nil, percent: 100).count(registerSize: 9) == 9)
        #expect(Self.parameters(count: nil, percent: 1).count(registerSize: 9) == 1)
    }

    @Test func aHeavyWeightIsDrawnMuchMoreOften() throws {
        var heavyFirst = 0, lightFirst = 0
        for n in 0..<200 {
            var objects = Self.objects
            objects[2].weight = 10
            let picks = try Self.draw(seed: "w-\(n)", objects: objects, count: 1)
            if picks[0].outfallID == 3 { heavyFirst += 1 }
            let unweighted = try Self.draw(seed: "w-\(n)", count: 1)
            if unweighted[0].outfallID == 3 { lightFirst += 1 }
        }
        // Weight 10 among four of weight 1: 10/14 ≈ 71 % against 20 % unweighted.
        #expect(heavyFirst > 110 && lightFirst < 70, "\(heavyFirst) \(lightFirst)")
        var bad = Self.objects
        bad[0].weight = 0.5
        #expect(throws: LedgerError.self) { try Self.draw(seed: "w", objects: bad) }
    }
}
