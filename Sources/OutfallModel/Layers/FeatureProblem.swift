import GeoKit

/// Why one feature cannot be accepted, worded for the planner who sent the file. The
/// importer adds the file name and feature number or line.
public enum FeatureProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case missingProperty(name: String, aliases: [String])
    case invalidValue(property: String, value: String, expected: String)
    case geometry(GeometryProblem)
    case wrongGeometryType(found: String, layer: LayerKind)
    case outsideRegion(Coordinate, RegionProblem)
    case unrepairable(String)
    /// `first`: where the first feature with it is, as the file's reader words it.
    case duplicateKey(String, first: String)
    case duplicateValue(property: String, value: String, first: String)
    /// A text value or a property name (`what` says which) longer than the import limit.
    case textTooLong(what: String, length: Int, limit: Int)
    case other(String)

    static func missing(_ property: PropertyName) -> FeatureProblem {
        .missingProperty(name: property.canonical, aliases: property.aliases)
    }

    public var description: String {
        switch self {
        case .missingProperty(let name, let aliases):
            let alias = aliases.isEmpty ? "" : "（或 \(aliases.joined(separator: "、"))）"
            return "缺少必填属性 \(name)\(alias) (missing property \(name))"
        case .invalidValue(let property, let value, let expected):
            return "属性 \(property) 的值“\(value)”无法识别，应为：\(expected) (invalid value)"
        case .geometry(let problem):
            return problem.description
        case .wrongGeometryType(let found, let layer):
            let wanted =
                switch layer.geometryFamily {
                case .puntal: "Point"
                case .lineal: "LineString 或 MultiLineString"
                case .polygonal: "Polygon 或 MultiPolygon"
                }
            return "图层 \(layer)（\(layer.chineseName)）需要 \(wanted)，却是 \(found) (wrong geometry type)"
        case .outsideRegion(let c, let problem):
            return "坐标 \(c) 不在配置区域内：\(problem) (point outside the configured region)"
        case .unrepairable(let reason):
            return "多边形无效且无法修复：\(reason) (invalid polygon could not be repaired)"
        case .duplicateKey(let key, let first):
            return "编号“\(key)”与本文件\(first)重复 (duplicate id)"
        case .textTooLong(let what, let length, let limit):
            return "\(what)长 \(length) 个字符，超过上限 \(limit) 个字符 (text too long)"
        case .duplicateValue(let property, let value, let first):
            return "属性 \(property) 的值“\(value)”与本文件\(first)相同，编码不能重复 (duplicate \(property))"
        case .other(let text):
            return text
        }
    }
}
