import Foundation
import GDALKit
import ZipArchive
import GeoKit
import JSON
import OutfallModel

/// KML 2.2 (and KMZ, its zipped form with the icons inside) as Google Earth, 奥维 and GDAL's
/// LIBKML driver (what QGIS uses) read it: a `Document` per layer holding its own `Schema`
/// and its placemarks, shared `Style`s (by class) referenced by `styleUrl`, `ExtendedData`
/// against that schema, a Chinese balloon per placemark, and every text escaped — names with
/// `<`, `&`, quotes or `]]>` included, characters XML cannot hold replaced.
///
/// Shaped for LIBKML (GDAL 3.6), which makes a layer of every container:
/// - the schema sits in the layer's own `Document`: LIBKML resolves `schemaUrl="#id"` only
///   against the root document of a plain `.kml`, not in a KMZ whose document holds the
///   placemarks itself (there every field but LIBKML's 11 standard ones was lost);
/// - no folders per class inside a layer: the parent would be an empty layer and each class a
///   layer of its own. Classes stay visible through the styles (colour by verdict, kind…);
/// - layer names are the layer's Chinese name, without counts, so a saved QGIS project
///   still finds its layers after the data changes;
/// - booleans are written `1`/`0` (both xsd:boolean, as KML's `bool` is): LIBKML reads
///   `type="bool"` as an integer, and `true` as 0.
public struct KMLLayerWriter: LayerWriter {
    public let formatName: String
    public let allowsProjectedCRS = false
    /// Where the icon PNGs are (Styles/icons/png), for KMZ.
    let iconDirectory: String?
    var zipped: Bool { formatName == "kmz" }

    public static func kml() -> KMLLayerWriter { KMLLayerWriter(formatName: "kml", iconDirectory: nil) }
    public static func kmz(iconDirectory: String?) -> KMLLayerWriter { KMLLayerWriter(formatName: "kmz", iconDirectory: iconDirectory) }

    /// Icons for plain KML, which cannot carry its own: Google Earth's standard shapes,
    /// tinted by the style's colour.
    static let standardIcons: [String: String] = [
        "industrial": "square", "wwtp": "donut", "agricultural": "triangle", "other": "open-diamond",
        "undetermined": "placemark_circle", "intake": "water", "section": "flag",
    ]

    public func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        guard options.isLonLat else { throw .unsupported("KML 坐标只能是经纬度（WGS84/CGCS2000），不能用 --crs 指定投影坐标系 (KML is always lon/lat)") }
        if zipped {
            try writeKMZ(layers, to: path, options: options, styles: styles)
        } else {
            let sink = try OutputSink(path: path)
            try document(layers, options: options, styles: styles, iconPath: { "http://maps.google.com/mapfiles/kml/shapes/\(Self.standardIcons[$0] ?? "placemark_circle").png" }, output: sink.write)
            try sink.close()
        }
    }

    private func writeKMZ(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        // Built beside the target and renamed over it when complete, as the other formats are.
        let partial = path + ".partial"
        defer { unlink(partial) }
        do {
            let zip = try ZipWriter(path: partial)
            // The KMZ's document, first in the archive and named doc.kml as Google Earth's own
            // KMZs are (the title is the document's <name>).
            try zip.begin(entry: "doc.kml")
            var buffer: [UInt8] = []
            func emit(_ text: [UInt8]) throws(ExportError) {
                buffer.append(contentsOf: text)
                if buffer.count > 1 << 20 {
                    do { try zip.write(buffer) } catch { throw .cannotWrite(path, "\(error)") }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try document(layers, options: options, styles: styles, iconPath: { "files/\($0).png" }, output: emit)
            try zip.write(buffer)
            let used = Set(layers.flatMap { $0.styleKeys.compactMap(\.icon) })
            for icon in used.sorted() {
                guard let directory = iconDirectory,
                    let png = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("\(icon).png"))
                else { continue }
                try zip.begin(entry: "files/\(icon).png")
                try zip.write([UInt8](png))
            }
            try zip.close()
            guard rename(partial, path) == 0 else { throw ExportError.cannotWrite(path, String(cString: strerror(errno))) }
        } catch let error as ExportError {
            throw error
        } catch {
            throw .cannotWrite(path, "\(error)")
        }
    }

    private func document(
        _ layers: [LayerStream], options: ExportOptions, styles: StyleSheet, iconPath: (String) -> String,
        output: ([UInt8]) throws(ExportError) -> Void
    ) throws(ExportError) {
        var head = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        head += #"<kml xmlns="http://www.opengis.net/kml/2.2"><Document>"# + "\n"
        head += "<name>\(XML.escape(options.title))</name>\n"
        if layers.contains(where: \.schematic) {
            head += "<description>\(XML.escape("【示意数据 SCHEMATIC】本文件含示意数据，非官方、非实测边界，不能作为审批依据。"))</description>\n"
        }
        try output(Array(head.utf8))
        // Shared styles: one per layer class (and per icon for points).
        for layer in layers {
            let style = styles.style(layer.kind)
            var text = ""
            for key in layer.styleKeys {
                let (cls, icon) = (key.styleClass, key.icon)
                let s = style.style(for: cls) ?? StyleSheet.StyleClass(value: cls, label: cls, color: "#808080", fillOpacity: 0.3, line: "#808080", width: 1, icon: nil)
                text += "<Style id=\"\(styleID(layer.kind, cls, icon))\">"
                if layer.kind.geometryFamily == .puntal {
                    let iconName = icon ?? s.icon ?? "other"
                    text += "<IconStyle><color>\(s.color.kmlColour())</color><scale>\(style.size)</scale><Icon><href>\(XML.escape(iconPath(iconName)))</href></Icon></IconStyle>"
                    text += "<LabelStyle><scale>0.8</scale></LabelStyle>"
                } else {
                    text += "<LineStyle><color>\(s.line.kmlColour())</color><width>\(s.width)</width></LineStyle>"
                    if layer.kind.geometryFamily == .polygonal {
                        text += "<PolyStyle><color>\(s.color.kmlColour(opacity: s.fillOpacity))</color></PolyStyle>"
                    }
                }
                text += "</Style>\n"
            }
            try output(Array(text.utf8))
        }
        for layer in layers { try layerDocument(layer, options: options, output: output) }
        try output(Array("</Document></kml>\n".utf8))
    }

    private func styleID(_ layer: LayerKind, _ cls: String, _ icon: String?) -> String {
        let safe = { (s: String) in String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }) }
        return "\(layer.rawValue)-\(safe(cls))" + (icon.map { "-\(safe($0))" } ?? "")
    }

    private func schema(_ layer: LayerStream, kinds: [FieldKind]) -> String {
        var text = "<Schema name=\"\(layer.kind.rawValue)\" id=\"\(layer.kind.rawValue)_schema\">"
        for (name, kind) in zip(layer.fieldNames, kinds) {
            let type = kind.isNumeric ? "double" : kind.isBool ? "bool" : "string"
            text += "<SimpleField type=\"\(type)\" name=\"\(XML.escape(name))\"><displayName>\(XML.escape(FieldCatalog.label(name)))</displayName></SimpleField>"
        }
        return text + "</Schema>\n"
    }

    /// A layer: its `Document` (named without counts), its schema, its placemarks.
    private func layerDocument(_ layer: LayerStream, options: ExportOptions, output: ([UInt8]) throws(ExportError) -> Void) throws(ExportError) {
        let kinds = layer.fieldKinds
        var head = "<Document id=\"\(layer.kind.rawValue)\"><name>\(XML.escape(layer.kind.chineseName))</name>\n"
        head += schema(layer, kinds: kinds)
        try output(Array(head.utf8))
        let parts = PlacemarkParts(layer: layer, kinds: kinds, styleID: styleID)
        let decimals = options.precision
        try layer.forEachPage { page throws(ExportError) in
            try ParallelText.write(count: page.count, { parts.placemark(page[$0], decimals: decimals, into: &$1) }, to: output)
        }
        try output(Array("</Document>\n".utf8))
    }
}

/// What every placemark of a layer shares, worked out once: the balloon's rows, the
/// `SimpleData` openings, the style ids, the schema reference.
private struct PlacemarkParts: Sendable {
    let layer: LayerStream
    let nameField: Int?
    let balloonRows: [(field: Int, head: [UInt8])]
    let simpleData: [[UInt8]]
    /// Fields declared `bool` in the schema, whose values are written 1/0.
    let boolFields: [Bool]
    let styleURLs: [String: [UInt8]]
    let schemaOpen: [UInt8]

    init(layer: LayerStream, kinds: [FieldKind], styleID: (LayerKind, String, String?) -> String) {
        self.layer = layer
        nameField = layer.fieldNames.firstIndex(of: "name")
        balloonRows = FieldCatalog.balloonFields(layer.kind).compactMap { key in
            layer.fieldNames.firstIndex(of: key).map { ($0, Array("<tr><th align=\"left\">\(XML.escape(FieldCatalog.label(key)))</th><td>".utf8)) }
        }
        simpleData = layer.fieldNames.map { Array("<SimpleData name=\"\(XML.escape($0))\">".utf8) }
        boolFields = kinds.map(\.isBool)
        var urls: [String: [UInt8]] = [:]
        for style in layer.styleKeys {
            let key = Self.styleKey(style.styleClass, style.icon)
            if urls[key] == nil { urls[key] = Array("<styleUrl>#\(styleID(layer.kind, style.styleClass, style.icon))</styleUrl>".utf8) }
        }
        styleURLs = urls
        schemaOpen = Array("<ExtendedData><SchemaData schemaUrl=\"#\(layer.kind.rawValue)_schema\">".utf8)
    }

    static func styleKey(_ cls: String, _ icon: String?) -> String { icon.map { cls + "\u{0}" + $0 } ?? cls }

    func placemark(_ f: ExportFeature, decimals: Int, into out: inout [UInt8]) {
        out.append(text: "<Placemark id=\"")
        out.append(text: layer.kind.rawValue)
        out.append(UInt8(ascii: "-"))
        out.append(text: String(f.id))
        out.append(text: "\"><name>")
        XML.escape(nameField.flatMap { layer.value($0, in: f) }?.displayText ?? String(f.id), into: &out)
        out.append(text: "</name><description>")
        balloon(f, into: &out)
        out.append(text: "</description>")
        out.append(contentsOf: styleURLs[Self.styleKey(f.styleClass, f.icon)] ?? [])
        out.append(contentsOf: schemaOpen)
        let members = f.properties.members
        for position in members.indices where !members[position].value.isNull {
            let (key, value) = (members[position].key, members[position].value)
            let field = position < simpleData.count && layer.fieldNames[position] == key ? position : layer.fieldNames.firstIndex(of: key)
            if let field {
                out.append(contentsOf: simpleData[field])
            } else {
                out.append(text: "<SimpleData name=\"")
                XML.escape(key, into: &out)
                out.append(text: "\">")
            }
            if let field, boolFields[field], let flag = value.boolValue {
                out.append(flag ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            } else {
                XML.escape(value.displayText, into: &out)
            }
            out.append(text: "</SimpleData>")
        }
        out.append(text: "</SchemaData></ExtendedData>")
        KMLGeometry.write(f.geometry, decimals: decimals, into: &out)
        out.append(text: "</Placemark>\n")
    }

    /// The balloon: an HTML table in a CDATA section. The values are HTML-escaped, which
    /// also turns any `]]>` in them into `]]&gt;`, so nothing can end the section early.
    private func balloon(_ f: ExportFeature, into out: inout [UInt8]) {
        out.append(text: "<![CDATA[<table>")
        for row in balloonRows {
            guard let value = layer.value(row.field, in: f), !value.isNull else { continue }
            // For people: 是/否, not true/false (the ExtendedData keeps the value).
            let text = value.boolValue.map { $0 ? "是" : "否" } ?? value.displayText
            if text.isEmpty { continue }
            out.append(contentsOf: row.head)
            XML.escape(text, into: &out)
            out.append(text: "</td></tr>")
        }
        if f.properties["schematic"]?.boolValue == true {
            out.append(text: "<tr><td colspan=\"2\"><i>示意数据，非真实</i></td></tr>")
        }
        out.append(text: "</table>]]>")
    }
}

/// KML geometry elements with rounded lon/lat coordinates.
private enum KMLGeometry {
    static func write(_ g: Geometry, decimals: Int, into out: inout [UInt8]) {
        func coordinates(_ cs: [Coordinate]) {
            out.append(text: "<coordinates>")
            for (i, c) in cs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: " ")) }
                JSONWriter.write(number: c.x, decimals: decimals, into: &out)
                out.append(UInt8(ascii: ","))
                JSONWriter.write(number: c.y, decimals: decimals, into: &out)
            }
            out.append(text: "</coordinates>")
        }
        func point(_ c: Coordinate) {
            out.append(text: "<Point>")
            coordinates([c])
            out.append(text: "</Point>")
        }
        func line(_ cs: [Coordinate]) {
            out.append(text: "<LineString><tessellate>1</tessellate>")
            coordinates(cs)
            out.append(text: "</LineString>")
        }
        func polygon(_ p: Polygon) {
            let rings = p.orientedRightHand().rings
            out.append(text: "<Polygon><outerBoundaryIs><LinearRing>")
            coordinates(rings.first ?? [])
            out.append(text: "</LinearRing></outerBoundaryIs>")
            for hole in rings.dropFirst() {
                out.append(text: "<innerBoundaryIs><LinearRing>")
                coordinates(hole)
                out.append(text: "</LinearRing></innerBoundaryIs>")
            }
            out.append(text: "</Polygon>")
        }
        switch g {
        case .point(let c): point(c)
        case .lineString(let cs): line(cs)
        case .polygon(let p): polygon(p)
        case .multiPoint(let cs):
            out.append(text: "<MultiGeometry>")
            cs.forEach(point)
            out.append(text: "</MultiGeometry>")
        case .multiLineString(let ls):
            out.append(text: "<MultiGeometry>")
            ls.forEach(line)
            out.append(text: "</MultiGeometry>")
        case .multiPolygon(let ps):
            out.append(text: "<MultiGeometry>")
            ps.forEach(polygon)
            out.append(text: "</MultiGeometry>")
        }
    }
}

/// Escaping for XML and HTML text and attribute values (KML, SVG, pages).
public enum XML {
    /// Escapes &, <, >, quotes; replaces characters XML 1.0 cannot hold (most controls,
    /// U+FFFE, U+FFFF) with U+FFFD.
    public static func escape(_ text: String) -> String {
        // Most text needs nothing: hand it back as it is.
        if !text.containsUTF8Byte(where: needsLook) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``escape(_:)`` appended as bytes; `twice` escapes the escaped text again (HTML
    /// written as XML text, as in KML balloons), in one pass.
    public static func escape(_ text: String, into out: inout [UInt8], twice: Bool = false) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var i = 0
            func replace(_ replacement: StaticString, skipping count: Int = 1) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                i += count
                start = i
            }
            while i < bytes.count {
                let b = bytes[i]
                guard needsLook(b) else {
                    i += 1
                    continue
                }
                switch b {
                case 0x26: replace(twice ? "&amp;amp;" : "&amp;")
                case 0x3C: replace(twice ? "&amp;lt;" : "&lt;")
                case 0x3E: replace(twice ? "&amp;gt;" : "&gt;")
                case 0x22: replace(twice ? "&amp;quot;" : "&quot;")
                case 0x27: replace(twice ? "&amp;apos;" : "&apos;")
                case 0x09, 0x0A, 0x0D: i += 1
                case 0xEF:
                    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
                    if i + 2 < bytes.count, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF {
                        replace("\u{FFFD}", skipping: 3)
                    } else {
                        i += 1
                    }
                default: replace("\u{FFFD}")  // other controls
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
    }

    @inline(__always)
    private static func needsLook(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || b == 0xEF
    }
}
