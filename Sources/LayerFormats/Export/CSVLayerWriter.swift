import Foundation
import GeoKit
import JSON

/// CSV for Excel: UTF-8 with a byte-order mark (so Excel reads the Chinese), coordinates in
/// `lon`/`lat` columns (`x`/`y` for a projected CRS) for points and in a WKT column for lines
/// and polygons, then every property; headers in Chinese on request. Several layers go to a
/// directory, one file each.
///
/// Text cells that a spreadsheet would run as a formula (see ``SpreadsheetText``) are written
/// with a leading `'`; numbers are written as they are, and the GeoJSON, KML and GeoPackage
/// exports keep every value exact.
public struct CSVLayerWriter: LayerWriter {
    public let formatName = "csv"
    public let allowsProjectedCRS = true

    public init() {}

    public func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        try writeEach(layers, to: path, ending: "csv") { layer, file throws(ExportError) in try write(layer, to: file, options: options) }
    }

    private func write(_ layer: LayerStream, to path: String, options: ExportOptions) throws(ExportError) {
        let sink = try OutputSink(path: path)
        try sink.write([0xEF, 0xBB, 0xBF])
        let points = layer.kind.geometryFamily == .puntal
        let coordinateColumns = points ? (options.isLonLat ? ["lon", "lat"] : ["x", "y"]) : ["wkt"]
        let columns = ["id"] + coordinateColumns + layer.fieldNames
        // Property names come from imported files too: a header can carry a formula as well.
        try sink.write(
            columns.map { Self.quote(SpreadsheetText.neutralised(options.chineseHeaders ? FieldCatalog.label($0) : $0)) }.joined(separator: ",")
                + "\r\n")
        try layer.forEachPage { page throws(ExportError) in
            for f in page {
                var cells = [String(f.id)]
                if points, let c = f.geometry.point {
                    cells += [JSONWriter.format(number: c.x, decimals: options.precision), JSONWriter.format(number: c.y, decimals: options.precision)]
                } else {
                    cells.append(Self.quote(WKTText.write(f.geometry, decimals: options.precision)))
                }
                for i in layer.fieldNames.indices {
                    cells.append(Self.quote(Self.cell(layer.value(i, in: f))))
                }
                try sink.write(cells.joined(separator: ",") + "\r\n")
            }
        }
        try sink.close()
    }

    /// A property as a cell: numbers as numbers (a negative value stays a number), text
    /// neutralised against formula injection.
    static func cell(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        switch value {
        case .string(let text): return SpreadsheetText.neutralised(text)
        case .null, .bool, .number: return value.displayText
        case .array, .object: return SpreadsheetText.neutralised(value.displayText)
        }
    }

    /// Quotes a cell when it holds a comma, quote, line break or leading space.
    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix(" ") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// WKT text at a given precision.
enum WKTText {
    static func write(_ g: Geometry, decimals: Int) -> String {
        func pos(_ c: Coordinate) -> String { JSONWriter.format(number: c.x, decimals: decimals) + " " + JSONWriter.format(number: c.y, decimals: decimals) }
        func line(_ cs: [Coordinate]) -> String { "(" + cs.map(pos).joined(separator: ", ") + ")" }
        func polygon(_ p: Polygon) -> String { "(" + p.rings.map(line).joined(separator: ", ") + ")" }
        switch g {
        case .point(let c): return "POINT (\(pos(c)))"
        case .multiPoint(let cs): return "MULTIPOINT (" + cs.map { "(\(pos($0)))" }.joined(separator: ", ") + ")"
        case .lineString(let cs): return "LINESTRING " + line(cs)
        case .multiLineString(let ls): return "MULTILINESTRING (" + ls.map(line).joined(separator: ", ") + ")"
        case .polygon(let p): return "POLYGON " + polygon(p)
        case .multiPolygon(let ps): return "MULTIPOLYGON (" + ps.map(polygon).joined(separator: ", ") + ")"
        }
    }
}
