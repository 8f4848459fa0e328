import Testing
@testable import Supervision

/// Every (state, event) pair of an application, and the guards on approval and registration.
struct ApplicationStateTests {
    /// A file that satisfies every requirement.
    static let complete = ApplicationFacts(verdict: .clear, hasReason: true)

    static let allowed: [ApplicationState: [ApplicationEvent: ApplicationState]] = [
        .accepted: [.consult: .underReview, .approve: .decided, .refuse: .decided, .withdraw: .withdrawn],
        .underReview: [.consult: .underReview, .approve: .decided, .refuse: .decided, .withdraw: .withdrawn],
        .decided: [.publish: .published],
        .submitted: [.consult: .submitted, .register: .registered, .withdraw: .withdrawn],
        .registered: [.publish: .published],
        .published: [:],
        .withdrawn: [:],
    ]

    @Test(arguments: ApplicationState.allCases)
    func everyEventFrom(_ state: ApplicationState) {
        for event in ApplicationEvent.allCases {
            switch state.after(event, facts: Self.complete) {
            case .success(let next): #expect(Self.allowed[state]?[event] == next, "\(state) + \(event)")
            case .failure(let refusal): #expect(Self.allowed[state]?[event] == nil, "\(state) + \(event): \(refusal.reason)")
            }
        }
    }

    @Test func aProhibitedSiteIsNotApprovedAndTheRefusalNamesTheBasis() {
        let facts = ApplicationFacts(verdict: .prohibited, prohibitedBasis: ["饮用水水源一级、二级保护区内禁止设置排污口（水污染防治法第六十四条）"], hasReason: true)
        guard case .failure(let refusal) = ApplicationState.underReview.after(.approve, facts: facts) else {
            Issue.record("approved a prohibited site")
            return
        }
        #expect(refusal.reason.contains("禁止设置"))
        #expect(refusal.reason.contains("水污染防治法第六十四条"))
        #expect(ApplicationState.submitted.after(.register, facts: facts).isRefused)
        // Refusing it needs no opinions: the law has decided.
        var refusing = facts
        refusing.missingConsultations = [.water]
        #expect(ApplicationState.accepted.after(.refuse, facts: refusing) == .success(.decided))
    }

    @Test func noDecisionWhileAnOpinionIsMissing() {
        let facts = ApplicationFacts(verdict: .review, missingConsultations: [.water], hasReason: true)
        #expect(ApplicationState.accepted.after(.approve, facts: facts).isRefused)
        #expect(ApplicationState.underReview.after(.refuse, facts: facts).isRefused)
        #expect(ApplicationState.submitted.after(.register, facts: facts).isRefused)
        #expect(ApplicationState.underReview.after(.approve, facts: ApplicationFacts(verdict: .review, hasReason: true)) == .success(.decided))
    }

    @Test func aRestrictedSiteNeedsARecordedReason() {
        #expect(ApplicationState.underReview.after(.approve, facts: ApplicationFacts(verdict: .restricted)).isRefused)
        #expect(ApplicationState.submitted.after(.register, facts: ApplicationFacts(verdict: .restricted)).isRefused)
        #expect(ApplicationState.underReview.after(.approve, facts: ApplicationFacts(verdict: .restricted, hasReason: true)) == .success(.decided))
        #expect(ApplicationState.submitted.after(.register, facts: ApplicationFacts(verdict: .clear)) == .success(.registered))
    }

    @Test func aZoneMissingItsTargetRefusesNewOutfallsEvenWithAReason() {
        let facts = ApplicationFacts(verdict: .restricted, blockingFindings: ["水质未达标的水功能区严格控制新设、改设、扩大排污口"], hasReason: true)
        #expect(ApplicationState.underReview.after(.approve, facts: facts).isRefused)
        #expect(ApplicationState.submitted.after(.register, facts: facts).isRefused)
    }

    @Test func refusalAndWithdrawalNeedAReason() {
        let none = ApplicationFacts(verdict: .clear)
        #expect(ApplicationState.accepted.after(.refuse, facts: none).isRefused)
        #expect(ApplicationState.accepted.after(.withdraw, facts: none).isRefused)
        #expect(ApplicationState.submitted.after(.withdraw, facts: none).isRefused)
    }

    @Test func noCheckOnFileFailsClosed() {
        let item = Application(
            kind: .new, track: .approval, applicant: Applicant(name: "某厂"), outfallName: "某厂排污口", outfallType: "industrial_enterprise",
            outfallTypeLabel: "工矿企业排污口", lon: 109.2, lat: 24.6, origin: GivenPosition(x: 109.2, y: 24.6, crs: "EPSG:4490"), checks: [],
            filedOn: "2026-12-01", filedBy: "clerk")
        #expect(item.facts(reason: "理由").verdict == .prohibited)
    }

    @Test func consultationsFollowTheFindingsZonesAndAuthorities() {
        #expect(ConsultingAuthority.needed(zoneKind: "river_management", ruleAuthority: nil) == .water)
        #expect(ConsultingAuthority.needed(zoneKind: "navigation", ruleAuthority: nil) == .transport)
        #expect(ConsultingAuthority.needed(zoneKind: "fishery_water", ruleAuthority: nil) == .fishery)
        #expect(ConsultingAuthority.needed(zoneKind: nil, ruleAuthority: "水行政主管部门（县水利局）") == .water)
        #expect(ConsultingAuthority.needed(zoneKind: "drinking_water", ruleAuthority: nil) == nil)
        #expect(ConsultingAuthority.needed(zoneKind: nil, ruleAuthority: "自然保护区管理机构") == nil)
    }
}

/// The working-day calendar: weekends, holidays and make-up workdays.
struct WorkingCalendarTests {
    @Test func twentyWorkingDaysSkipWeekends() {
        // Tuesday 2026-12-01 + 20 working days = Tuesday 2026-12-29.
        #expect(WorkingCalendar().deadline(filedOn: "2026-12-01") == "2026-12-29")
    }

    @Test func aHolidayPushesTheDeadlineAndAMakeUpWorkdayPullsItBack() {
        var calendar = WorkingCalendar(holidays: ["2026-12-25"])
        #expect(calendar.deadline(filedOn: "2026-12-01") == "2026-12-30")
        calendar.workdays = ["2026-12-05"]  // a Saturday worked
        #expect(calendar.deadline(filedOn: "2026-12-01") == "2026-12-29")
    }

    @Test func nationalDayWeek() {
        // 2026-10-01..07 off, Saturday 2026-10-10 worked (example figures a county would enter).
        let calendar = WorkingCalendar(
            decisionPeriodDays: 5, holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"], workdays: ["2026-10-10"])
        // Filed Wed 30 Sep: 8th (Thu), 9th (Fri), 10th (Sat, worked), 12th, 13th.
        #expect(calendar.deadline(filedOn: "2026-09-30") == "2026-10-13")
        #expect(calendar.isWorkingDay("2026-10-10") == true)
        #expect(calendar.isWorkingDay("2026-10-06") == false)
        #expect(calendar.isWorkingDay("2026-10-11") == false)
    }

    @Test func overdueOnlyWhileOpenAndPastTheDeadline() {
        var item = Application(
            kind: .new, track: .approval, applicant: Applicant(name: "某厂"), outfallName: "某厂排污口", outfallType: "industrial_enterprise",
            outfallTypeLabel: "工矿企业排污口", lon: 109.2, lat: 24.6, origin: GivenPosition(x: 109.2, y: 24.6, crs: "EPSG:4490"), checks: [],
            filedOn: "2026-12-01", filedBy: "clerk")
        let calendar = WorkingCalendar(holidays: ["2026-12-25"])
        #expect(!item.isOverdue(on: "2026-12-30", calendar: calendar))
        #expect(item.isOverdue(on: "2026-12-31", calendar: calendar))
        item.state = .decided
        #expect(!item.isOverdue(on: "2026-12-31", calendar: calendar))
    }

    @Test func workingDaysLeftCountsBothWays() {
        let calendar = WorkingCalendar()
        #expect(calendar.workingDaysLeft(today: "2026-12-01", deadline: "2026-12-29") == 20)
        #expect(calendar.workingDaysLeft(today: "2026-12-31", deadline: "2026-12-29") == -2)
    }

    @Test func malformedDatesAreRefused() {
        #expect(WorkingCalendar().deadline(filedOn: "2026-02-30") == nil)
        #expect(throws: LedgerError.self) { try WorkingCalendar.validDay("2026-13-01", subject: "节假日") }
        #expect(throws: LedgerError.self) { try WorkingCalendar.validDay("明天", subject: "节假日") }
        #expect(CalendarDay("2024-02-29")?.text == "2024-02-29")
        #expect(CalendarDay("1970-01-01")?.number == 0)
    }
}
