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

    /// A QGIS 3 layer style: categorised symbols, name labels and Chinese field aliases
    /// (the attribute table and identify results read 判定, 所属乡镇… while the fields keep
    /// their names). `fields` maps each exported property to its field name in the file (a
    /// Shapefile's dBase names differ); without it, every catalogued property is aliased.
    public static func qml(_ layer: LayerKind, styles: StyleSheet, fields: [(property: String, field: String)]? = nil) -> String {
        """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <!-- Generated from Styles/styles.json by `outfalls styles`; edit that file, not this one. -->
        <qgis version="3.22.0" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
        \(styleElements(layer, styles: styles, fields: fields))
        </qgis>

        """
    }

    /// What a style is made of — renderer, labeling, aliases — as the elements QGIS reads
    /// both inside a `.qml` and inside a project's `<maplayer>`.
    static func styleElements(_ layer: LayerKind, styles: StyleSheet, fields: [(property: String, field: String)]?) -> String {
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
            \(renderer)
            \(labeling(layer, style.label))
            \(aliases(fields ?? FieldCatalog.labels.keys.sorted().map { ($0, $0) }))
            """
    }

    /// Simple labeling as QGIS 3.22 reads it. QGIS does not fill in what is left out: a
    /// `<placement>` without `priority` reads as priority 0, a line layer without
    /// `placementFlags` has no allowed position, and `labelsEnabled` on `<qgis>` defaults to
    /// off; then nothing is placed. So every setting that decides whether a label is placed is
    /// written out: points around the symbol (cartographic placement, 1 mm off), lines
    /// parallel to the line, above it or on it (flags 11 = OnLine 1 | AboveLine 2 |
    /// MapOrientation 8), reaches of one river merged so it is named once, not per reach;
    /// polygons horizontally wherever inside there is room. A white halo keeps names legible over fills and rivers.
    static func labeling(_ layer: LayerKind, _ label: StyleSheet.LabelStyle) -> String {
        let placement: Int
        switch layer.geometryFamily {
        case .puntal: placement = 6  // QgsPalLayerSettings::OrderedPositionsAroundPoint
        case .lineal: placement = 2  // Line: parallel to the line
        case .polygonal: placement = 4  // Horizontal: any free spot inside (over the centroid only, 7 of 13 areas were named)
        }
        return """
              <labeling type="simple">
                <settings calloutType="simple">
                  <text-style fieldName="\(xml(label.field))" isExpression="0" fontFamily="Noto Sans CJK SC" namedStyle="Regular" fontWeight="50" fontItalic="\(label.italic ? 1 : 0)" fontSize="\(decimal(label.size))" fontSizeUnit="Point" textColor="\(qgisColour(label.color))" textOpacity="1" textOrientation="horizontal" capitalization="0" allowHtml="0" multilineHeight="1" blendMode="0" previewBkgrdColor="255,255,255,255">
                    <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128" bufferBlendMode="0"/>
                    <background shapeDraw="0"/>
                    <shadow shadowDraw="0"/>
                  </text-style>
                  <text-format wrapChar="" autoWrapLength="0" useMaxLineLengthForAutoWrap="1" multilineAlign="3" addDirectionSymbol="0" formatNumbers="0" plussign="0"/>
                  <placement placement="\(placement)" priority="\(rank(layer) + 3)" placementFlags="\(layer.geometryFamily == .lineal ? 11 : 10)" polygonPlacementFlags="2" dist="\(layer.geometryFamily == .puntal ? 1 : 0)" distUnits="MM" offsetType="0" quadOffset="4" xOffset="0" yOffset="0" offsetUnits="MM" rotationAngle="0" centroidWhole="0" centroidInside="1" fitInPolygonOnly="0" repeatDistance="0" repeatDistanceUnits="MM" maxCurvedCharAngleIn="25" maxCurvedCharAngleOut="-25" overrunDistance="0" overrunDistanceUnit="MM" labelOffsetMapUnitScale="3x:0,0,0,0,0,0" lineAnchorPercent="0.5" lineAnchorType="0" lineAnchorClipping="0" layerType="\(layerType(layer))" geometryGeneratorEnabled="0" geometryGenerator="" geometryGeneratorType="PointGeometry" preserveRotation="1" predefinedPositionOrder="TR,TL,BR,BL,R,L,TSR,BSR"/>
                  <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="\(layer.geometryFamily == .polygonal ? 1 : 0)" zIndex="\(rank(layer))" scaleVisibility="0" scaleMin="0" scaleMax="0" fontLimitPixelSize="0" fontMinPixelSize="3" fontMaxPixelSize="10000" minFeatureSize="0" mergeLines="\(layer.geometryFamily == .lineal ? 1 : 0)" labelPerPart="0" limitNumLabels="0" maxNumLabels="2000" displayAll="0" upsidedownLabels="0" unplacedVisibility="0"/>
                </settings>
              </labeling>
            """
    }

    /// QGIS field aliases (matched by field name), for the properties that have a Chinese label.
    static func aliases(_ fields: [(property: String, field: String)]) -> String {
        var text = "  <aliases>\n"
        for (property, field) in fields {
            guard let label = FieldCatalog.labels[property] else { continue }
            text += "    <alias field=\"\(xml(field))\" name=\"\(xml(label))\"/>\n"
        }
        return text + "  </aliases>"
    }

    private static func layerType(_ layer: LayerKind) -> String {
        switch layer.geometryFamily {
        case .puntal: "PointGeometry"
        case .lineal: "LineGeometry"
        case .polygonal: "PolygonGeometry"
        }
    }

    /// Which names win where labels collide, and are drawn on top: outfalls (what the map is
    /// about), then rivers, intakes and sections, zones, townships last.
    private static func rank(_ layer: LayerKind) -> Int {
        switch layer {
        case .outfalls: 5
        case .rivers: 4
        case .intakes, .sections: 3
        case .zones: 2
        case .areas: 1
        }
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
