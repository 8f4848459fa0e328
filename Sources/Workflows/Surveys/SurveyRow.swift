import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Supervision

/// One row of a field survey sheet, read and checked: the record it describes (without
/// photos, suspect or outfall resolved yet — those need the registry) and the photo files it
/// names. Every problem of the row is collected, not just the first.
struct SurveyRow {
    var position: FeaturePosition
    var record: SurveyRecord
    /// 任务来源/疑似编号 as written.
    var suspectReference: String?
    /// (caption, file name) for each photo cell that is filled in.
    var photos: [(caption: String, fileName: String)]
    var isNotOutfall: Bool

    static let maxName = 200
    static let maxText = 2_000

    /// Reads `feature` (a row whose point the CSV/XLSX reader already parsed from 经度/纬度).
    static func read(_ feature: RawFeature) -> Result<SurveyRow, RowProblems> {
        var problems: [String] = []
        let cells = feature.properties
        func text(_ header: String, limit: Int = maxName) -> String? {
            let value = cells[header]?.displayText.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !value.isEmpty else { return nil }
            if value.count > limit {
                problems.append("“\(header)”超过 \(limit) 字 (too long)")
                return nil
            }
            return value
        }
        func required(_ header: String, limit: Int = maxName) -> String {
            guard let value = text(header, limit: limit) else {
                if !problems.contains(where: { $0.hasPrefix("“\(header)”") }) { problems.append("缺少“\(header)” (required)") }
                return ""
            }
            return value
        }
        func number(_ header: String, range: ClosedRange<Double>) -> Double? {
            guard let raw = text(header) else { return nil }
            guard let value = Double(raw), value.isFinite else {
                problems.append("“\(header)”的值“\(raw)”不是数值 (not a number)")
                return nil
            }
            guard range.contains(value) else {
                problems.append("“\(header)”的值 \(raw) 超出合理范围 \(JSONWriter.format(number: range.lowerBound))–\(JSONWriter.format(number: range.upperBound)) (out of range)")
                return nil
            }
            return value
        }

        let recordNumber = required("记录编号", limit: 50)
        if recordNumber.hasPrefix("示例") {
            problems.append("这是模板的示例行（记录编号以“示例”开头），请删除后再导入 (the template's example row)")
        }
        let name = required("排污口名称")
        let typeText = required("排污口类型")
        var outfallType = ""
        var isNotOutfall = false
        if typeText == SurveySheet.notOutfallType || typeText == "非排口" {
            isNotOutfall = true
            outfallType = OutfallLifecycle.notOutfall.rawValue
        } else if !typeText.isEmpty {
            if let type = OutfallType(parsing: typeText) {
                outfallType = type.rawValue
            } else {
                problems.append("“排污口类型”的值“\(typeText)”不是 HJ 1312-2023 的类型名称，也不是“\(SurveySheet.notOutfallType)” (unknown type)")
            }
        }
        let dateText = required("调查日期")
        var surveyedOn = ""
        if !dateText.isEmpty {
            if let day = Self.day(dateText) { surveyedOn = day } else { problems.append("“调查日期”的值“\(dateText)”不是 YYYY-MM-DD 日期 (not a date)") }
        }
        let nationalCode = text("国家编码")
        if let nationalCode, let problem = NationalCode.basicRule.problem(with: nationalCode) {
            problems.append("“国家编码”的值“\(nationalCode)”无效：\(problem)")
        }
        let dischargeWay = text("入河方式")
        if let dischargeWay, !SurveySheet.dischargeWays.contains(dischargeWay) {
            problems.append("“入河方式”的值“\(dischargeWay)”不在 \(SurveySheet.dischargeWays.joined(separator: "、")) 中")
        }
        var platform = NationalPlatform.unknown
        switch text("纳入国家平台") {
        case nil, "需进一步核实"?, "待核实"?: platform = .unknown
        case "是"?: platform = .yes
        case "否"?: platform = .no
        case let other?: problems.append("“纳入国家平台”的值“\(other)”应为 是、否 或 需进一步核实")
        }
        var discharging: Bool?
        switch text("是否排放") {
        case nil: discharging = nil
        case "是"?: discharging = true
        case "否"?: discharging = false
        case let other?: problems.append("“是否排放”的值“\(other)”应为 是 或 否")
        }
        var problemTypes: [String] = []
        if let listed = text("问题类型", limit: maxText) {
            for item in listed.split(whereSeparator: { "、;；,，".contains($0) }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                if SurveySheet.problemTypes.contains(item) { problemTypes.append(item) } else { problems.append("“问题类型”中的“\(item)”不在问题类型清单中") }
            }
        }
        let tests = QuickTests(
            cod: number("COD", range: 0...100_000), ammonia: number("氨氮", range: 0...10_000), totalPhosphorus: number("总磷", range: 0...10_000),
            totalNitrogen: number("总氮", range: 0...10_000), pH: number("pH", range: 0...14), flow: number("流量", range: 0...10_000_000),
            temperature: number("水温", range: -5...60), conductivity: number("电导率", range: 0...1_000_000))
        var photos: [(String, String)] = []
        for caption in SurveySheet.photoCaptions {
            guard let fileName = text(caption) else { continue }
            // A name, not a path: the photo folder or ZIP is searched by name alone.
            if fileName.contains("/") || fileName.contains("\\") || fileName == "." || fileName == ".." || fileName.hasPrefix(".") {
                problems.append("“\(caption)”的文件名“\(fileName)”不能含路径 (a file name, not a path)")
                continue
            }
            photos.append((caption, fileName))
        }
        guard case .point(let point) = feature.geometry, point.lon.isFinite, point.lat.isFinite else {
            return .failure(RowProblems(reasons: problems + ["坐标无效 (bad coordinates)"]))
        }
        guard problems.isEmpty else { return .failure(RowProblems(reasons: problems)) }
        let record = SurveyRecord(
            recordNumber: recordNumber, surveyedOn: surveyedOn, name: name, nationalCode: nationalCode, lon: point.lon, lat: point.lat,
            township: text("乡镇"), village: text("村"), receivingWater: text("受纳水体"), outfallType: outfallType, dischargeWay: dischargeWay,
            nationalPlatform: platform, discharging: discharging, appearance: text("感官描述", limit: maxText),
            responsibleAsWritten: text("责任主体"), problems: problemTypes, quickTests: tests, sampleSent: text("送检", limit: maxText),
            teamLeader: text("组长"), teamPhone: text("电话", limit: 50), members: text("组员"))
        guard problems.isEmpty else { return .failure(RowProblems(reasons: problems)) }
        return .success(SurveyRow(position: feature.position, record: record, suspectReference: text("任务来源/疑似编号", limit: 50), photos: photos, isNotOutfall: isNotOutfall))
    }

    /// `2024-06-25`, `2024/06/25` or `20240625` (and a spreadsheet's date with a time of 00:00) → `2024-06-25`.
    static func day(_ text: String) -> String? {
        var t = text
        if t.hasSuffix(" 00:00:00") { t.removeLast(9) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        for pattern in ["yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy/M/d", "yyyy-M-d"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: t), formatter.string(from: date) == t {
                formatter.dateFormat = "yyyy-MM-dd"
                let day = formatter.string(from: date)
                guard let year = Int(day.prefix(4)), (1990...2100).contains(year) else { return nil }
                return day
            }
        }
        return nil
    }
}

/// Why a row was refused: every reason found in it.
struct RowProblems: Error {
    var reasons: [String]
}
