import GeoKit
import JSON

/// Where a feature sits in its file, for error messages: the n-th feature (1-based) of a
/// GeoJSON or KML file, or the line of a CSV file.
public enum FeaturePosition: Hashable, Sendable, CustomStringConvertible {
    case feature(Int)
    case line(Int)

    public var description: String {
        switch self {
        case .feature(let n): "第 \(n) 个要素 (feature #\(n))"
        case .line(let n): "第 \(n) 行 (line \(n))"
        }
    }
}

/// A feature as read from a file, before the layer schema is applied.
public struct RawFeature: Hashable, Sendable {
    public var position: FeaturePosition
    /// The feature's own id (GeoJSON `id`), if it has one.
    public var id: String?
    public var geometry: Geometry
    public var properties: JSONObject

    public init(position: FeaturePosition, id: String?, geometry: Geometry, properties: JSONObject) {
        self.position = position
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// A feature that could not even be read as a geometry with properties.
public struct RawFeatureProblem: Hashable, Sendable {
    public var position: FeaturePosition
    public var reason: String

    public init(position: FeaturePosition, reason: String) {
        self.position = position
        self.reason = reason
    }
}

/// What a reader found in a file: the features it could read, the ones it could not, and
/// what the file itself declares (its CRS, its text encoding).
public struct LayerFile: Sendable {
    public var format: String
    public var features: [RawFeature]
    public var problems: [RawFeatureProblem]
    public var declaredCRS: CRS?
    /// A CRS the file declares (e.g. a `.prj`) that could not be matched to an EPSG code.
    public var unidentifiedCRS: String?
    public var encoding: String?

    public init(
        format: String, features: [RawFeature], problems: [RawFeatureProblem], declaredCRS: CRS? = nil, unidentifiedCRS: String? = nil,
        encoding: String? = nil
    ) {
        self.format = format
        self.features = features
        self.problems = problems
        self.declaredCRS = declaredCRS
        self.unidentifiedCRS = unidentifiedCRS
        self.encoding = encoding
    }
}

/// Options a reader may honour.
public struct ReadOptions: Sendable {
    /// Force a text encoding ("utf-8", "gbk") instead of detecting it.
    public var encoding: TextEncoding?
    /// CSV: the longitude (or easting) and latitude (or northing) column names.
    public var xColumn: String?
    public var yColumn: String?
    /// GeoPackage and spreadsheets: which table or sheet to read, when there are several.
    public var layerName: String?
    /// More features than this refuse the file (``FormatError/tooManyFeatures(_:limit:)``);
    /// readers stop as soon as they pass it rather than read the rest.
    public var maximumFeatures: Int

    public init(
        encoding: TextEncoding? = nil, xColumn: String? = nil, yColumn: String? = nil, layerName: String? = nil,
        maximumFeatures: Int = ImportLimits.maximumFeatures
    ) {
        self.maximumFeatures = maximumFeatures
        self.encoding = encoding
        self.xColumn = xColumn
        self.yColumn = yColumn
        self.layerName = layerName
    }
}

/// One file format that features can be read from. Adding a format means adding one type
/// that conforms, and listing it in ``LayerFormats/readers``.
public protocol LayerReader: Sendable {
    /// Short name, as `--format` takes it: "geojson", "csv".
    var formatName: String { get }
    /// File name endings this reader claims, lower-case, without the dot.
    var fileExtensions: [String] { get }
    /// Reads a whole file. Syntax errors that stop reading are thrown; problems with single
    /// features are returned in ``LayerFile/problems`` so that all of them can be reported.
    func read(_ file: InputFile, options: ReadOptions) throws(FormatError) -> LayerFile
}

extension LayerReader {
    /// Reads bytes that have no file behind them (tests, in-memory data).
    public func read(_ bytes: [UInt8], options: ReadOptions) throws(FormatError) -> LayerFile {
        try read(InputFile(path: "", bytes: bytes), options: options)
    }
}

/// A file to read: where it is (readers built on GDAL open it by path) and its bytes (the
/// others parse those; the importer also fingerprints them).
public struct InputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// The registered readers and writers, in one place.
public enum LayerFormats {
    public static let readers: [any LayerReader] = [
        GeoJSONReader(), CSVPointReader(), GDALLayerReader.shapefile, GDALLayerReader.geoPackage, GDALLayerReader.kml,
        GDALLayerReader.xlsx,
    ]

    /// The writer for `--format`; KMZ needs the directory of the icon PNGs to embed.
    public static func writer(format: String, iconDirectory: String?) -> (any LayerWriter)? {
        switch format.lowercased() {
        case "geojson", "json": GeoJSONLayerWriter()
        case "kml": KMLLayerWriter.kml()
        case "kmz": KMLLayerWriter.kmz(iconDirectory: iconDirectory)
        case "gpkg", "geopackage": GeoPackageLayerWriter()
        case "shp", "shapefile": GDALLayerWriter.shapefile
        case "csv": CSVLayerWriter()
        default: nil
        }
    }

    public static let writerNames = ["geojson", "kml", "kmz", "gpkg", "shp", "csv"]

    /// The reader for `formatName`, or for the ending of `fileName`.
    public static func reader(forFile fileName: String, format formatName: String? = nil) -> (any LayerReader)? {
        if let formatName {
            return readers.first { $0.formatName == formatName.lowercased() }
        }
        let lower = fileName.lowercased()
        return readers.first { reader in reader.fileExtensions.contains { lower.hasSuffix("." + $0) } }
    }
}

/// Why a file could not be read at all.
public enum FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    case syntax(line: Int, column: Int?, reason: String)
    case structure(String)
    case encoding(String)
    /// The file holds more than `limit` features (at least `count`).
    case tooManyFeatures(Int, limit: Int)

    public var description: String {
        switch self {
        case .syntax(let line, let column, let reason):
            "第 \(line) 行\(column.map { "第 \($0) 列" } ?? "")：\(reason) (syntax error)"
        case .structure(let reason):
            reason
        case .encoding(let reason):
            "文字编码错误：\(reason) (text encoding)"
        case .tooManyFeatures(let count, let limit):
            "有 \(count) 个以上要素，超过每次导入的上限 \(limit) 个：请拆分成几个文件导入，或用 --max-features 调高上限 (too many features)"
        }
    }
}
