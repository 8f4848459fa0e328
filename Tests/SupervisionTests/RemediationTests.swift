import Testing
@testable import Supervision

/// Every (state, event) pair of a remediation case, and close-out refused without what it needs.
struct CaseStateTests {
    /// A file that satisfies every requirement.
    static let complete = CaseFacts(
        remediationClass: .consolidate, hasBeforePhoto: true, hasDuringPhoto: true, hasAfterPhoto: true, hasSignboard: true,
        hasSamplingPoint: true, hasVerification: true, exceededLimit: true, hasCompliantSampleAfterWork: true, affectsFloodSafety: true,
        hasWaterAuthorityOpinion: true, hasReason: true)

    static let allowed: [CaseState: [CaseEvent: CaseState]] = [
        .pending: [.start: .inProgress],
        .inProgress: [.submitForCheck: .awaitingCheck],
        .awaitingCheck: [.countyClose: .countyClosed, .return: .returned],
        .countyClosed: [.close: .closed, .return: .returned],
        .closed: [.reopen: .inProgress],
        .returned: [.start: .inProgress],
    ]

    @Test(arguments: CaseState.allCases)
    func everyEventFrom(_ state: CaseState) {
        for event in CaseEvent.allCases {
            switch state.after(event, facts: Self.complete) {
            case .success(let next): #expect(Self.allowed[state]?[event] == next, "\(state) + \(event)")
            case .failure(let refusal): #expect(Self.allowed[state]?[event] == nil, "\(state) + \(event): \(refusal.reason)")
            }
        }
    }

    @Test func submissionNeedsBeforeDuringAfterPhotos() {
        var facts = Self.complete
        facts.hasDuringPhoto = false
        #expect(CaseState.inProgress.after(.submitForCheck, facts: facts) == .failure(.init("缺少整治证据：整治中照片")))
    }

    @Test func aRetainedOutfallClosesWithItsSignboardAndSamplingPoint() {
        var facts = CaseFacts(remediationClass: .retain, hasSignboard: true)
        #expect(CaseState.inProgress.after(.submitForCheck, facts: facts) == .failure(.init("缺少整治证据：采样点照片")))
        facts.hasSamplingPoint = true
        #expect(CaseState.inProgress.after(.submitForCheck, facts: facts) == .success(.awaitingCheck))
    }

    @Test func preCloseOutNeedsVerificationSampleAfterExceedanceAndFloodOpinion() {
        var facts = Self.complete
        facts.hasVerification = false
        #expect(CaseState.awaitingCheck.after(.countyClose, facts: facts).isRefused)
        facts.hasVerification = true
        facts.hasCompliantSampleAfterWork = false
        #expect(CaseState.awaitingCheck.after(.countyClose, facts: facts).isRefused)
        facts.exceededLimit = false  // never exceeded: no sample needed
        #expect(CaseState.awaitingCheck.after(.countyClose, facts: facts) == .success(.countyClosed))
        facts.hasWaterAuthorityOpinion = false
        #expect(CaseState.awaitingCheck.after(.countyClose, facts: facts).isRefused)
        facts.affectsFloodSafety = false
        #expect(CaseState.awaitingCheck.after(.countyClose, facts: facts) == .success(.countyClosed))
    }

    @Test func returnsAndReopeningsNeedAReason() {
        var facts = Self.complete
        facts.hasReason = false
        #expect(CaseState.countyClosed.after(.return, facts: facts).isRefused)
        #expect(CaseState.closed.after(.reopen, facts: facts).isRefused)
    }
}

/// Progress as of three dates on a hand-built history, including a case reopened after close-out.
struct RemediationProgressTests {
    // Ten abnormal outfalls found in 2023 (one out of scope); cases close at various dates.
    static let abnormal: [AbnormalSpan] = (1...10).map { (id: Int) -> AbnormalSpan in
        let until: String? = id == 9 ? "2024-03-01T00:00:00.000Z" : nil
        let river: String = id <= 5 ? "融江" : "柳江"
        return AbnormalSpan(outfallID: Int64(id), from: "2023-03-01T00:00:00.000Z", until: until, groups: ["river": river], inScope: id != 10)
    }
    static let cases: [CaseTimeline] = [
        CaseTimeline(outfallID: 1, steps: [("2023-04-01T00:00:00.000Z", .inProgress), ("2023-10-01T00:00:00.000Z", .closed)]),
        CaseTimeline(outfallID: 2, steps: [("2023-04-01T00:00:00.000Z", .inProgress), ("2023-11-01T00:00:00.000Z", .closed)]),
        CaseTimeline(outfallID: 3, steps: [
            ("2023-04-01T00:00:00.000Z", .inProgress), ("2024-05-01T00:00:00.000Z", .closed), ("2025-03-01T00:00:00.000Z", .inProgress),
        ]),
        CaseTimeline(outfallID: 6, steps: [("2024-02-01T00:00:00.000Z", .countyClosed), ("2024-06-30T00:00:00.000Z", .closed)]),
        // Closed out of scope: does not count.
        CaseTimeline(outfallID: 10, steps: [("2023-05-01T00:00:00.000Z", .closed)]),
    ]

    @Test func asOfEndOf2023() {
        let county = RemediationProgress.figures(abnormal: Self.abnormal, cases: Self.cases, asOf: "2023-12-31", targets: ProgressTargets())
        #expect(county.count == 1)
        #expect(county[0].abnormal == 9 && county[0].closed == 2)
        #expect(abs(county[0].percent - 22.2222) < 0.001)
        #expect(county[0].targetPercent == 30 && county[0].expectedPercent == 30 && county[0].onTrack == false)
    }

    /// 25 June 2024: outfall 9 has left the abnormal set; 3 closed in May counts; 6 is only pre-closed.
    @Test func asOf25June2024ByRiver() {
        let byRiver = RemediationProgress.figures(
            abnormal: Self.abnormal, cases: Self.cases, asOf: "2024-06-25", targets: ProgressTargets(), groupBy: "river")
        #expect(byRiver.map(\.group) == ["柳江", "融江"])
        #expect((byRiver[0].abnormal, byRiver[0].closed) == (3, 0))
        #expect((byRiver[1].abnormal, byRiver[1].closed) == (5, 3))
        let county = RemediationProgress.figures(abnormal: Self.abnormal, cases: Self.cases, asOf: "2024-06-25", targets: ProgressTargets())
        #expect((county[0].abnormal, county[0].closed) == (8, 3))
        #expect(county[0].targetPercent == 70)
        // Prorated: 30 + 40 × (177/366) ≈ 49.3 %; 37.5 % is behind.
        #expect(abs((county[0].expectedPercent ?? 0) - (30 + 40 * 177.0 / 366.0)) < 1e-6)
        #expect(county[0].onTrack == false)
    }

    /// 25 June 2025: case 3 was reopened in March and no longer counts; 6 closed in 2024 does.
    @Test func asOf25June2025AfterAReopening() {
        let county = RemediationProgress.figures(abnormal: Self.abnormal, cases: Self.cases, asOf: "2025-06-25", targets: ProgressTargets())
        #expect((county[0].abnormal, county[0].closed) == (8, 3))
        #expect(county[0].targetPercent == 100)
    }
}

extension Result where Failure == LifecycleRefusal {
    var isRefused: Bool { if case .failure = self { true } else { false } }
}
