import Testing

@testable import WaterQuality

/// Device-fault flags on hand-made series.
struct SeriesCheckTests {
    let point = SamplePoint(kind: .outfall, id: 1, name: "O-01")

    func reading(_ p: Parameter, _ v: String, hour: Int, day: Int = 25) throws -> Sample {
        let h = hour < 10 ? "0\(hour)" : "\(hour)"
        return try Sample.reading(
            point: point, sampledAt: "2024-06-\(day)T\(h):00:00.000Z", day: "2024-06-\(day)", parameter: p, value: v, unit: "mg/L", kind: .spot,
            lab: nil)
    }

    @Test func sixIdenticalReadingsAreAFlatLine() throws {
        let series = try (0..<6).map { try reading(.cod, "42", hour: $0) } + [try reading(.cod, "40", hour: 6)]
        let flags = SeriesCheck.flags(series)
        #expect(flags.map(\.kind) == [.flatLine])
        #expect(flags[0].id == "flat_line:COD:2024-06-25T00:00:00.000Z")
        #expect(SeriesCheck.flags(Array(series.prefix(5))).isEmpty)
    }

    @Test func tenfoldJumpOverTheRecentMedianIsAStep() throws {
        let series = try ["40", "42", "38", "41", "39", "400"].enumerated().map { try reading(.cod, $0.element, hour: $0.offset) }
        let flags = SeriesCheck.flags(series)
        #expect(flags.map(\.kind) == [.step])
        #expect(flags[0].detail.contains("40"))
        let gentle = try ["40", "42", "38", "41", "39", "300"].enumerated().map { try reading(.cod, $0.element, hour: $0.offset) }
        #expect(SeriesCheck.flags(gentle).isEmpty)
    }

    @Test func bodAboveCodAtOneTimeIsImpossible() throws {
        let flags = SeriesCheck.flags([try reading(.cod, "30", hour: 1), try reading(.bod5, "45", hour: 1), try reading(.ammonia, "5", hour: 2)])
        #expect(flags.map(\.kind) == [.impossible] && flags[0].parameter == .bod5)
        #expect(SeriesCheck.flags([try reading(.ammonia, "6", hour: 1), try reading(.totalNitrogen, "5", hour: 1)]).map(\.kind) == [.impossible])
    }

    @Test func aLongHoleInAnOnlineSeriesIsAGap() throws {
        let hours = Array(0..<10) + [20]
        let series = try hours.enumerated().map { try reading(.ammonia, String(3 + $0.offset % 3), hour: $0.element) }
        let flags = SeriesCheck.flags(series)
        #expect(flags.map(\.kind) == [.gap])
        #expect(flags[0].id.hasSuffix("2024-06-25T20:00:00.000Z"))
    }

    @Test func isoSecondsAgreeWithTheCalendar() {
        #expect(SeriesCheck.seconds("1970-01-02T00:00:00.000Z") == 86_400)
        #expect(SeriesCheck.seconds("2024-03-01T00:00:00Z")! - SeriesCheck.seconds("2024-02-28T00:00:00Z")! == 2 * 86_400)
    }
}
