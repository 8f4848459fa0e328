import GeoKit
import JSON

/// Reads GeoJSON (RFC 7946) FeatureCollections, or a single Feature, keeping every property
/// and the feature `id`. A legacy `crs` member (GeoJSON 2008) is reported as the declared CRS.
public struct GeoJSONReader: LayerReader {
    public let formatName = "geojson"
    public let fileExtensions = ["geojson", "json"]

    public init() {}

    public func read(_ bytes: [UInt8], options: ReadOptions) throws(FormatError) -> LayerFile {
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw .syntax(line: error.line, column: error.column, reason: "JSON 格式错误：\(error.reason)")
        }
        guard let root = document.objectValue else {
            throw .structure("GeoJSON 顶层应为对象，实为 \(document.typeName) (top level must be an object)")
        }
        let featureValues: [JSONValue]
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            guard let array = root["features"]?.arrayValue else {
                throw .structure("FeatureCollection 缺少 features 数组 (missing \"features\" array)")
            }
            featureValues = array
        case "Feature":
            featureValues = [document]
        case let other:
            throw .structure("GeoJSON 顶层类型应为 FeatureCollection，实为 \(other ?? "（无）") (not a FeatureCollection)")
        }
        var features: [RawFeature] = []
        var problems: [RawFeatureProblem] = []
        for (index, value) in featureValues.enumerated() {
            let position = FeaturePosition.feature(index + 1)
            do {
                features.append(try feature(value, position: position))
            } catch {
                problems.append(RawFeatureProblem(position: position, reason: error.description))
            }
        }
        return LayerFile(
            format: formatName, features: features, problems: problems, declaredCRS: try declaredCRS(root), encoding: "UTF-8")
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
