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

    public init() {}

    public func read(_ file: InputFile, options: ReadOptions) throws(FormatError) -> LayerFile {
        let bytes = file.bytes
        let (text, encoding) = try TextEncoding.decode(bytes, forced: options.encoding)
        let records = try CSVParser.parse(text)
        guard let header = records.first else { throw .structure("CSV 文件为空 (empty CSV file)") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let (xIndex, yIndex) = try PointColumns.find(in: names, options: options)
        if records.count - 1 > options.maximumFeatures { throw .tooManyFeatures(records.count - 1, limit: options.maximumFeatures) }

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
            guard let x = PointColumns.coordinate(record.fields[xIndex]), let y = PointColumns.coordinate(record.fields[yIndex]) else {
                problems.append(RawFeatureProblem(
                    position: position,
                    reason: "坐标“\(record.fields[xIndex])”, “\(record.fields[yIndex])”不是数值或度分秒 (coordinates are not numbers)"))
                continue
            }
            let cells = names.indices.map { JSONValue.string(record.fields[$0].trimmingCharacters(in: .whitespaces)) }
            features.append(PointColumns.feature(position: position, names: names, cells: cells, x: xIndex, y: yIndex, at: Coordinate(x: x, y: y)))
        }
        return LayerFile(format: formatName, features: features, problems: problems, encoding: encoding.rawValue)
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
