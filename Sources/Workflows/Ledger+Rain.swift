import Foundation
import Supervision
import WaterQuality

/// What a rain import stored.
public struct RainImportReport: Sendable {
    public var file: String
    public var count: Int
    public var first: String
    public var last: String
}

extension Ledger {
    public static let maximumRainRows = 50_000

    static let rainColumns: [(name: String, aliases: [String], required: Bool)] = [
        ("date", ["日期", "降雨日期", "day"], true),
        ("mm", ["降雨量", "日降雨量", "雨量", "降水量", "rainfall", "rain_mm"], true),
        ("station", ["站点", "雨量站", "测站", "站名"], false),
    ]

    /// Imports a daily rain record (date, mm, optional station), all or nothing.
    public func importRain(path: String, actor: String) throws(LedgerError) -> RainImportReport {
        try Self.sayingNothingWasImported { () throws(LedgerError) in try readAndStoreRain(path: path, actor: actor) }
    }

    private func readAndStoreRain(path: String, actor: String) throws(LedgerError) -> RainImportReport {
        let table = try readTable(path, maximumRows: Self.maximumRainRows)
        let columns = try Self.locateColumns(table.header, file: path, columns: Self.rainColumns)
        var existing: Set<String> = []
        for stored in try read({ reader in try reader.documents(.rainDay) }) {
            let r = try RainDay.decode(stored)
            existing.insert("\(r.station)|\(r.day)")
        }
        var records: [RainDay] = []
        var problems: [String] = []
        var seen: Set<String> = []
        for row in table.rows {
            func cell(_ name: String) -> String {
                guard let i = columns[name], i < row.cells.count else { return "" }
                return row.cells[i]
            }
            guard row.cells.count == table.header.count else {
                problems.append("第 \(row.line) 行：有 \(row.cells.count) 列，表头有 \(table.header.count) 列")
                continue
            }
            let station = cell("station")
            let dateText = cell("date").replacingOccurrences(of: "/", with: "-")
            guard let utc = ChinaTime.parseInput(dateText), let day = ChinaTime.date(utc), Self.isDate(day) else {
                problems.append("第 \(row.line) 行：日期“\(cell("date"))”无效（如 2024-06-25）")
                continue
            }
            guard let mm = Double(cell("mm")), mm.isFinite, mm >= 0, mm <= 2_000 else {
                problems.append("第 \(row.line) 行：降雨量“\(cell("mm"))”应为 0–2000 的毫米数")
                continue
            }
            guard station.count <= 200 else {
                problems.append("第 \(row.line) 行：站点名称超过 200 字")
                continue
            }
            let key = "\(station)|\(day)"
            if existing.contains(key) {
                problems.append("第 \(row.line) 行：\(station.isEmpty ? "" : station + " ")\(day) 的降雨已导入过 (already imported)")
            } else if seen.contains(key) {
                problems.append("第 \(row.line) 行：与本文件前面的行重复 (duplicate row)")
            } else {
                seen.insert(key)
                records.append(RainDay(station: station, day: day, millimetres: mm))
            }
        }
        if !problems.isEmpty {
            let listed = problems.prefix(Self.maximumListedProblems).joined(separator: "\n  ")
            throw .refused(subject: path, reason: "\(problems.count) 行有问题，未导入任何数据 (nothing imported)：\n  \(listed)")
        }
        guard !records.isEmpty else { throw .refused(subject: path, reason: "没有数据行 (no data rows)") }
        let file = (path as NSString).lastPathComponent
        try change(actor: actor) { tx in
            for var r in records { try tx.create(&r, action: "import", reason: "导入 \(file)") }
        }
        let days = records.map(\.day).sorted()
        return RainImportReport(file: file, count: records.count, first: days.first ?? "", last: days.last ?? "")
    }

    public func rainRecords() throws(LedgerError) -> [RainDay] {
        try read { reader in try reader.documents(.rainDay) }.map { stored throws(LedgerError) in try RainDay.decode(stored) }
            .sorted { ($0.day, $0.station) < ($1.day, $1.station) }
    }

    /// Sets the county's dry-weather rule (recorded in the history).
    public func setDryWeatherRule(_ rule: DryWeatherRule, actor: String) throws(LedgerError) {
        guard (1...DryWeatherRule.maximumDryDays).contains(rule.dryDays) else {
            throw .refused(subject: "旱天天数", reason: "应为 1–\(DryWeatherRule.maximumDryDays) 天")
        }
        guard rule.thresholdMM.isFinite, (0...50).contains(rule.thresholdMM) else { throw .refused(subject: "无雨阈值", reason: "应为 0–50 mm") }
        var settings = try monitoringSettings()
        settings.dryWeather = rule
        try change(actor: actor) { tx in try tx.save(settings, action: "set_dry_weather_rule", reason: "旱天直排判定为县级设定（无国家标准）") }
    }
}
