import OutfallModel

/// What is generated from the style sheet besides KML styles: QGIS layer styles (`.qml`,
/// categorised by the same classes) and the legend (Markdown and SVG).
public enum StyleDocuments {
    /// The attribute (or expression) each layer's classes are read from in QGIS.
    static func classifyBy(_ layer: LayerKind) -> String? {
        switch layer {
        case .outfalls: "verdict"
        case .zones: "CASE WHEN \"level\" IS NULL THEN \"kind\" ELSE concat(\"kind\", '/', \"level\") END"
        case .sections: "kind"
        case .areas: "level"
        case .rivers, .intakes: nil
        }
    }

    /// "#d7191c" and an opacity as QGIS's "215,25,28,255".
    static func qgisColour(_ hex: String, opacity: Double = 1) -> String {
        let digits = Array(hex.dropFirst())
        func component(_ i: Int) -> Int { Int(String(digits[(2 * i)..<(2 * i + 2)]), radix: 16) ?? 128 }
        return "\(component(0)),\(component(1)),\(component(2)),\(Int((max(0, min(1, opacity)) * 255).rounded()))"
    }

    static func xml(_ s: String) -> String { XML.escape(s) }

    /// Two decimals at most, so "3.3000000000000003" reads as "3.3" in the committed files.
    static func decimal(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A QGIS 3 layer style: categorised symbols and name labels.
    public static func qml(_ layer: LayerKind, styles: StyleSheet) -> String {
        let style = styles.style(layer)
        var symbols = ""
        var categories = ""
        for (i, c) in style.classes.enumerated() {
            categories += "      <category value=\"\(xml(c.value))\" label=\"\(xml(c.label))\" symbol=\"\(i)\" render=\"true\"/>\n"
            symbols += symbol(layer, c, name: String(i), size: style.size)
        }
        let renderer: String
        if let attribute = classifyBy(layer) {
            renderer = """
                  <renderer-v2 type="categorizedSymbol" attr="\(xml(attribute))" symbollevels="0" enableorderby="0" forceraster="0">
                    <categories>
                \(categories)    </categories>
                    <symbols>
                \(symbols)    </symbols>
                  </renderer-v2>
                """
        } else {
            renderer = """
                  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
                    <symbols>
                \(symbols)    </symbols>
                  </renderer-v2>
                """
        }
        return """
            <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
            <!-- Generated from Styles/styles.json by `outfalls styles`; edit that file, not this one. -->
            <qgis version="3.28.0" styleCategories="Symbology|Labeling">
            \(renderer)
              <labeling type="simple">
                <settings calloutType="simple">
                  <text-style fieldName="name" fontSize="9" textColor="50,50,50,255" fontFamily="Noto Sans CJK SC"/>
                  <placement placement="\(layer.geometryFamily == .puntal ? 6 : (layer.geometryFamily == .lineal ? 2 : 1))"/>
                </settings>
              </labeling>
            </qgis>

            """
    }

    private static func symbol(_ layer: LayerKind, _ c: StyleSheet.StyleClass, name: String, size: Double) -> String {
        switch layer.geometryFamily {
        case .puntal:
            return """
                      <symbol type="marker" name="\(name)" alpha="1" clip_to_extent="1" force_rhr="0">
                        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
                          <Option type="Map">
                            <Option name="name" value="\(layer == .sections ? "diamond" : "circle")" type="QString"/>
                            <Option name="color" value="\(qgisColour(c.color))" type="QString"/>
                            <Option name="outline_color" value="35,35,35,255" type="QString"/>
                            <Option name="outline_width" value="0.3" type="QString"/>
                            <Option name="size" value="\(decimal(3 * size))" type="QString"/>
                          </Option>
                        </layer>
                      </symbol>

                """
        case .lineal:
            return """
                      <symbol type="line" name="\(name)" alpha="1" clip_to_extent="1" force_rhr="0">
                        <layer class="SimpleLine" enabled="1" pass="0" locked="0">
                          <Option type="Map">
                            <Option name="line_color" value="\(qgisColour(c.line))" type="QString"/>
                            <Option name="line_width" value="\(decimal(c.width / 2))" type="QString"/>
                          </Option>
                        </layer>
                      </symbol>

                """
        case .polygonal:
            return """
                      <symbol type="fill" name="\(name)" alpha="1" clip_to_extent="1" force_rhr="0">
                        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
                          <Option type="Map">
                            <Option name="color" value="\(qgisColour(c.color, opacity: c.fillOpacity))" type="QString"/>
                            <Option name="outline_color" value="\(qgisColour(c.line))" type="QString"/>
                            <Option name="outline_width" value="\(decimal(c.width / 3))" type="QString"/>
                            <Option name="style" value="\(c.fillOpacity > 0 ? "solid" : "no")" type="QString"/>
                          </Option>
                        </layer>
                      </symbol>

                """
        }
    }

    /// The legend as Markdown, with an SVG swatch per class.
    public static func legendMarkdown(_ styles: StyleSheet) -> String {
        var lines = [
            "# 图例 Legend",
            "",
            "Generated from `Styles/styles.json` by `outfalls styles`; the KML/KMZ styles, QGIS styles (`Styles/qgis/`) and the web map use the same classes and colours.",
            "",
        ]
        for layer in LayerKind.allCases {
            lines.append("## \(layer.chineseName) (`\(layer.rawValue)`)")
            lines.append("")
            lines.append("| | 类别 class | 值 value |")
            lines.append("|---|---|---|")
            for c in styles.style(layer).classes {
                lines.append("| ![](../Styles/legend/\(layer.rawValue)-\(fileSafe(c.value)).svg) | \(c.label) | `\(c.value)` |")
            }
            if layer == .outfalls {
                lines.append("")
                lines.append("Icons by HJ 1312 category: " + styles.style(.outfalls).icons.sorted { $0.key < $1.key }
                    .map { "`\($0.key)` → ![](../Styles/icons/\($0.value).svg)" }.joined(separator: " · "))
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// One legend swatch (24×16): a dot, a line or a filled box.
    public static func swatch(_ layer: LayerKind, _ c: StyleSheet.StyleClass) -> String {
        let body: String
        switch layer.geometryFamily {
        case .puntal where layer == .sections:
            body = "<polygon points=\"12,2 18,8 12,14 6,8\" fill=\"\(c.color)\" stroke=\"#232323\" stroke-width=\"1\"/>"
        case .puntal:
            body = "<circle cx=\"12\" cy=\"8\" r=\"6\" fill=\"\(c.color)\" stroke=\"#232323\" stroke-width=\"1\"/>"
        case .lineal:
            body = "<line x1=\"1\" y1=\"8\" x2=\"23\" y2=\"8\" stroke=\"\(c.line)\" stroke-width=\"\(decimal(max(1, c.width)))\"/>"
        case .polygonal:
            body = "<rect x=\"1\" y=\"1\" width=\"22\" height=\"14\" fill=\"\(c.color)\" fill-opacity=\"\(decimal(c.fillOpacity))\" stroke=\"\(c.line)\" stroke-width=\"\(decimal(max(1, c.width)))\"/>"
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"24\" height=\"16\" viewBox=\"0 0 24 16\"><title>\(xml(c.label))</title>\(body)</svg>\n"
    }

    public static func fileSafe(_ value: String) -> String {
        String(value.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "-" })
    }
}
