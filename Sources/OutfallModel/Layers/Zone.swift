import GeoKit
import JSON

/// A zone polygon: a drinking-water protection zone, a nature-reserve zone, a
/// water-function zone, a river management area…
public struct Zone: LayerRecord {
    public static let layer = LayerKind.zones

    public var id: Int64?
    public var key: String
    public var name: String
    public var kind: ZoneKind
    public var level: ZoneLevel?
    /// For water-function zones: the GB 3838 class the water must meet (水质目标).
    public var targetClass: WaterClass?
    /// For water-function zones: whether the target is currently met (是否达标).
    public var attains: Bool?
    public var geometry: Geometry
    public var extra: JSONObject
    public var origin: CoordinateOrigin

    public init(
        id: Int64? = nil, key: String, name: String, kind: ZoneKind, level: ZoneLevel? = nil,
        targetClass: WaterClass? = nil, attains: Bool? = nil, geometry: Geometry,
        extra: JSONObject = JSONObject(), origin: CoordinateOrigin = .cgcs2000
    ) {
        self.id = id
        self.key = key
        self.name = name
        self.kind = kind
        self.level = level
        self.targetClass = targetClass
        self.attains = attains
        self.geometry = geometry
        self.extra = extra
        self.origin = origin
    }

    public init(key: String, geometry: Geometry, properties: JSONObject, origin: CoordinateOrigin) throws(FeatureProblem) {
        var reader = PropertyReader(properties)
        let name = try reader.requiredString(.zoneName)
        let kind = try reader.requiredTerm(ZoneKind.self, .zoneKind)
        let levelText = reader.string(.zoneLevel)
        let level = levelText.map(ZoneLevel.init(parsing:))
        if !kind.requiredLevels.isEmpty {
            guard let levelText else {
                throw .missing(.zoneLevel)
            }
            guard let level, kind.requiredLevels.contains(level) else {
                throw .invalidValue(
                    property: "level", value: levelText,
                    expected: kind.requiredLevels.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、"))
            }
        }
        let target = try reader.waterClass(.targetClass)
        if kind == .waterFunction && target == nil {
            throw .missing(.targetClass)
        }
        let attains = try reader.bool(.attains)
        self.init(
            key: key, name: name, kind: kind, level: level, targetClass: target, attains: attains,
            geometry: geometry, extra: reader.extra, origin: origin)
    }

    public var canonicalProperties: JSONObject {
        JSONObject([
            ("name", .string(name)),
            ("kind", .string(kind.rawValue)),
            ("level", level.map { .string($0.rawValue) } ?? .null),
            ("target_class", targetClass.map { .string($0.roman) } ?? .null),
            ("attains", attains.map(JSONValue.bool) ?? .null),
        ])
    }

    /// "饮用水水源保护区 一级保护区" — how a planner names the zone's kind and level.
    public var kindAndLevelLabel: String {
        [kind.label, level?.label].compactMap { $0 }.joined(separator: " ")
    }
}
