import Testing

@testable import WaterQuality

/// The 旱天直排 rule on a hand-made rain calendar (rule: 3 dry days, ≤ 0.1 mm).
struct DryWeatherRuleTests {
    let calendar = RainCalendar([
        RainDay(station: "县城", day: "2024-02-27", millimetres: 12),
        RainDay(station: "县城", day: "2024-02-28", millimetres: 0),
        RainDay(station: "县城", day: "2024-02-29", millimetres: 0.1),
        RainDay(station: "县城", day: "2024-03-01", millimetres: 0),
        RainDay(station: "县城", day: "2024-03-02", millimetres: 0),
        // Another station saw rain on 3 March: the day is not dry.
        RainDay(station: "县城", day: "2024-03-03", millimetres: 0),
        RainDay(station: "凤山", day: "2024-03-03", millimetres: 5),
    ])

    func flow(_ day: String, _ value: String = "50") throws -> Sample {
        try Sample.reading(
            point: SamplePoint(kind: .outfall, id: 2, name: "O-02"), sampledAt: "\(day)T02:00:00.000Z", day: day, parameter: .flow, value: value,
            unit: "m³/d", kind: .spot, lab: nil)
    }

    @Test func flowAfterThreeDryDaysIsADryWeatherDischarge() throws {
        let f = DryWeatherRule.defaults.judge(flows: [try flow("2024-03-02")], calendar: calendar)
        // 02-28, 02-29 (0.1 mm counts as dry), 03-01 and 03-02 itself are dry.
        #expect(f.map(\.verdict) == [.dryWeatherDischarge])
    }

    @Test func flowTooSoonAfterRainIsWetWeather() throws {
        let f = DryWeatherRule.defaults.judge(flows: [try flow("2024-03-01"), try flow("2024-03-03")], calendar: calendar)
        #expect(f.map(\.verdict) == [.wetWeather, .wetWeather])
        #expect(f[0].reason.contains("2024-02-27"))
    }

    @Test func missingRainRecordsCannotBeJudged() throws {
        let f = DryWeatherRule.defaults.judge(flows: [try flow("2024-03-08")], calendar: calendar)
        #expect(f.map(\.verdict) == [.cannotJudge])
        #expect(f[0].reason.contains("2024-03-05") && f[0].reason.contains("2024-03-08"))
    }

    @Test func noFlowOrFlowBelowDetectionIsNotADischarge() throws {
        #expect(DryWeatherRule.defaults.judge(flows: [try flow("2024-03-02", "0"), try flow("2024-03-02", "ND")], calendar: calendar).isEmpty)
    }

    @Test func theCountyCanAskForFewerDryDays() throws {
        let rule = DryWeatherRule(dryDays: 1, thresholdMM: 0.1)
        #expect(rule.judge(flows: [try flow("2024-02-29")], calendar: calendar).map(\.verdict) == [.dryWeatherDischarge])
    }

    @Test func dayArithmeticCrossesMonthsAndLeapDays() {
        #expect(RainCalendar.day("2024-03-01", offset: -1) == "2024-02-29")
        #expect(RainCalendar.day("2023-03-01", offset: -1) == "2023-02-28")
        #expect(RainCalendar.day("2024-12-31", offset: 1) == "2025-01-01")
    }
}

/// Every (state, event) pair of the abnormal-reason review.
struct ReasonReviewStateTests {
    @Test func everyPair() throws {
        let expected: [ReasonReviewState: [ReasonReviewState.Event: ReasonReviewState?]] = [
            .pending: [.confirm: .confirmed, .dismiss: .dismissed, .reopen: nil],
            .confirmed: [.confirm: nil, .dismiss: .dismissed, .reopen: .pending],
            .dismissed: [.confirm: .confirmed, .dismiss: nil, .reopen: .pending],
        ]
        for state in ReasonReviewState.allCases {
            for event in ReasonReviewState.Event.allCases {
                let row = try #require(expected[state])
                let want = try #require(row[event], "table misses \(state) + \(event)")
                #expect(state.after(event) == want, "\(state) + \(event)")
            }
        }
    }
}
