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
        var previous: [JSONObject.Member] = []
        for f in features.indices {
            // Most features of a layer have the same keys as the one before: skip hashing them.
            let members = features[f].properties.members
            if members.count == previous.count && Self.sameKeys(members, previous) { continue }
            for member in members where seen.insert(member.key).inserted { names.append(member.key) }
            previous = members
        }
        fieldNames = names
    }

    private static func sameKeys(_ a: [JSONObject.Member], _ b: [JSONObject.Member]) -> Bool {
        for i in a.indices where a[i].key != b[i].key { return false }
        return true
    }

    /// What each field holds over all features, in ``fieldNames`` order: a pass over the
    /// features on every core.
    public func fieldKinds() -> [FieldKind] {
        let index = Dictionary(fieldNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let share = max(1024, (features.count + cores - 1) / cores)
        let parts = stride(from: 0, to: features.count, by: share).map { $0..<min(features.count, $0 + share) }
        let partial = parts.parallelMap(minimumShare: 1) { range in
            var kinds = Array(repeating: FieldKind(), count: fieldNames.count)
            for f in range {
                let members = features[f].properties.members
                for position in members.indices {
                    let key = members[position].key
                    let i = position < fieldNames.count && fieldNames[position] == key ? position : index[key]
                    if let i { kinds[i].add(members[position].value) }
                }
            }
            return kinds
        }
        var kinds = Array(repeating: FieldKind(), count: fieldNames.count)
        for part in partial {
            for i in kinds.indices { kinds[i].merge(part[i]) }
        }
        return kinds
    }
}

/// The kinds of value a field holds across a layer's features; formats with typed columns
/// choose the column type from it.
public struct FieldKind: Sendable, Equatable {
    public private(set) var hasIntegers = false
    public private(set) var hasFractions = false
    public private(set) var hasBools = false
    /// Strings, arrays or objects: the column must be text.
    public private(set) var hasText = false

    public init() {}

    /// A declared column: text, real numbers or whole numbers, whatever the values turn out
    /// to be (a layer with a fixed schema, written before its features are read).
    public static let text = FieldKind(hasText: true)
    public static let real = FieldKind(hasFractions: true)
    public static let integer = FieldKind(hasIntegers: true)

    private init(hasIntegers: Bool = false, hasFractions: Bool = false, hasText: Bool = false) {
        self.hasIntegers = hasIntegers
        self.hasFractions = hasFractions
        self.hasText = hasText
    }

    public mutating func add(_ value: JSONValue) {
        switch value {
        case .number(let d): if d == d.rounded() && abs(d) < 9e15 { hasIntegers = true } else { hasFractions = true }
        case .bool: hasBools = true
        case .string, .array, .object: hasText = true
        case .null: break
        }
    }

    public mutating func merge(_ other: FieldKind) {
        hasIntegers = hasIntegers || other.hasIntegers
        hasFractions = hasFractions || other.hasFractions
        hasBools = hasBools || other.hasBools
        hasText = hasText || other.hasText
    }

    /// Only numbers (and nulls), at least one.
    public var isNumeric: Bool { (hasIntegers || hasFractions) && !hasBools && !hasText }
    /// Only whole numbers that fit a 64-bit integer exactly (and nulls), at least one.
    public var isInteger: Bool { isNumeric && !hasFractions }
    /// Only booleans (and nulls), at least one.
    public var isBool: Bool { hasBools && !hasIntegers && !hasFractions && !hasText }
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
    /// Writes `layers` to `path` (a file; for single-layer formats with several layers, a
    /// directory), reading each layer's features once, a page at a time.
    func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError)
}

extension LayerWriter {
    /// For formats of one layer per file: one layer goes to `path`, several to files named
    /// after their layers in the directory `path`.
    func writeEach(_ layers: [LayerStream], to path: String, ending: String, _ writeOne: (LayerStream, String) throws(ExportError) -> Void) throws(ExportError) {
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
    /// Reading the features to write failed (the registry's error): nothing is left written.
    case sourceFailed(any Error)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "无法写入 \(path)：\(reason) (cannot write)"
        case .unsupported(let reason): reason
        case .sourceFailed(let error): "读取要导出的要素失败：\(error) (reading the features failed)"
        }
    }
}
