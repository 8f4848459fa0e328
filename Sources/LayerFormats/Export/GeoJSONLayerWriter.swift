import Foundation
import GeoKit
import JSON

/// GeoJSON per RFC 7946: lon/lat only, outer rings counter-clockwise and holes clockwise,
/// coordinates rounded to the chosen precision (7 decimals ≈ 1 cm by default), an `id` on
/// every feature, every property (including verdict and snap), UTF-8 with Chinese unescaped.
/// Several layers go to a directory, one file each.
public struct GeoJSONLayerWriter: LayerWriter {
    public let formatName = "geojson"
    public let allowsProjectedCRS = false

    public init() {}

    public func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        try writeEach(layers, to: path, ending: "geojson") { layer, file throws(ExportError) in try write(layer, to: file, options: options) }
    }

    private func write(_ layer: LayerStream, to path: String, options: ExportOptions) throws(ExportError) {
        let sink = try OutputSink(path: path)
        var head = #"{"type":"FeatureCollection","name":"# 
        JSONWriter.writeString(layer.kind.rawValue, into: &head)
        if layer.schematic {
            head += #","description":"【示意数据 SCHEMATIC】非官方、非实测数据 (schematic sample data, not official)""#
        }
        head += ",\"features\":[\n"
        try sink.write(head)
        let decimals = options.precision
        // Each field's `"name":` written out once; a feature whose keys sit in the layer's
        // field order (nearly all) reuses them instead of escaping every key again.
        let keys: [[UInt8]] = layer.fieldNames.map { name in
            var key: [UInt8] = []
            JSONWriter.writeString(name, into: &key)
            return key + [UInt8(ascii: ":")]
        }
        let names = layer.fieldNames
        @Sendable func write(_ feature: ExportFeature, into out: inout [UInt8]) {
            out.append(text: #"{"type":"Feature","id":"#)
            out.append(text: String(feature.id))
            out.append(text: #","properties":{"#)
            for (i, member) in feature.properties.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if i < keys.count && names[i] == member.key {
                    out.append(contentsOf: keys[i])
                } else {
                    JSONWriter.writeString(member.key, into: &out)
                    out.append(UInt8(ascii: ":"))
                }
                JSONWriter.write(member.value, into: &out)
            }
            out.append(text: #"},"geometry":"#)
            GeoJSONGeometryText.write(feature.geometry, decimals: decimals, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        var written = 0
        try layer.forEachPage { page throws(ExportError) in
            let first = written == 0
            try ParallelText.write(count: page.count, { index, out in
                if index > 0 || !first { out.append(text: ",\n") }
                write(page[index], into: &out)
            }, to: sink.write)
            written += page.count
        }
        try sink.write("\n]}\n")
        try sink.close()
    }
}

/// GeoJSON geometry text with rounded coordinates and RFC 7946 ring orientation.
enum GeoJSONGeometryText {
    static func write(_ geometry: Geometry, decimals: Int, into out: inout [UInt8]) {
        func position(_ c: Coordinate) {
            out.append(UInt8(ascii: "["))
            JSONWriter.write(number: c.x, decimals: decimals, into: &out)
            out.append(UInt8(ascii: ","))
            JSONWriter.write(number: c.y, decimals: decimals, into: &out)
            out.append(UInt8(ascii: "]"))
        }
        func line(_ cs: [Coordinate]) {
            out.append(UInt8(ascii: "["))
            for (i, c) in cs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                position(c)
            }
            out.append(UInt8(ascii: "]"))
        }
        func polygon(_ p: Polygon) {
            out.append(UInt8(ascii: "["))
            for (i, ring) in p.orientedRightHand().rings.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                line(ring)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(text: #"{"type":""#)
        out.append(text: geometry.typeName)
        out.append(text: #"","coordinates":"#)
        switch geometry {
        case .point(let c): position(c)
        case .multiPoint(let cs), .lineString(let cs): line(cs)
        case .multiLineString(let lines):
            out.append(UInt8(ascii: "["))
            for (i, l) in lines.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                line(l)
            }
            out.append(UInt8(ascii: "]"))
        case .polygon(let p): polygon(p)
        case .multiPolygon(let ps):
            out.append(UInt8(ascii: "["))
            for (i, p) in ps.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                polygon(p)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }
}

func makeDirectory(_ path: String) throws(ExportError) {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw .cannotWrite(path, "无法创建目录：\(error)")
    }
}
