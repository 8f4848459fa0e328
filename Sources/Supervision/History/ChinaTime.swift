import Foundation

/// The registry stores instants in UTC and shows them in China Standard Time (UTC+8, no
/// daylight saving), which is what every user of a Guangxi county registry reads.
public enum ChinaTime {
    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    /// `2026-12-01T13:32:05.123Z` → `2026-12-01 21:32`. Text that is not an instant is returned as it is.
    public static func display(_ utc: String) -> String {
        guard let date = parse(utc) else { return utc }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The calendar date in China of a UTC instant: `2026-12-01T17:00:00Z` → `2026-12-02`.
    public static func date(_ utc: String) -> String? {
        guard let date = parse(utc) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// A China-local date `YYYY-MM-DD` as the UTC instant of its start (`2024-06-25` → `2024-06-24T16:00:00.000Z`).
    public static func startOfDayUTC(_ day: String) -> String? {
        guard let start = localMidnight(day) else { return nil }
        return utcString(start)
    }

    /// The last millisecond of a China-local date, in UTC.
    public static func endOfDayUTC(_ day: String) -> String? {
        guard let start = localMidnight(day) else { return nil }
        return utcString(start.addingTimeInterval(86_400 - 0.001))
    }

    /// A UTC ISO 8601 instant with milliseconds, as the registry stores times.
    public static func utcString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Accepts what a person types for "when": a date (`2024-06-25`, China-local, taken as
    /// noon so it falls on that day in either zone), a China-local date and time
    /// (`2024-06-25 14:30`), or a full ISO 8601 instant. Returns the UTC instant, or nil.
    public static func parseInput(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parse(trimmed) { return utcString(date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy/MM/dd HH:mm"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: trimmed) { return utcString(date) }
        }
        for pattern in ["yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: trimmed), formatter.string(from: date) == trimmed {
                return utcString(date.addingTimeInterval(12 * 3600))
            }
        }
        return nil
    }

    private static func localMidnight(_ day: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: day), formatter.string(from: date) == day else { return nil }
        return date
    }
}
