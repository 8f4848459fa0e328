import Foundation
import GDALKit
import ZipArchive
import GeoKit
import JSON
import OutfallModel

/// GeoPackage and zipped Shapefile, written through GDAL's drivers (so the files are what
/// GDAL and QGIS expect): one table or Shapefile per layer, real `gpkg_*` tables with both
/// CGCS2000 CRSs registered, a spatial index, and for Shapefiles a `.prj`, a `.cpg` saying
/// UTF-8 and field names cut to dBase's 10 bytes (listed in `fieldnames.txt` in the zip).
/// Both carry the QGIS styles (`Styles/qgis`): a GeoPackage in its `layer_styles` table, a
/// Shapefile as `<layer>.qml` beside it, which QGIS loads as the default style.
public struct GDALLayerWriter: LayerWriter {
    public let formatName: String
    public let allowsProjectedCRS = true

    public static let geoPackage = GDALLayerWriter(formatName: "gpkg")
    public static let shapefile = GDALLayerWriter(formatName: "shp")

    public func write(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        do {
            if formatName == "gpkg" {
                try writeGeoPackage(layers, to: path, options: options, styles: styles)
            } else {
                try writeShapefiles(layers, to: path, options: options, styles: styles)
            }
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

    /// Field types from the values: integers, reals, else text.
    /// dBase needs a string width (at most 254); a GeoPackage's TEXT has none, so none is set.
    private func fields(_ layer: ExportLayer, names: [String: String]) -> [FieldDefinition] {
        layer.fieldNames.map { name in
            var kind: FieldDefinition.Kind?
            for f in layer.features {
                switch f.properties[name] {
                case .number(let d)?:
                    if kind == nil || kind == .integer { kind = (d == d.rounded() && abs(d) < 9e15) ? .integer : .real }
                case .string?, .array?, .object?, .bool?: kind = .string
                default: continue
                }
                if kind == .string { break }
            }
            let isText = kind == .string || kind == nil
            return FieldDefinition(name: names[name] ?? name, kind: kind ?? .string, width: isText && formatName == "shp" ? 254 : nil)
        }
    }

    private func values(_ f: ExportFeature, _ layer: ExportLayer, _ definitions: [FieldDefinition]) -> [FieldValue] {
        zip(layer.fieldNames, definitions).map { name, definition in
            guard let value = f.properties[name], !value.isNull else { return .null }
            switch (definition.kind, value) {
            case (.integer, .number(let d)): return .integer(Int64(d))
            case (.real, .number(let d)): return .real(d)
            case (_, .bool(let b)): return .string(b ? "true" : "false")
            default: return .string(value.displayText)
            }
        }
    }

    private func multi(_ g: Geometry) -> Geometry {
        switch g {
        case .lineString(let cs): .multiLineString([cs])
        case .polygon(let p): .multiPolygon([p])
        default: g
        }
    }

    private func writeGeoPackage(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws {
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        let dataset = try VectorDataset.create(driver: "GPKG", path: path)
        let geos = GEOSContext()
        for layer in layers {
            let definitions = fields(layer, names: [:])
            let target = try dataset.createLayer(
                name: layer.kind.rawValue, geometry: geometryKind(layer.kind), epsg: options.epsg, fields: definitions,
                options: ["FID": "fid", "IDENTIFIER": layer.kind.chineseName, "DESCRIPTION": layer.schematic ? "示意数据 schematic" : ""])
            try dataset.transaction {
                for f in layer.features {
                    try target.add(values: values(f, layer, definitions), wkb: try geos.geometry(multi(f.geometry)).wkb)
                }
            }
        }
        // Both CGCS2000 CRSs the registry works in are registered, whichever the layers use.
        try dataset.registerCRS(epsg: [4490, 4545])
        try writeLayerStyles(layers, into: dataset, styles: styles)
    }

    /// QGIS's own `layer_styles` table (its column names), one default style per layer.
    private func writeLayerStyles(_ layers: [ExportLayer], into dataset: VectorDataset, styles: StyleSheet) throws {
        let columns: [(String, FieldDefinition.Kind)] = [
            ("f_table_catalog", .string), ("f_table_schema", .string), ("f_table_name", .string), ("f_geometry_column", .string),
            ("styleName", .string), ("styleQML", .string), ("styleSLD", .string), ("useAsDefault", .integer),
            ("description", .string), ("owner", .string), ("ui", .string), ("update_time", .string),
        ]
        let table = try dataset.createLayer(
            name: "layer_styles", geometry: .none, epsg: nil, fields: columns.map { FieldDefinition(name: $0.0, kind: $0.1) })
        try dataset.transaction {
            for layer in layers {
                let values: [FieldValue] = [
                    .string(""), .string(""), .string(layer.kind.rawValue), .string("geom"),
                    .string(layer.kind.chineseName), .string(StyleDocuments.qml(layer.kind, styles: styles)), .string(""), .integer(1),
                    .string("Outfall Registry 样式 (Styles/styles.json)"), .string(""), .null, .null,
                ]
                try table.add(values: values, wkb: nil)
            }
        }
    }

    private func writeShapefiles(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws {
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
            for f in layer.features {
                try target.add(values: values(f, layer, definitions), wkb: try geos.geometry(f.geometry).wkb)
            }
            try StyleDocuments.qml(layer.kind, styles: styles)
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
