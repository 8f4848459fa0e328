import Foundation
import GDALKit
import ZipArchive
import GeoKit
import JSON
import OutfallModel

/// KML 2.2 (and KMZ, its zipped form with the icons inside) as Google Earth and 奥维 read it:
/// a `Folder` per layer and one per class inside it, shared `Style`s referenced by
/// `styleUrl`, `ExtendedData` against a declared `Schema`, a Chinese balloon per placemark,
/// and every text escaped — names with `<`, `&`, quotes or `]]>` included, characters XML
/// cannot hold replaced.
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

    public func write(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        guard options.isLonLat else { throw .unsupported("KML 坐标只能是经纬度（WGS84/CGCS2000），不能用 --crs 指定投影坐标系 (KML is always lon/lat)") }
        if zipped {
            try writeKMZ(layers, to: path, options: options, styles: styles)
        } else {
            let sink = try OutputSink(path: path)
            try document(layers, options: options, styles: styles, iconPath: { "http://maps.google.com/mapfiles/kml/shapes/\(Self.standardIcons[$0] ?? "placemark_circle").png" }, output: sink.write)
            try sink.close()
        }
    }

    private func writeKMZ(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        do {
            let zip = try ZipWriter(path: path)
            // The first .kml in a KMZ is the document; its Chinese name is stored as UTF-8.
            try zip.begin(entry: "\(options.title).kml")
            var buffer: [UInt8] = []
            func emit(_ text: String) throws(ExportError) {
                buffer.append(contentsOf: text.utf8)
                if buffer.count > 1 << 20 {
                    do { try zip.write(buffer) } catch { throw .cannotWrite(path, "\(error)") }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try document(layers, options: options, styles: styles, iconPath: { "files/\($0).png" }, output: emit)
            try zip.write(buffer)
            let used = Set(layers.flatMap { $0.features.compactMap(\.icon) })
            for icon in used.sorted() {
                guard let directory = iconDirectory,
                    let png = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("\(icon).png"))
                else { continue }
                try zip.begin(entry: "files/\(icon).png")
                try zip.write([UInt8](png))
            }
            try zip.close()
        } catch let error as ExportError {
            throw error
        } catch {
            throw .cannotWrite(path, "\(error)")
        }
    }

    private func document(
        _ layers: [ExportLayer], options: ExportOptions, styles: StyleSheet, iconPath: (String) -> String,
        output: (String) throws(ExportError) -> Void
    ) throws(ExportError) {
        var head = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        head += #"<kml xmlns="http://www.opengis.net/kml/2.2"><Document>"# + "\n"
        head += "<name>\(XML.escape(options.title))</name>\n"
        if layers.contains(where: \.schematic) {
            head += "<description>\(XML.escape("【示意数据 SCHEMATIC】本文件含示意数据，非官方、非实测边界，不能作为审批依据。"))</description>\n"
        }
        try output(head)
        // Shared styles: one per layer class (and per icon for points).
        for layer in layers {
            let style = styles.style(layer.kind)
            var keys: [(String, String?)] = []
            for f in layer.features where !keys.contains(where: { $0.0 == f.styleClass && $0.1 == f.icon }) { keys.append((f.styleClass, f.icon)) }
            var text = ""
            for (cls, icon) in keys {
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
            try output(text)
        }
        for layer in layers { try output(schema(layer)) }
        for layer in layers { try folder(layer, options: options, styles: styles, output: output) }
        try output("</Document></kml>\n")
    }

    private func styleID(_ layer: LayerKind, _ cls: String, _ icon: String?) -> String {
        let safe = { (s: String) in String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }) }
        return "\(layer.rawValue)-\(safe(cls))" + (icon.map { "-\(safe($0))" } ?? "")
    }

    private func schema(_ layer: ExportLayer) -> String {
        var text = "<Schema name=\"\(layer.kind.rawValue)\" id=\"\(layer.kind.rawValue)_schema\">"
        for name in layer.fieldNames {
            text += "<SimpleField type=\"\(kmlType(name, layer))\" name=\"\(XML.escape(name))\"><displayName>\(XML.escape(FieldCatalog.label(name)))</displayName></SimpleField>"
        }
        return text + "</Schema>\n"
    }

    private func kmlType(_ name: String, _ layer: ExportLayer) -> String {
        var kind: String?
        for f in layer.features {
            switch f.properties[name] {
            case .number?: if kind == nil { kind = "double" }
            case .bool?: if kind == nil { kind = "bool" }
            case .string?, .array?, .object?: return "string"
            default: continue
            }
        }
        return kind ?? "string"
    }

    private func folder(_ layer: ExportLayer, options: ExportOptions, styles: StyleSheet, output: (String) throws(ExportError) -> Void) throws(ExportError) {
        let style = styles.style(layer.kind)
        try output("<Folder><name>\(XML.escape(layer.kind.chineseName))（\(layer.features.count)）</name>\n")
        // Classes in the style sheet's order, then any others.
        var order = style.classes.map(\.value)
        for f in layer.features where !order.contains(f.styleClass) { order.append(f.styleClass) }
        let groups = Dictionary(grouping: layer.features, by: \.styleClass)
        if style.classes.count <= 1 && groups.count <= 1 {
            // One class: no folder level for it.
            try ParallelText.write(layer.features, { placemark($0, layer: layer, decimals: options.precision) }, to: output)
            try output("</Folder>\n")
            return
        }
        for cls in order {
            guard let members = groups[cls], !members.isEmpty else { continue }
            let label = style.style(for: cls)?.label ?? cls
            try output("<Folder><name>\(XML.escape(label))（\(members.count)）</name>\n")
            try ParallelText.write(members, { placemark($0, layer: layer, decimals: options.precision) }, to: output)
            try output("</Folder>\n")
        }
        try output("</Folder>\n")
    }

    private func placemark(_ f: ExportFeature, layer: ExportLayer, decimals: Int) -> String {
        let name = f.properties["name"]?.displayText ?? String(f.id)
        var text = "<Placemark id=\"\(layer.kind.rawValue)-\(f.id)\"><name>\(XML.escape(name))</name>"
        text += "<description>\(balloon(f, layer: layer.kind))</description>"
        text += "<styleUrl>#\(styleID(layer.kind, f.styleClass, f.icon))</styleUrl>"
        text += "<ExtendedData><SchemaData schemaUrl=\"#\(layer.kind.rawValue)_schema\">"
        for member in f.properties where !member.value.isNull {
            text += "<SimpleData name=\"\(XML.escape(member.key))\">\(XML.escape(member.value.displayText))</SimpleData>"
        }
        text += "</SchemaData></ExtendedData>"
        text += geometry(f.geometry, decimals: decimals)
        return text + "</Placemark>\n"
    }

    /// The balloon: an HTML table as XML text — the markup written already escaped, the
    /// values escaped twice (as HTML, then as XML).
    private func balloon(_ f: ExportFeature, layer: LayerKind) -> String {
        var html = "&lt;table&gt;"
        for key in FieldCatalog.balloonFields(layer) {
            guard let value = f.properties[key], !value.isNull else { continue }
            let text = value.displayText
            if text.isEmpty { continue }
            html += "&lt;tr&gt;&lt;th align=&quot;left&quot;&gt;" + XML.escape(XML.escape(FieldCatalog.label(key)))
            html += "&lt;/th&gt;&lt;td&gt;" + XML.escape(XML.escape(text)) + "&lt;/td&gt;&lt;/tr&gt;"
        }
        if f.properties["schematic"]?.boolValue == true {
            html += "&lt;tr&gt;&lt;td colspan=&quot;2&quot;&gt;&lt;i&gt;示意数据，非真实&lt;/i&gt;&lt;/td&gt;&lt;/tr&gt;"
        }
        return html + "&lt;/table&gt;"
    }

    private func geometry(_ g: Geometry, decimals: Int) -> String {
        func coordinates(_ cs: [Coordinate]) -> String {
            "<coordinates>" + cs.map { JSONWriter.format(number: $0.x, decimals: decimals) + "," + JSONWriter.format(number: $0.y, decimals: decimals) }
                .joined(separator: " ") + "</coordinates>"
        }
        func polygon(_ p: Polygon) -> String {
            let rings = p.orientedRightHand().rings
            var text = "<Polygon><outerBoundaryIs><LinearRing>\(coordinates(rings.first ?? []))</LinearRing></outerBoundaryIs>"
            for hole in rings.dropFirst() { text += "<innerBoundaryIs><LinearRing>\(coordinates(hole))</LinearRing></innerBoundaryIs>" }
            return text + "</Polygon>"
        }
        switch g {
        case .point(let c): return "<Point>\(coordinates([c]))</Point>"
        case .lineString(let cs): return "<LineString><tessellate>1</tessellate>\(coordinates(cs))</LineString>"
        case .polygon(let p): return polygon(p)
        case .multiPoint(let cs): return "<MultiGeometry>" + cs.map { "<Point>\(coordinates([$0]))</Point>" }.joined() + "</MultiGeometry>"
        case .multiLineString(let ls):
            return "<MultiGeometry>" + ls.map { "<LineString><tessellate>1</tessellate>\(coordinates($0))</LineString>" }.joined() + "</MultiGeometry>"
        case .multiPolygon(let ps): return "<MultiGeometry>" + ps.map(polygon).joined() + "</MultiGeometry>"
        }
    }
}

/// XML text escaping.
/// Escaping for XML and HTML text and attribute values (KML, SVG, pages).
public enum XML {
    /// Escapes &, <, >, quotes; replaces characters XML 1.0 cannot hold (most controls) with U+FFFD.
    public static func escape(_ text: String) -> String {
        // Most text needs nothing: hand it back as it is.
        if !text.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0xEF }) {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += Array("&amp;".utf8)
            case "<": out += Array("&lt;".utf8)
            case ">": out += Array("&gt;".utf8)
            case "\"": out += Array("&quot;".utf8)
            case "'": out += Array("&apos;".utf8)
            case "\t", "\n", "\r": out.append(UInt8(scalar.value))
            default:
                let v = scalar.value
                let kept: Unicode.Scalar = v < 0x20 || v == 0xFFFE || v == 0xFFFF ? "\u{FFFD}" : scalar
                out += Array(String(kept).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
