import Foundation
import GeoKit
import JSON

/// Reads points from CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside
/// quotes), UTF-8 or GBK. Longitude/latitude columns are found by name (lon, lng,
/// longitude, x, 经度 …; lat, latitude, y, 纬度 …) or given explicitly; values may be
/// decimal degrees or degrees-minutes-seconds (109°14′29.4″). Every other column becomes a
/// property, and an `id`/`编号` column the feature id.
public struct CSVPointReader: LayerReader {
    public let formatName = "csv"
    public let fileExtensions = ["csv", "txt"]

    static let xNames = ["lon", "lng", "long", "longitude", "x", "经度", "东经", "经度(e)", "经度e", "x坐标", "easting"]
    static let yNames = ["lat", "latitude", "y", "纬度", "北纬", "纬度(n)", "纬度n", "y坐标", "northing"]

    public init() {}

    public func read(_ bytes: [UInt8], options: ReadOptions) throws(FormatError) -> LayerFile {
        let (text, encoding) = try TextEncoding.decode(bytes, forced: options.encoding)
        let records = try CSVParser.parse(text)
        guard let header = records.first else { throw .structure("CSV 文件为空 (empty CSV file)") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let xIndex = try column(names, explicit: options.xColumn, candidates: Self.xNames, what: "经度/X")
        let yIndex = try column(names, explicit: options.yColumn, candidates: Self.yNames, what: "纬度/Y")

        var features: [RawFeature] = []
        var problems: [RawFeatureProblem] = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let position = FeaturePosition.line(record.line)
            guard record.fields.count == names.count else {
                problems.append(RawFeatureProblem(
                    position: position, reason: "有 \(record.fields.count) 列，表头有 \(names.count) 列 (column count differs from header)"))
                continue
            }
            guard let x = Self.coordinate(record.fields[xIndex]), let y = Self.coordinate(record.fields[yIndex]) else {
                problems.append(RawFeatureProblem(
                    position: position,
                    reason: "坐标“\(record.fields[xIndex])”, “\(record.fields[yIndex])”不是数值或度分秒 (coordinates are not numbers)"))
                continue
            }
            var properties = JSONObject()
            var id: String?
            for (i, name) in names.enumerated() where i != xIndex && i != yIndex && !name.isEmpty {
                let value = record.fields[i].trimmingCharacters(in: .whitespaces)
                if ["id", "编号", "fid"].contains(name.lowercased()), !value.isEmpty {
                    id = value
                } else {
                    properties[name] = .string(value)
                }
            }
            features.append(RawFeature(position: position, id: id, geometry: .point(Coordinate(x: x, y: y)), properties: properties))
        }
        return LayerFile(format: formatName, features: features, problems: problems, encoding: encoding.rawValue)
    }

    private func column(_ names: [String], explicit: String?, candidates: [String], what: String) throws(FormatError) -> Int {
        if let explicit {
            guard let index = names.firstIndex(where: { $0.lowercased() == explicit.lowercased() }) else {
                throw .structure("CSV 表头中没有列“\(explicit)”；表头为：\(names.joined(separator: ", ")) (column not found)")
            }
            return index
        }
        guard let index = names.firstIndex(where: { candidates.contains($0.lowercased().replacingOccurrences(of: " ", with: "")) }) else {
            throw .structure(
                "CSV 表头中找不到\(what)列（可用列名：\(candidates.joined(separator: "、"))，或用 --x-column/--y-column 指定）；表头为：\(names.joined(separator: ", ")) (no coordinate column)")
        }
        return index
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

/// RFC 4180 CSV records with the line each starts on.
enum CSVParser {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) throws(FormatError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
            fields = []
            field = ""
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = after }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                if let after = next(), after != "\n" { pending = after }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .syntax(line: quoteLine, column: nil, reason: "引号未闭合 (unterminated quoted field)") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
