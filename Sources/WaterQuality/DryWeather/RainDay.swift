import Foundation

/// One day's rainfall at one station (日降雨量), China-local day.
public struct RainDay: Sendable, Codable, Hashable {
    public var id: Int64?
    /// The rain gauge station; empty when the record does not say.
    public var station: String
    /// `YYYY-MM-DD`, China time.
    public var day: String
    public var millimetres: Double

    public init(id: Int64? = nil, station: String, day: String, millimetres: Double) {
        self.id = id
        self.station = station
        self.day = day
        self.millimetres = millimetres
    }
}

/// Daily rainfall over the county: where several stations report a day, the wettest
/// counts, so a day is dry only if every station recorded it dry.
public struct RainCalendar: Sendable {
    public private(set) var wettest: [String: Double] = [:]

    public init(_ records: [RainDay]) {
        for r in records { wettest[r.day] = max(wettest[r.day] ?? 0, r.millimetres) }
    }

    public func millimetres(on day: String) -> Double? { wettest[day] }

    /// `day` shifted by `offset` days (`2024-03-01`, −1 → `2024-02-29`).
    public static func day(_ day: String, offset: Int) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let shifted = calendar.date(byAdding: .day, value: offset, to: date)
        else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: shifted)
        guard let y = c.year, let m = c.month, let d = c.day else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
