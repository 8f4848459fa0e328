import JSON
import OutfallModel

/// The map styles of every layer and class, read from `Styles/styles.json`: the one source
/// from which KML styles, the legend, QGIS styles and the web map are made.
public struct StyleSheet: Sendable {
    /// One class of a layer (a verdict, a zone kind and level…) and how it is drawn.
    public struct StyleClass: Hashable, Sendable {
        public var value: String
        public var label: String
        /// Point colour, or polygon fill.
        public var color: String
        public var fillOpacity: Double
        public var line: String
        public var width: Double
        public var icon: String?
    }

    /// How a layer's features are named on the map (QGIS labels, the web map).
    public struct LabelStyle: Hashable, Sendable {
        /// The attribute the label shows.
        public var field: String
        /// Points.
        public var size: Double
        public var color: String
        /// Water names are set in italics, as on topographic maps.
        public var italic: Bool
    }

    public struct LayerStyle: Sendable {
        public var classes: [StyleClass]
        public var label: LabelStyle
        /// For outfalls: icons by HJ 1312 category (value → icon name).
        public var icons: [String: String]
        public var size: Double

        public func style(for value: String) -> StyleClass? {
            classes.first { $0.value == value } ?? classes.first { value.hasPrefix($0.value + "/") }
        }
    }

    public let layers: [LayerKind: LayerStyle]

    public enum LoadError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String { "样式文件 Styles/styles.json 有误：\(self.reason) (invalid styles file)" }
        var reason: String { if case .invalid(let r) = self { r } else { "" } }
    }

    public init(json bytes: [UInt8]) throws(LoadError) {
        guard let root = try? JSONParser().parse(bytes).objectValue, root["format"]?.stringValue == "outfall-registry/styles" else {
            throw .invalid("不是 outfall-registry/styles 文件")
        }
        var layers: [LayerKind: LayerStyle] = [:]
        for kind in LayerKind.allCases {
            guard let object = root[kind.rawValue]?.objectValue else { throw .invalid("缺少图层 \(kind.rawValue)") }
            var classes: [StyleClass] = []
            if let list = object["classes"]?.arrayValue {
                for item in list {
                    guard let c = item.objectValue, let value = c["value"]?.stringValue, let label = c["label"]?.stringValue else {
                        throw .invalid("\(kind.rawValue) 的类别需有 value 与 label")
                    }
                    let color = c["color"]?.stringValue ?? c["fill"]?.stringValue ?? object["color"]?.stringValue ?? "#808080"
                    classes.append(StyleClass(
                        value: value, label: label, color: color, fillOpacity: c["fill_opacity"]?.doubleValue ?? 1,
                        line: c["line"]?.stringValue ?? color, width: c["width"]?.doubleValue ?? object["width"]?.doubleValue ?? 1,
                        icon: c["icon"]?.stringValue ?? object["icon"]?.stringValue))
                }
            } else {
                // A layer drawn one way: a single class.
                let color = object["color"]?.stringValue ?? object["line"]?.stringValue ?? "#808080"
                classes.append(StyleClass(
                    value: kind.rawValue, label: kind.chineseName, color: color, fillOpacity: object["fill_opacity"]?.doubleValue ?? 1,
                    line: object["line"]?.stringValue ?? color, width: object["width"]?.doubleValue ?? 1, icon: object["icon"]?.stringValue))
            }
            for c in classes where !Self.isColour(c.color) || !Self.isColour(c.line) {
                throw .invalid("\(kind.rawValue)/\(c.value) 的颜色应为 #RRGGBB")
            }
            var icons: [String: String] = [:]
            for item in object["icons"]?.arrayValue ?? [] {
                if let value = item.objectValue?["value"]?.stringValue, let icon = item.objectValue?["icon"]?.stringValue { icons[value] = icon }
            }
            let labelStyle = object["label_style"]?.objectValue
            let label = LabelStyle(
                field: object["label"]?.stringValue ?? "name", size: labelStyle?["size"]?.doubleValue ?? 8,
                color: labelStyle?["color"]?.stringValue ?? "#323232", italic: labelStyle?["italic"]?.boolValue ?? false)
            guard Self.isColour(label.color) else { throw .invalid("\(kind.rawValue) 的 label_style.color 应为 #RRGGBB") }
            layers[kind] = LayerStyle(classes: classes, label: label, icons: icons, size: object["size"]?.doubleValue ?? 1)
        }
        self.layers = layers
    }

    static func isColour(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    public func style(_ layer: LayerKind) -> LayerStyle {
        layers[layer] ?? LayerStyle(classes: [], label: LabelStyle(field: "name", size: 8, color: "#323232", italic: false), icons: [:], size: 1)
    }

    /// The icon names used anywhere (for embedding their pictures in a KMZ).
    public var iconNames: Set<String> {
        var names = Set<String>()
        for style in layers.values {
            names.formUnion(style.icons.values)
            names.formUnion(style.classes.compactMap(\.icon))
        }
        return names
    }
}

extension String {
    /// "#RRGGBB" and an opacity as KML's aabbggrr.
    func kmlColour(opacity: Double = 1) -> String {
        let hex = dropFirst()
        guard hex.count == 6 else { return "ff808080" }
        let r = hex.prefix(2)
        let g = hex.dropFirst(2).prefix(2)
        let b = hex.dropFirst(4).prefix(2)
        let alpha = String(Int((max(0, min(1, opacity)) * 255).rounded()), radix: 16)
        return (alpha.count == 1 ? "0" + alpha : alpha) + b + g + r
    }
}
