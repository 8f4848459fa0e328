import Foundation
import GeoKit
import JSON
import OutfallModel

/// A layer ready to be written: features with their properties in display order and the
/// class each is drawn in. Built by the registry (which adds verdicts, snaps, townships) and
/// written by any ``LayerWriter``.
public struct ExportLayer: Sendable {
    public var kind: LayerKind
    public var features: [ExportFeature]
    /// Property names in column order (the union over features, canonical ones first).
    public var fieldNames: [String]
    /// Whether the data is schematic, to say so in the file.
    public var schematic: Bool

    public init(kind: LayerKind, features: [ExportFeature], schematic: Bool) {
        self.kind = kind
        self.features = features
        self.schematic = schematic
        var names: [String] = []
        var seen = Set<String>()
        for feature in features {
            for key in feature.properties.keys where seen.insert(key).inserted { names.append(key) }
        }
        fieldNames = names
    }
}

public struct ExportFeature: Sendable {
    /// The registry row id: GeoJSON `id`, GeoPackage `fid`.
    public var id: Int64
    /// Geometry in the output CRS (lon/lat unless the export asks for another).
    public var geometry: Geometry
    public var properties: JSONObject
    /// The style class (a verdict, "drinking_water/1"…) and, for points, the icon.
    public var styleClass: String
    public var icon: String?

    public init(id: Int64, geometry: Geometry, properties: JSONObject, styleClass: String, icon: String? = nil) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.styleClass = styleClass
        self.icon = icon
    }
}

/// How to write.
public struct ExportOptions: Sendable {
    /// Decimals of coordinates (default: 7 for degrees, 3 for metres).
    public var precision: Int
    /// The CRS of the geometries handed over (EPSG code).
    public var epsg: Int
    /// Column headers in Chinese (CSV).
    public var chineseHeaders: Bool
    public var title: String

    public init(precision: Int, epsg: Int, chineseHeaders: Bool = false, title: String = "入河排污口登记") {
        self.precision = precision
        self.epsg = epsg
        self.chineseHeaders = chineseHeaders
        self.title = title
    }

    public var isLonLat: Bool { epsg == 4490 || epsg == 4326 }
}

/// One output format. Adding a format means one new type conforming to this, listed in
/// ``LayerFormats/writers``.
public protocol LayerWriter: Sendable {
    /// Name for `--format`.
    var formatName: String { get }
    /// Whether the format can hold coordinates in a projected CRS (GeoJSON and KML cannot).
    var allowsProjectedCRS: Bool { get }
    /// Writes `layers` to `path` (a file; for single-layer formats with several layers, a directory).
    func write(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError)
}

extension LayerWriter {
    /// For formats of one layer per file: one layer goes to `path`, several to files named
    /// after their layers in the directory `path`.
    func writeEach(_ layers: [ExportLayer], to path: String, ending: String, _ writeOne: (ExportLayer, String) throws(ExportError) -> Void) throws(ExportError) {
        if layers.count == 1 {
            try writeOne(layers[0], path)
            return
        }
        try makeDirectory(path)
        for layer in layers {
            try writeOne(layer, (path as NSString).appendingPathComponent("\(layer.kind.rawValue).\(ending)"))
        }
    }
}

public enum ExportError: Error, Sendable, CustomStringConvertible {
    case cannotWrite(String, String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "无法写入 \(path)：\(reason) (cannot write)"
        case .unsupported(let reason): reason
        }
    }
}
