import Foundation
import GeoKit
import LayerFormats
import OutfallModel

/// The county map as SVG, drawn by us from the layers (no tiles, no CDN: it works offline),
/// in EPSG:4545 metres with north up, styled from Styles/styles.json. The page's script pans
/// and zooms it and turns a click into a check of that place. With a tile basemap configured
/// the map is drawn in Web Mercator (EPSG:3857) instead, so that the script can lay the
/// bureau's tiles under it.
struct MapSVG {
    let layers: [ExportLayer]
    let styles: StyleSheet
    /// EPSG:4545, or EPSG:3857 under a tile basemap.
    var epsg = 4545
    /// Tile URL template (`{z}/{x}/{y}`), drawn under the layers by the page's script.
    var basemapURL: String?
    /// A point to mark and zoom to (lon/lat), e.g. the place just checked.
    var focus: Coordinate?
    var focusRadius: Double = 4000
    /// Draws a scale bar and a north arrow into the view (the printed report's map sheet).
    var furniture = false

    func render() throws -> String {
        let transformer = try CoordinateTransformer(fromEPSG: 4490, toEPSG: epsg, context: PROJContext())
        var body = basemapURL == nil ? "" : "<g id=\"basemap\"></g>"
        var all: [Coordinate] = []
        let order: [LayerKind] = [.areas, .zones, .rivers, .sections, .intakes, .outfalls]
        var extent: Envelope?
        for kind in order {
            guard let layer = layers.first(where: { $0.kind == kind }) else { continue }
            body += "<g class=\"layer layer-\(kind.rawValue)\">"
            for feature in layer.features {
                let metric = try feature.geometry.converted { try transformer.transform($0) }
                all.append(contentsOf: metric.coordinates)
                body += shape(metric, feature: feature, kind: kind)
            }
            body += "</g>"
            if kind == .areas { extent = Envelope(covering: all) }
        }
        let bounds = extent ?? Envelope(covering: all) ?? Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)
        var view = bounds.expanded(by: max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY) * 0.02)
        if let focus {
            let p = try transformer.transform(focus)
            view = Envelope(minX: p.x - focusRadius, minY: p.y - focusRadius, maxX: p.x + focusRadius, maxY: p.y + focusRadius)
            let r = focusRadius / 40
            body += "<g class=\"focus\"><circle cx=\"\(n(p.x))\" cy=\"\(n(-p.y))\" r=\"\(n(r))\" class=\"focus-marker\"/>"
                + "<circle cx=\"\(n(p.x))\" cy=\"\(n(-p.y))\" r=\"\(n(r / 3))\" class=\"focus-dot\"/></g>"
        }
        if furniture { body += try scaleAndNorth(view, transformer: transformer) }
        let home = "\(n(bounds.minX)) \(n(-bounds.maxY)) \(n(bounds.maxX - bounds.minX)) \(n(bounds.maxY - bounds.minY))"
        return """
            <svg id="map" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="柳城县排污口地图" \
            viewBox="\(n(view.minX)) \(n(-view.maxY)) \(n(view.maxX - view.minX)) \(n(view.maxY - view.minY))" \
            data-home="\(home)" data-crs="\(epsg)"\(basemapURL.map { " data-basemap=\"\(XML.escape($0))\"" } ?? "") preserveAspectRatio="xMidYMid meet">\(body)</svg>
            """
    }

    /// A scale bar (bottom left, a round ground length near a quarter of the view) and a
    /// north arrow (top right), in map units so that they print with the map. Web Mercator
    /// metres are longer than ground metres by 1/cos(latitude): the bar is corrected for it.
    private func scaleAndNorth(_ view: Envelope, transformer: CoordinateTransformer) throws -> String {
        let width = view.maxX - view.minX, height = view.maxY - view.minY
        var groundPerUnit = 1.0
        if epsg == 3857 {
            let back = try CoordinateTransformer(fromEPSG: 3857, toEPSG: 4490, context: PROJContext())
            let centre = try back.transform(Coordinate(x: (view.minX + view.maxX) / 2, y: (view.minY + view.maxY) / 2))
            groundPerUnit = cos(centre.y * .pi / 180)
        }
        let target = width * groundPerUnit / 4
        let lengths: [Double] = [50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000]
        let ground = lengths.last { $0 <= target } ?? lengths[0]
        let bar = ground / groundPerUnit
        let font = width / 32
        let x0 = view.minX + width * 0.04, y0 = -(view.minY + height * 0.05)
        let h = height * 0.012
        let label = ground >= 1000 ? "\(JSONWriterNumber.short(ground / 1000)) km" : "\(Int(ground)) m"
        var out = "<g class=\"map-furniture\" font-family=\"sans-serif\">"
        out += "<rect x=\"\(n(x0))\" y=\"\(n(y0 - h))\" width=\"\(n(bar / 2))\" height=\"\(n(h))\" fill=\"#222\"/>"
        out += "<rect x=\"\(n(x0 + bar / 2))\" y=\"\(n(y0 - h))\" width=\"\(n(bar / 2))\" height=\"\(n(h))\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/>"
        out += "<text x=\"\(n(x0))\" y=\"\(n(y0 - h * 1.6))\" font-size=\"\(n(font))\" fill=\"#222\">0</text>"
        out += "<text x=\"\(n(x0 + bar))\" y=\"\(n(y0 - h * 1.6))\" font-size=\"\(n(font))\" fill=\"#222\" text-anchor=\"middle\" class=\"scale-label\">\(label)</text>"
        let nx = view.maxX - width * 0.06, ny = -(view.maxY - height * 0.05)
        let a = height * 0.06
        out += "<text x=\"\(n(nx))\" y=\"\(n(ny + font))\" font-size=\"\(n(font * 1.2))\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222\">N</text>"
        out += "<path d=\"M\(n(nx)) \(n(ny + font * 1.3))L\(n(nx + a / 3)) \(n(ny + font * 1.3 + a))L\(n(nx)) \(n(ny + font * 1.3 + a * 0.75))Z\" fill=\"#222\"/>"
        out += "<path d=\"M\(n(nx)) \(n(ny + font * 1.3))L\(n(nx - a / 3)) \(n(ny + font * 1.3 + a))L\(n(nx)) \(n(ny + font * 1.3 + a * 0.75))Z\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/>"
        return out + "</g>"
    }

    /// Point symbols are sized in map units, a fraction of the whole county.
    private var pointRadius: Double { 260 }

    private func shape(_ g: Geometry, feature: ExportFeature, kind: LayerKind) -> String {
        let style = styles.style(kind)
        let cls = style.style(for: feature.styleClass) ?? style.classes.first
        let name = feature.properties["name"]?.displayText ?? ""
        let title = "<title>\(XML.escape(name))\(cls.map { "（\(XML.escape($0.label))）" } ?? "")</title>"
        let stroke = cls?.line ?? "#333333"
        let width = cls?.width ?? 1
        switch g {
        case .point(let p):
            let r = pointRadius * (kind == .outfalls ? 1 : 1.3) * style.size
            let fill = cls?.color ?? "#555555"
            let link = kind == .outfalls ? " data-href=\"/outfalls/\(feature.id)\"" : ""
            if kind == .sections {
                let d = "M\(n(p.x)) \(n(-p.y - r))L\(n(p.x + r)) \(n(-p.y))L\(n(p.x)) \(n(-p.y + r))L\(n(p.x - r)) \(n(-p.y))Z"
                return "<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"#232323\" class=\"pt\"\(link)>\(title)</path>"
            }
            return "<circle cx=\"\(n(p.x))\" cy=\"\(n(-p.y))\" r=\"\(n(r))\" fill=\"\(fill)\" stroke=\"#232323\" class=\"pt pt-\(XML.escape(feature.styleClass))\"\(link)>\(title)</circle>"
        case .lineString, .multiLineString:
            return "<path d=\"\(path(g))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(fraction(width))\" vector-effect=\"non-scaling-stroke\">\(title)</path>"
        case .polygon, .multiPolygon:
            let fill = cls?.color ?? "none"
            let opacity = cls?.fillOpacity ?? 0
            return "<path d=\"\(path(g))\" fill=\"\(opacity > 0 ? fill : "none")\" fill-opacity=\"\(fraction(opacity))\" fill-rule=\"evenodd\" stroke=\"\(stroke)\" stroke-width=\"\(fraction(width))\" vector-effect=\"non-scaling-stroke\">\(title)</path>"
        case .multiPoint:
            return ""
        }
    }

    private func path(_ g: Geometry) -> String {
        func ring(_ cs: [Coordinate], close: Bool) -> String {
            var d = ""
            for (i, c) in cs.enumerated() { d += (i == 0 ? "M" : "L") + n(c.x) + " " + n(-c.y) }
            return close ? d + "Z" : d
        }
        switch g {
        case .lineString(let cs): return ring(cs, close: false)
        case .multiLineString(let lines): return lines.map { ring($0, close: false) }.joined()
        case .polygon(let p): return p.rings.map { ring($0, close: true) }.joined()
        case .multiPolygon(let ps): return ps.flatMap(\.rings).map { ring($0, close: true) }.joined()
        default: return ""
        }
    }

    /// Opacities and pixel widths keep their fractions (0.45, 1.5): rounded, a zone's fill
    /// vanished.
    private func fraction(_ x: Double) -> String { String(format: "%.2f", x) }

    /// Metres to the metre: plenty for a county map, and small.
    private func n(_ x: Double) -> String { String(Int(x.rounded())) }
}

/// 0.5 → "0.5", 2 → "2": scale bar lengths without a trailing ".0".
enum JSONWriterNumber {
    static func short(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
