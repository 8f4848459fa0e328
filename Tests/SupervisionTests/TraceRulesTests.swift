import Supervision
import Testing

/// The result of a trace must agree with the units found.
struct TraceRulesTests {
    static func trace(units: [Int64], main: Int64? = nil, result: TraceResult, method: TraceMethod = .manual, technique: String? = nil,
                      problems: [String] = []) -> Trace {
        Trace(outfallID: 1, tracedOn: "2024-05-01", method: method, technique: technique, unitIDs: units, mainUnitID: main, problems: problems, result: result)
    }

    @Test func oneSourceNeedsExactlyOneUnit() throws {
        try TraceRules.check(Self.trace(units: [1], result: .oneSource))
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [], result: .oneSource)) }
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [1, 2], main: 1, result: .oneSource)) }
    }

    @Test func manySourcesNeedsTwoUnitsAndAMainAmongThem() throws {
        try TraceRules.check(Self.trace(units: [1, 2], main: 2, result: .manySources))
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [1, 2], result: .manySources)) }
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [1, 2], main: 3, result: .manySources)) }
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [1], main: 1, result: .manySources)) }
    }

    @Test func undeterminedListsNoUnit() throws {
        try TraceRules.check(Self.trace(units: [], result: .undetermined))
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [1], result: .undetermined)) }
    }

    @Test func technicalTracingNamesItsTechniqueAndProblemsComeFromTheList() throws {
        try TraceRules.check(Self.trace(units: [], result: .undetermined, method: .technical, technique: "染色"))
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [], result: .undetermined, method: .technical)) }
        try TraceRules.check(Self.trace(units: [], result: .undetermined, problems: ["未实现雨污分流"]))
        #expect(throws: LedgerError.self) { try TraceRules.check(Self.trace(units: [], result: .undetermined, problems: ["乱排"])) }
    }
}
