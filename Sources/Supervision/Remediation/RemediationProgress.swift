import Foundation

/// The county's targets: the share of abnormal outfalls remediated (已销号) by the end of each
/// year — 30 % by 2023, 70 % by 2024, basically all by 2025 (the plan). A setting the county
/// can correct.
public struct ProgressTargets: Codable, Sendable, Equatable {
    /// Year-end targets in percent.
    public var byYear: [Int: Double]

    public init(byYear: [Int: Double] = [2023: 30, 2024: 70, 2025: 100]) {
        self.byYear = byYear
    }

    /// The target for the end of `year` (the last one set, for later years; nil before the first).
    public func yearEnd(_ year: Int) -> Double? {
        byYear.filter { $0.key <= year }.max { $0.key < $1.key }?.value
    }

    /// What should be done by `date` (`YYYY-MM-DD`): this year's target prorated by the share
    /// of the year gone, from last year's (0 before the first year). At 31 December it is the
    /// year-end target. Our reading of "on track", documented in the user guide.
    public func expected(by date: String) -> Double? {
        guard let year = Int(date.prefix(4)), let target = yearEnd(year) else { return nil }
        let previous = yearEnd(year - 1) ?? 0
        guard let fraction = Self.fractionOfYear(date) else { return target }
        return previous + (target - previous) * fraction
    }

    static func fractionOfYear(_ date: String) -> Double? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd"
        guard let day = formatter.date(from: String(date.prefix(10))), let start = formatter.date(from: "\(date.prefix(4))-01-01"),
            let end = formatter.date(from: "\(Int(date.prefix(4)).map { $0 + 1 } ?? 0)-01-01")
        else { return nil }
        // The whole of the as-of day counts as gone.
        return min(1, (day.timeIntervalSince(start) + 86_400) / end.timeIntervalSince(start))
    }
}

/// An outfall's time in the abnormal set (已查明存在异常): from when a reason was confirmed
/// until every reason was dismissed (or still open), with the groups it is counted under.
public struct AbnormalSpan: Sendable, Equatable {
    public var outfallID: Int64
    public var from: String
    public var until: String?
    /// Group values: `river`, `township`, `department`, `class`, `type` → value.
    public var groups: [String: String]
    /// Whether it counts toward the targets (柳江 / 龙江 / 融江 / 县城建成区).
    public var inScope: Bool

    public init(outfallID: Int64, from: String, until: String? = nil, groups: [String: String] = [:], inScope: Bool = true) {
        self.outfallID = outfallID
        self.from = from
        self.until = until
        self.groups = groups
        self.inScope = inScope
    }
}

/// A remediation case's states over time, from its history (`at` of each step).
public struct CaseTimeline: Sendable, Equatable {
    public var outfallID: Int64
    public var steps: [(at: String, state: CaseState)]

    public init(outfallID: Int64, steps: [(at: String, state: CaseState)]) {
        self.outfallID = outfallID
        self.steps = steps
    }

    /// The state at the end of `cutoff` (an instant), or nil before the case was opened.
    public func state(at cutoff: String) -> CaseState? {
        steps.enumerated().filter { $0.element.at <= cutoff }.max { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }?.element.state
    }

    public static func == (a: CaseTimeline, b: CaseTimeline) -> Bool {
        a.outfallID == b.outfallID && a.steps.map(\.at) == b.steps.map(\.at) && a.steps.map(\.state) == b.steps.map(\.state)
    }
}

/// Progress of one group (or of the county) as of a date.
public struct ProgressFigure: Sendable, Equatable {
    public var group: String?
    public var abnormal: Int
    public var closed: Int
    public var percent: Double
    /// The year-end target of the as-of year.
    public var targetPercent: Double?
    /// What should be done by the as-of date (prorated), and whether it is.
    public var expectedPercent: Double?
    public var onTrack: Bool?
}

/// Progress against the targets as of any date, replayed from the abnormal spans and the
/// cases' timelines — what the ledger said that day, not today's state: a case closed in
/// May 2024 and reopened in March 2025 counts as remediated on 25 June 2024 and not on
/// 25 June 2025.
public enum RemediationProgress {
    /// `asOf` is a China-local date (`YYYY-MM-DD`); `groupBy` a key of ``AbnormalSpan/groups``
    /// (nil: the county as a whole). Only in-scope outfalls count.
    public static func figures(
        abnormal: [AbnormalSpan], cases: [CaseTimeline], asOf: String, targets: ProgressTargets, groupBy: String? = nil
    ) -> [ProgressFigure] {
        let cutoff = HistoryReplay.cutoff(asOf)
        let states = Dictionary(cases.map { ($0.outfallID, $0) }, uniquingKeysWith: { a, _ in a })
        let counted = abnormal.filter { span in span.inScope && span.from <= cutoff && (span.until.map { $0 > cutoff } ?? true) }
        let target = Int(asOf.prefix(4)).flatMap(targets.yearEnd)
        let expected = targets.expected(by: asOf)
        var groups: [String?: (abnormal: Int, closed: Int)] = [:]
        for span in counted {
            let key: String? = groupBy.map { span.groups[$0] ?? "（未定）" }
            let closed = states[span.outfallID]?.state(at: cutoff)?.isClosedOut == true
            groups[key, default: (0, 0)].abnormal += 1
            if closed { groups[key, default: (0, 0)].closed += 1 }
        }
        if groups.isEmpty && groupBy == nil { groups[nil] = (0, 0) }
        return groups.map { key, counts in
            let percent = counts.abnormal == 0 ? 100 : Double(counts.closed) * 100 / Double(counts.abnormal)
            return ProgressFigure(
                group: key, abnormal: counts.abnormal, closed: counts.closed, percent: percent, targetPercent: target,
                expectedPercent: expected, onTrack: expected.map { percent + 1e-9 >= $0 })
        }.sorted { ($0.group ?? "") < ($1.group ?? "") }
    }
}
