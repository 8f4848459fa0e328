import Foundation
import GDALKit
import ZipArchive
import GeoKit
import JSON
import OutfallModel

/// Zipped Shapefiles, written through GDAL's driver (so the files are what GDAL, QGIS and
/// ArcGIS expect): one Shapefile per layer with a `.prj`, a `.cpg` saying UTF-8 and field
/// names cut to dBase's 10 bytes (listed in `fieldnames.txt` in the zip), and the QGIS style
/// as `<layer>.qml` beside it, which QGIS loads as the default style.
public struct GDALLayerWriter: LayerWriter {
    public let formatName: String
    public let allowsProjectedCRS = true

    public static let shapefile = GDALLayerWriter(formatName: "shp")

    public func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        do {
            try writeShapefiles(layers, to: path, options: options, styles: styles)
        } catch let error as ExportError {
            throw error
        } catch {
            throw .cannotWrite(path, "\(error)")
        }
    }

    private func geometryKind(_ layer: LayerKind) -> GeometryKind {
        switch layer.geometryFamily {
        case .puntal: .point
        case .lineal: .multiLineString
        case .polygonal: .multiPolygon
        }
    }

    /// Field types from the values: integers, reals, else text (at most 254 bytes in dBase).
    private func fields(_ layer: LayerStream, names: [String: String]) -> [FieldDefinition] {
        zip(layer.fieldNames, layer.fieldKinds).map { name, kind in
            let type: FieldDefinition.Kind = kind.isInteger ? .integer : kind.isNumeric ? .real : .string
            return FieldDefinition(name: names[name] ?? name, kind: type, width: type == .string ? 254 : nil)
        }
    }

    private func values(_ f: ExportFeature, _ layer: LayerStream, _ definitions: [FieldDefinition]) -> [FieldValue] {
        definitions.indices.map { i in
            guard let value = layer.value(i, in: f), !value.isNull else { return .null }
            switch (definitions[i].kind, value) {
            case (.integer, .number(let d)): return .integer(Int64(d))
            case (.real, .number(let d)): return .real(d)
            default: return .string(value.displayText)
            }
        }
    }

    private func writeShapefiles(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws {
        let scratch = NSTemporaryDirectory() + "outfalls-shp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let geos = GEOSContext()
        var nameNotes = ["字段名对照 field names (Shapefile/dBase 字段名最多 10 字节)"]
        for layer in layers {
            let names = Self.dbaseNames(layer.fieldNames)
            for name in layer.fieldNames where names[name] != name { nameNotes.append("\(layer.kind.rawValue).\(names[name] ?? name)\t= \(name)") }
            let definitions = fields(layer, names: names)
            let dataset = try VectorDataset.create(driver: "ESRI Shapefile", path: (scratch as NSString).appendingPathComponent(layer.kind.rawValue + ".shp"))
            let target = try dataset.createLayer(
                name: layer.kind.rawValue, geometry: geometryKind(layer.kind), epsg: options.epsg, fields: definitions,
                options: ["ENCODING": "UTF-8"])
            var failure: (any Error)?
            try layer.forEachPage { page throws(ExportError) in
                do {
                    for f in page { try target.add(values: values(f, layer, definitions), wkb: try geos.geometry(f.geometry).wkb) }
                } catch {
                    failure = error
                    throw ExportError.cannotWrite(layer.kind.rawValue, "\(error)")
                }
            }
            if let failure { throw failure }
            try StyleDocuments.qml(layer.kind, styles: styles, fields: layer.fieldNames.map { ($0, names[$0] ?? $0) })
                .write(toFile: (scratch as NSString).appendingPathComponent(layer.kind.rawValue + ".qml"), atomically: false, encoding: .utf8)
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        let zip = try ZipWriter(path: path)
        for file in try FileManager.default.contentsOfDirectory(atPath: scratch).sorted() {
            guard let data = FileManager.default.contents(atPath: (scratch as NSString).appendingPathComponent(file)) else { continue }
            try zip.begin(entry: file)
            try zip.write([UInt8](data))
        }
        try zip.begin(entry: "fieldnames.txt")
        try zip.write(Array((nameNotes.joined(separator: "\n") + "\n").utf8))
        try zip.close()
    }

    /// Names of at most 10 bytes: the catalogue's for known properties, else the name cut at a
    /// character boundary, made unique with a number.
    static func dbaseNames(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        var used = Set<String>()
        for name in names {
            var candidate = FieldCatalog.dbaseNames[name] ?? name
            while candidate.utf8.count > 10 { candidate.removeLast() }
            var unique = candidate
            var n = 1
            while used.contains(unique.lowercased()) {
                let suffix = String(n)
                unique = candidate
                while unique.utf8.count + suffix.utf8.count > 10 { unique.removeLast() }
                unique += suffix
                n += 1
            }
            used.insert(unique.lowercased())
            result[name] = unique
        }
        return result
    }
}
