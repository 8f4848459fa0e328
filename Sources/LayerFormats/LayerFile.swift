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
    public var encoding: String?

    public init(format: String, features: [RawFeature], problems: [RawFeatureProblem], declaredCRS: CRS? = nil, encoding: String? = nil) {
        self.format = format
        self.features = features
        self.problems = problems
        self.declaredCRS = declaredCRS
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

    public init(encoding: TextEncoding? = nil, xColumn: String? = nil, yColumn: String? = nil) {
        self.encoding = encoding
        self.xColumn = xColumn
        self.yColumn = yColumn
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
    func read(_ bytes: [UInt8], options: ReadOptions) throws(FormatError) -> LayerFile
}

/// The registered readers, in one place.
public enum LayerFormats {
    public static let readers: [any LayerReader] = [GeoJSONReader(), CSVPointReader()]

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

    public var description: String {
        switch self {
        case .syntax(let line, let column, let reason):
            "第 \(line) 行\(column.map { "第 \($0) 列" } ?? "")：\(reason) (syntax error)"
        case .structure(let reason):
            reason
        case .encoding(let reason):
            "文字编码错误：\(reason) (text encoding)"
        }
    }
}
