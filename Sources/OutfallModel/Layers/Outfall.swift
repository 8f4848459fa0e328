import GeoKit
import JSON

/// A river outfall (入河排污口) as registered: what was surveyed or entered by hand.
/// What is derived from the layers (river and bank, township, siting verdict) is kept
/// apart, so it can be recomputed when the layers change.
public struct Outfall: LayerRecord {
    public static let layer = LayerKind.outfalls

    public var id: Int64?
    public var key: String
    public var name: String
    public var type: OutfallType
    public var status: OutfallStatus?
    /// The national code (HJ 1235-2021), assigned upstream; opaque here.
    public var nationalCode: String?
    /// Our local registry code (adcode + type + serial); never the national code.
    public var localCode: String?
    /// 责任主体: who answers for the outfall.
    public var responsible: String?
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin

    public init(
        id: Int64? = nil, key: String, name: String, type: OutfallType, status: OutfallStatus? = nil,
        nationalCode: String? = nil, localCode: String? = nil, responsible: String? = nil, location: Coordinate,
        extra: JSONObject = JSONObject(), origin: CoordinateOrigin = .cgcs2000
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.type = type
        self.status = status
        self.nationalCode = nationalCode
        self.localCode = localCode
        self.responsible = responsible
        self.geometry = .point(location)
        self.extra = extra
        self.origin = origin
    }

    public init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem) {
        var reader = PropertyReader(properties)
        let name = try reader.requiredString(.outfallName)
        let type = try reader.requiredTerm(OutfallType.self, .outfallType)
        let status = try reader.term(OutfallStatus.self, .status)
        let nationalCode = reader.string(.nationalCode)
        if let nationalCode, let problem = NationalCode.basicRule.problem(with: nationalCode) {
            throw .invalidValue(property: "national_code", value: nationalCode, expected: problem)
        }
        let localCode = reader.string(.localCode)
        let responsible = reader.string(.responsible)
        guard case .point(let location) = geometry else { throw .wrongGeometryType(found: geometry.typeName, layer: .outfalls) }
        self.init(
            key: key, name: name, type: type, status: status, nationalCode: nationalCode, localCode: localCode,
            responsible: responsible, location: location, extra: reader.extra, origin: origin)
    }

    public var location: Coordinate { geometry.point ?? Coordinate(x: .nan, y: .nan) }

    public var canonicalProperties: JSONObject {
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return JSONObject([
            ("name", .string(name)),
            ("type", .string(type.rawValue)),
            ("type_label", .string(type.label)),
            ("status", status.map { .string($0.rawValue) } ?? .null),
            ("national_code", optional(nationalCode)),
            ("local_code", optional(localCode)),
            ("responsible", optional(responsible)),
        ])
    }
}

/// Rules a national outfall code must satisfy. HJ 1235-2021's segment layout was not
/// confirmed, so the built-in rule only refuses what cannot be a code; a county that knows
/// the layout plugs in a stricter rule.
public protocol NationalCodeRule: Sendable {
    /// Why `code` is not acceptable, or nil.
    func problem(with code: String) -> String?
}

public enum NationalCode {
    /// 1–64 ASCII letters, digits and hyphens.
    public static let basicRule: any NationalCodeRule = BasicNationalCodeRule()
}

struct BasicNationalCodeRule: NationalCodeRule {
    func problem(with code: String) -> String? {
        let ok = (1...64).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return ok ? nil : "1–64 位字母、数字或连字符（HJ 1235-2021 国家编码）"
    }
}
