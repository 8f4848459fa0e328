import GeoKit
import JSON

/// Reads GeoJSON (RFC 7946) FeatureCollections, or a single Feature, keeping every property
/// and the feature `id`. A legacy `crs` member (GeoJSON 2008) is reported as the declared CRS.
public struct GeoJSONReader: LayerReader {
    public let formatName = "geojson"
    public let fileExtensions = ["geojson", "json"]

    public init() {}

    public func read(_ file: InputFile, options: ReadOptions) throws(FormatError) -> LayerFile {
        let bytes = file.bytes
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .structure("GeoJSON 文件为空 (empty file)")
        }
        // Features are converted as they are parsed, so the file is never held as a whole tree.
        let collector = FeatureCollector(reader: self)
        let document: JSONValue
        let streamed: Int?
        do {
            (document, streamed) = try JSONParser().parse(bytes, streamingArrayMember: "features") { i, value in
                collector.add(value, position: .feature(i + 1))
            }
        } catch {
            throw .syntax(line: error.line, column: error.column, reason: "JSON 格式错误：\(error.reason)")
        }
        guard let root = document.objectValue else {
            throw .structure("GeoJSON 顶层应为对象，实为 \(document.typeName) (top level must be an object)")
        }
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            guard streamed != nil else {
                throw .structure("FeatureCollection 缺少 features 数组 (missing \"features\" array)")
            }
        case "Feature":
            collector.add(document, position: .feature(1))
        case let other:
            throw .structure("GeoJSON 顶层类型应为 FeatureCollection，实为 \(other ?? "（无）") (not a FeatureCollection)")
        }
        let count = collector.features.count + collector.problems.count
        if count > options.maximumFeatures { throw .tooManyFeatures(count, limit: options.maximumFeatures) }
        return LayerFile(
            format: formatName, features: collector.features, problems: collector.problems, declaredCRS: try declaredCRS(root),
            encoding: "UTF-8")
    }

    /// Gathers features handed over by the streaming parser.
    private final class FeatureCollector {
        let reader: GeoJSONReader
        var features: [RawFeature] = []
        var problems: [RawFeatureProblem] = []

        init(reader: GeoJSONReader) {
            self.reader = reader
        }

        func add(_ value: JSONValue, position: FeaturePosition) {
            do {
                features.append(try reader.feature(value, position: position))
            } catch {
                problems.append(RawFeatureProblem(position: position, reason: error.description))
            }
        }
    }

    private func feature(_ value: JSONValue, position: FeaturePosition) throws(GeometryProblem) -> RawFeature {
        guard let object = value.objectValue, object["type"]?.stringValue == "Feature" else {
            throw .malformed("不是 Feature 对象 (not a Feature object)")
        }
        guard let geometryValue = object["geometry"], !geometryValue.isNull else {
            throw .malformed("缺少几何 (geometry is null or missing)")
        }
        let geometry = try Geometry(geoJSON: geometryValue)
        let properties: JSONObject
        switch object["properties"] {
        case .object(let p)?: properties = p
        case .null?, nil: properties = JSONObject()
        case let other?: throw .malformed("properties 应为对象，实为 \(other.typeName)")
        }
        let id: String? =
            switch object["id"] {
            case .string(let s)?: s
            case .number(let n)?: JSONWriter.format(number: n)
            default: nil
            }
        return RawFeature(position: position, id: id, geometry: geometry, properties: properties)
    }

    private func declaredCRS(_ root: JSONObject) throws(FormatError) -> CRS? {
        guard let crs = root["crs"]?.objectValue, let name = crs["properties"]?.objectValue?["name"]?.stringValue else { return nil }
        do {
            return try CRS(parsing: name)
        } catch {
            throw .structure("GeoJSON 的 crs 成员“\(name)”无法识别 (unrecognised crs member)")
        }
    }
}
