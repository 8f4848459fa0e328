import Foundation

/// The county's working-day calendar and the decision period, kept in the ledger (so every
/// edit is in the history). Weekends are off; public holidays (法定节假日) and make-up workdays
/// (调休上班) are the county's to enter each year, as the State Council publishes them.
///
/// The 20-working-day decision period is local practice (service guides), not confirmed in
/// order No. 35 〔待核实〕: a setting the county can correct.
public struct WorkingCalendar: LedgerEntity {
    public static let kind = EntityKind(rawValue: "settings.calendar")
    /// The one calendar document.
    public static let documentID: Int64 = 1
    public static let defaultDecisionPeriod = 20
    public static let maxDecisionPeriod = 250
    /// Unconfirmed: shown beside the figure everywhere.
    public static let unconfirmedMark = "〔待核实〕"

    public var id: Int64?
    /// Working days from the day after filing to the last day for the decision.
    public var decisionPeriodDays: Int
    /// Days off that would otherwise be working days (`YYYY-MM-DD`), sorted.
    public var holidays: [String]
    /// Weekend days that are working days (调休), sorted.
    public var workdays: [String]

    public init(id: Int64? = WorkingCalendar.documentID, decisionPeriodDays: Int = WorkingCalendar.defaultDecisionPeriod, holidays: [String] = [], workdays: [String] = []) {
        self.id = id
        self.decisionPeriodDays = decisionPeriodDays
        self.holidays = holidays
        self.workdays = workdays
    }

    public static let defaults = WorkingCalendar()

    /// Whether `day` (`YYYY-MM-DD`) is a working day; nil for a malformed date.
    public func isWorkingDay(_ day: String) -> Bool? {
        guard let number = CalendarDay(day) else { return nil }
        if workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return !number.isWeekend
    }

    /// The last day for a decision on a case filed on `filedOn`: the `decisionPeriodDays`-th
    /// working day after it. Nil for a malformed date.
    public func deadline(filedOn: String) -> String? {
        guard var day = CalendarDay(filedOn) else { return nil }
        let off = Set(holidays)
        let on = Set(workdays)
        var counted = 0
        while counted < decisionPeriodDays {
            day = day.next
            let text = day.text
            if on.contains(text) || (!off.contains(text) && !day.isWeekend) { counted += 1 }
        }
        return day.text
    }

    /// Working days left from `today` to `deadline`, both `YYYY-MM-DD` (negative when past).
    public func workingDaysLeft(today: String, deadline: String) -> Int? {
        guard let start = CalendarDay(today), let end = CalendarDay(deadline) else { return nil }
        let off = Set(holidays)
        let on = Set(workdays)
        func working(_ d: CalendarDay) -> Bool { on.contains(d.text) || (!off.contains(d.text) && !d.isWeekend) }
        if end.number >= start.number {
            var count = 0
            var d = start.next
            while d.number <= end.number {
                if working(d) { count += 1 }
                d = d.next
            }
            return count
        }
        var count = 0
        var d = end.next
        while d.number <= start.number {
            if working(d) { count += 1 }
            d = d.next
        }
        return -count
    }

    /// Validates a date a person typed: `YYYY-MM-DD`, a real day.
    public static func validDay(_ text: String, subject: String) throws(LedgerError) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let day = CalendarDay(t), day.text == t else {
            throw .refused(subject: subject, reason: "应为日期 YYYY-MM-DD，收到“\(String(t.prefix(40)))” (expected a date)")
        }
        return t
    }
}

/// A day of the proleptic Gregorian calendar as a day number (days since 1970-01-01), so that
/// counting days needs no time zone: these are civil dates in China.
struct CalendarDay {
    let number: Int

    init(number: Int) { self.number = number }

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), y >= 1900, y <= 2200
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[m - 1]).contains(d) else { return nil }
        // Days from civil (H. Hinnant).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146_097 + doe - 719_468
    }

    var next: CalendarDay { CalendarDay(number: number + 1) }

    /// 1970-01-01 was a Thursday.
    var isWeekend: Bool {
        let weekday = ((number % 7) + 7 + 3) % 7  // 0 = Monday
        return weekday >= 5
    }

    var text: String {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
