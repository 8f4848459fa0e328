import Foundation
import JSON
import OutfallModel
import Supervision

/// How values read on a page: times in Beijing time as `2026-12-01 21:32`, coded values by
/// their Chinese labels, booleans as 是/否. Stored values (UTC ISO 8601 timestamps, enum names)
/// stay as they are in the database and the APIs; this is for people only.
enum PageText {
    /// China Standard Time, UTC+8 all year (no daylight saving since 1991), so a fixed offset
    /// is exact and needs no time-zone database.
    private static let beijing = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    /// A moment as the page shows it: `2026-12-01 21:32` (Beijing time).
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = beijing
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// A stored timestamp (`2026-12-01T13:32:05.123Z`) as the page shows it; text that is not
    /// a timestamp is shown as it is (the one formatter the whole product uses: ``ChinaTime``).
    static func time(_ stored: String) -> String {
        ChinaTime.display(stored)
    }

    /// A property of a record as the detail page shows it.
    static func value(_ key: String, _ value: JSONValue) -> String {
        switch (key, value) {
        case ("status", .string(let raw)): OutfallStatus(rawValue: raw)?.label ?? raw
        case ("type", .string(let raw)): OutfallType(rawValue: raw)?.label ?? raw
        case (_, .bool(let b)): b ? "是" : "否"
        default: value.displayText
        }
    }
}
