import Foundation
import GeoKit
import JSON

/// Tables of points (CSV, spreadsheets): finding the longitude/latitude columns by name,
/// reading coordinates written as decimals or degrees-minutes-seconds, and turning a row
/// into a feature whose other columns are its properties.
enum PointColumns {
    static let xNames = ["lon", "lng", "long", "longitude", "x", "经度", "东经", "经度(e)", "经度e", "x坐标", "easting"]
    static let yNames = ["lat", "latitude", "y", "纬度", "北纬", "纬度(n)", "纬度n", "y坐标", "northing"]
    static let idNames = ["id", "编号", "fid"]

    static func find(in names: [String], options: ReadOptions) throws(FormatError) -> (x: Int, y: Int) {
        (try column(names, explicit: options.xColumn, candidates: xNames, what: "经度/X"),
         try column(names, explicit: options.yColumn, candidates: yNames, what: "纬度/Y"))
    }

    private static func column(_ names: [String], explicit: String?, candidates: [String], what: String) throws(FormatError) -> Int {
        if let explicit {
            guard let index = names.firstIndex(where: { $0.lowercased() == explicit.lowercased() }) else {
                throw .structure("表头中没有列“\(explicit)”；表头为：\(names.joined(separator: ", ")) (column not found)")
            }
            return index
        }
        guard let index = names.firstIndex(where: { candidates.contains($0.lowercased().replacingOccurrences(of: " ", with: "")) }) else {
            throw .structure(
                "表头中找不到\(what)列（可用列名：\(candidates.joined(separator: "、"))，或用 --x-column/--y-column 指定）；表头为：\(names.joined(separator: ", ")) (no coordinate column)")
        }
        return index
    }

    /// A row as a feature: the coordinate columns make the point, an id column the id, the
    /// rest the properties.
    static func feature(position: FeaturePosition, names: [String], cells: [JSONValue], x: Int, y: Int, at point: Coordinate) -> RawFeature {
        var properties = JSONObject()
        var id: String?
        for (i, name) in names.enumerated() where i != x && i != y && !name.isEmpty {
            let value = cells[i]
            if idNames.contains(name.lowercased()), !value.displayText.isEmpty {
                id = value.displayText
            } else {
                properties[name] = value
            }
        }
        return RawFeature(position: position, id: id, geometry: .point(point), properties: properties)
    }

    /// Decimal degrees or metres ("109.2415", "2727851.2"), or degrees-minutes-seconds
    /// ("109°14'29.4\"", "109度14分29.4秒", "109 14 29.4", with an optional E/N/W/S).
    static func coordinate(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if let plain = Double(t), plain.isFinite { return plain }
        var sign = 1.0
        if let last = t.last, "EeNnWwSs东西南北".contains(last) {
            if "WwSs西南".contains(last) { sign = -1 }
            t.removeLast()
        }
        if let first = t.first, "EeNnWwSs东西南北".contains(first) {
            if "WwSs西南".contains(first) { sign = -1 }
            t.removeFirst()
        }
        let parts = t.split(whereSeparator: { "°º度'′’分\"″”秒: ".contains($0) }).map(String.init)
        guard (1...3).contains(parts.count) else { return nil }
        let numbers = parts.compactMap(Double.init)
        guard numbers.count == parts.count, numbers.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        if numbers.count > 1 && numbers[1] >= 60 { return nil }
        if numbers.count > 2 && numbers[2] >= 60 { return nil }
        let degrees = numbers[0] + (numbers.count > 1 ? numbers[1] / 60 : 0) + (numbers.count > 2 ? numbers[2] / 3600 : 0)
        return sign * degrees
    }
}
