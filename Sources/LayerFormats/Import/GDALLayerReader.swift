import Foundation
import GDALKit
import GeoKit
import JSON
import ZipArchive

/// Shapefiles (plain or zipped), GeoPackages, KML/KMZ and XLSX sheets, read through GDAL's
/// drivers — the well-kept readers of these formats, rather than parsers of our own.
///
/// What GDAL leaves to us: a Shapefile without `.cpg` is read as raw bytes and decoded as
/// UTF-8 when every text is valid UTF-8, else as GBK (Chinese ArcGIS's default); a `.prj`
/// is matched to an EPSG code (CGCS2000 Gauss–Krüger zones and geographic), and one that
/// cannot be matched is reported so that the importer can ask for `--crs`; KMZ and zip
/// archives are inspected before GDAL opens them (paths leaving the archive, zip bombs).
public struct GDALLayerReader: LayerReader {
    public let formatName: String
    public let fileExtensions: [String]
    let drivers: [String]

    public static let shapefile = GDALLayerReader(formatName: "shp", fileExtensions: ["shp", "zip"], drivers: ["ESRI Shapefile"])
    public static let geoPackage = GDALLayerReader(formatName: "gpkg", fileExtensions: ["gpkg"], drivers: ["GPKG"])
    public static let kml = GDALLayerReader(formatName: "kml", fileExtensions: ["kml", "kmz"], drivers: ["LIBKML", "KML"])
    public static let xlsx = GDALLayerReader(formatName: "xlsx", fileExtensions: ["xlsx"], drivers: ["XLSX"])

    /// KML structure GDAL turns into fields, not properties of the feature.
    static let kmlStructure: Set<String> = [
        "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet",
    ]

    public func read(_ file: InputFile, options: ReadOptions) throws(FormatError) -> LayerFile {
        let settings = formatName == "xlsx" ? ["OGR_XLSX_HEADERS": "FORCE"] : [:]
        do {
            return try VectorDataset.withSettings(settings) { try readDataset(file, options: options) }
        } catch let error as FormatError {
            throw error
        } catch {
            throw .structure("\(error)")
        }
    }

    private func readDataset(_ file: InputFile, options: ReadOptions) throws(FormatError) -> LayerFile {
        let path = try openablePath(file)
        var openOptions: [String: String] = [:]
        var decodeRaw = false
        if formatName == "shp" && !hasCodePage(path) {
            openOptions["ENCODING"] = ""
            decodeRaw = true
        }
        let dataset: VectorDataset
        do {
            dataset = try VectorDataset.open(path: path, options: openOptions, allowedDrivers: drivers)
        } catch {
            throw .structure("无法读取（\(formatName)）：\(error.message) (cannot open)")
        }
        let layers = try chooseLayers(dataset.layers, options: options)
        // Counted before any feature is converted: a million-row sheet is refused, not read.
        let total = layers.reduce(0) { $0 + max(0, $1.featureCount) }
        if total > options.maximumFeatures { throw .tooManyFeatures(total, limit: options.maximumFeatures) }
        var features: [RawFeature] = []
        var problems: [RawFeatureProblem] = []
        var rawTexts: [(feature: Int, key: String, bytes: [UInt8])] = []
        let geos = GEOSContext()
        var number = 0
        var declared: CRS?
        var unidentified: String?
        for layer in layers {
            let crs = layer.crs
            if let code = crs.epsg { declared = declared ?? .epsg(code) } else if let wkt = crs.wkt { unidentified = unidentified ?? wkt }
            let fields = try decodeFieldNames(layer.fields, raw: decodeRaw, forced: options.encoding)
            let pointColumns: (x: Int, y: Int)? = formatName == "xlsx" ? try PointColumns.find(in: fields.map(\.name), options: options) : nil
            layer.forEachFeature { view in
                number += 1
                let position = FeaturePosition.feature(number)
                var names: [String] = []
                var cells: [JSONValue] = []
                var pending: [(key: String, bytes: [UInt8])] = []
                for (i, field) in fields.enumerated() {
                    let name = Self.canonicalName(field.name, format: formatName)
                    names.append(name)
                    if decodeRaw && field.kind == .string, let raw = view.rawText(i) {
                        pending.append((name, raw))
                        cells.append(.null)
                        continue
                    }
                    switch view.value(i, kind: field.kind) {
                    case .null: cells.append(.null)
                    case .integer(let n): cells.append(.number(Double(n)))
                    case .real(let d): cells.append(.number(d))
                    case .string(let s): cells.append(.string(s))
                    }
                }
                if let pointColumns {
                    let x = cells[pointColumns.x].displayText
                    let y = cells[pointColumns.y].displayText
                    guard let lon = PointColumns.coordinate(x), let lat = PointColumns.coordinate(y) else {
                        problems.append(RawFeatureProblem(position: .line(number + 1), reason: "坐标“\(x)”, “\(y)”不是数值或度分秒 (coordinates are not numbers)"))
                        return
                    }
                    features.append(PointColumns.feature(
                        position: .line(number + 1), names: names, cells: cells, x: pointColumns.x, y: pointColumns.y, at: Coordinate(x: lon, y: lat)))
                    return
                }
                guard let wkb = view.wkb else {
                    problems.append(RawFeatureProblem(position: position, reason: "缺少几何 (no geometry)"))
                    return
                }
                let geometry: Geometry
                do {
                    geometry = try geos.geometry(wkb: wkb).value()
                } catch {
                    problems.append(RawFeatureProblem(position: position, reason: "几何无法读取：\(error) (unreadable geometry)"))
                    return
                }
                var properties = JSONObject()
                for (name, value) in zip(names, cells) {
                    if formatName == "kml" && (Self.kmlStructure.contains(name) || (name == "description" && Self.isOurBalloon(value))) { continue }
                    if formatName == "kml" && value.isNull { continue }
                    properties[name] = value
                }
                if formatName == "kml", properties["name"] == nil, let kmlName = properties.removeValue(forKey: "Name") {
                    properties["name"] = kmlName
                }
                let id: String? = formatName == "kml" ? nil : String(view.fid)
                for item in pending { rawTexts.append((features.count, item.key, item.bytes)) }
                features.append(RawFeature(position: position, id: id, geometry: geometry, properties: properties))
            }
        }
        let encoding = try decode(rawTexts, into: &features, forced: options.encoding)
        return LayerFile(
            format: formatName, features: features, problems: problems, declaredCRS: declared,
            unidentifiedCRS: declared == nil ? unidentified : nil, encoding: decodeRaw ? encoding : "UTF-8")
    }

    /// GDAL opens zip archives through /vsizip/, once we have checked them.
    private func openablePath(_ file: InputFile) throws(FormatError) -> String {
        let lower = file.path.lowercased()
        if formatName == "xlsx" || ["xlsx", "ods"].contains((lower as NSString).pathExtension) {
            try SpreadsheetArchive.check(file.bytes)
            return file.path
        }
        guard lower.hasSuffix(".zip") || lower.hasSuffix(".kmz") else { return file.path }
        let directory: ZipDirectory
        do { directory = try ZipDirectory(file.bytes) } catch { throw .structure("\(error)") }
        // The directory's sizes are the archive's claim: what GDAL will read is inflated here
        // first, counting bytes, so an understated entry cannot slip past the limits.
        var total: UInt64 = 0
        for entry in directory.entries where !entry.name.hasSuffix("/") {
            do {
                total += try directory.measuredSize(of: entry, in: file.bytes, limit: ZipDirectory.maximumSize - min(total, ZipDirectory.maximumSize))
            } catch {
                throw .structure("\(error)")
            }
        }
        if lower.hasSuffix(".kmz") {
            // The document is the first .kml in the archive. Opened inside the zip, GDAL keeps
            // its ExtendedData; its KMZ reader (LIBKML, GDAL 3.6) drops every field whose
            // Schema is declared in the root document, as most KMZs (Google Earth's, GDAL's
            // own) declare it. Our own KMZs carry the schema in each layer and read either way.
            guard let document = directory.entries.first(where: { $0.name.lowercased().hasSuffix(".kml") }) else {
                throw .structure("KMZ 中没有 .kml 文档 (no KML document in the KMZ)")
            }
            return "/vsizip/" + file.path + "/" + document.name
        }
        let shapefiles = directory.entries.map(\.name).filter { $0.lowercased().hasSuffix(".shp") }
        guard shapefiles.count == 1, let shp = shapefiles.first else {
            throw .structure(shapefiles.isEmpty
                ? "压缩包中没有 .shp 文件 (no shapefile in the zip)"
                : "压缩包中有多个 Shapefile（\(shapefiles.joined(separator: "、"))），请解压后分别导入 (several shapefiles)")
        }
        return "/vsizip/" + file.path + "/" + shp
    }

    private func hasCodePage(_ shpPath: String) -> Bool {
        let base = (shpPath as NSString).deletingPathExtension
        if shpPath.hasPrefix("/vsizip/") {
            // Inside a zip: ask GDAL's virtual file system through a second open later; here,
            // a .cpg written next to the .shp is found by name in the archive listing.
            let archive = String(shpPath.dropFirst("/vsizip/".count))
            guard let end = archive.range(of: ".zip/", options: [.caseInsensitive]) else { return false }
            let zipPath = String(archive[..<end.lowerBound]) + ".zip"
            guard let data = FileManager.default.contents(atPath: zipPath), let directory = try? ZipDirectory([UInt8](data)) else { return false }
            let wanted = (String(archive[end.upperBound...]) as NSString).deletingPathExtension.lowercased() + ".cpg"
            return directory.entries.contains { $0.name.lowercased() == wanted }
        }
        return ["cpg", "CPG"].contains { FileManager.default.fileExists(atPath: base + "." + $0) }
    }

    private func chooseLayers(_ layers: [VectorLayer], options: ReadOptions) throws(FormatError) -> [VectorLayer] {
        if formatName == "kml" { return layers }
        if let wanted = options.layerName {
            guard let layer = layers.first(where: { $0.name == wanted }) else {
                throw .structure("文件中没有图层“\(wanted)”；有：\(layers.map(\.name).joined(separator: "、"))")
            }
            return [layer]
        }
        // Tables without geometry beside map layers (QGIS's `layer_styles` in our own
        // GeoPackages) are not candidates; a spreadsheet, all of whose sheets lack geometry, is.
        let layers = layers.contains(where: \.hasGeometry) ? layers.filter(\.hasGeometry) : layers
        guard layers.count == 1 else {
            if layers.isEmpty { throw .structure("文件中没有图层 (no layers)") }
            throw .structure("文件中有多个图层（\(layers.map(\.name).joined(separator: "、"))），请用 --layer-name 指定 (several layers)")
        }
        return layers
    }

    /// Field names as the registry knows them: a Shapefile's dBase names map back to the
    /// long names our exports cut them from.
    static func canonicalName(_ name: String, format: String) -> String {
        guard format == "shp" else { return name }
        return reverseDbaseNames[name] ?? name
    }

    static let reverseDbaseNames: [String: String] = Dictionary(uniqueKeysWithValues: FieldCatalog.dbaseNames.map { ($1, $0) })

    static func isOurBalloon(_ value: JSONValue) -> Bool {
        value.stringValue?.hasPrefix("<table>") == true
    }

    /// Field names of a code-page-less Shapefile, decoded like its texts.
    private func decodeFieldNames(_ fields: [FieldDefinition], raw: Bool, forced: TextEncoding?) throws(FormatError) -> [FieldDefinition] {
        guard raw else { return fields }
        let allUTF8 = fields.allSatisfy { String(validating: $0.rawName, as: UTF8.self) != nil }
        let encoding = forced ?? (allUTF8 ? .utf8 : .gbk)
        return try fields.map { (field) throws(FormatError) -> FieldDefinition in
            var decoded = field
            decoded.name = try TextEncoding.decode(field.rawName, forced: encoding).text
            return decoded
        }
    }

    /// Decodes the raw texts of a code-page-less Shapefile: all UTF-8 if every one is valid
    /// UTF-8, else all GBK.
    private func decode(_ raw: [(feature: Int, key: String, bytes: [UInt8])], into features: inout [RawFeature], forced: TextEncoding?) throws(FormatError) -> String {
        guard !raw.isEmpty else { return "UTF-8" }
        let allUTF8 = raw.allSatisfy { String(validating: $0.bytes, as: UTF8.self) != nil }
        let encoding = forced ?? (allUTF8 ? .utf8 : .gbk)
        for item in raw where item.feature < features.count {
            let text = try TextEncoding.decode(item.bytes, forced: encoding).text
            features[item.feature].properties[item.key] = .string(text)
        }
        return encoding.rawValue
    }
}
