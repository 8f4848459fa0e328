import GeoKit

/// The layers of the registry, as named in the import contract (DESIGN.md, "Layer schema").
public enum LayerKind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case rivers, zones, intakes, sections, areas, outfalls

    /// Accepts the canonical name, its singular, or the Chinese name.
    public init?(parsing text: String) {
        let t = text.trimmed.lowercased()
        if let exact = LayerKind(rawValue: t) { self = exact; return }
        guard let match = LayerKind.allCases.first(where: { $0.aliases.contains(t) }) else { return nil }
        self = match
    }

    private var aliases: [String] {
        switch self {
        case .rivers: ["river", "reach", "reaches", "河流", "河段", "水系"]
        case .zones: ["zone", "保护区", "区划", "功能区"]
        case .intakes: ["intake", "取水口"]
        case .sections: ["section", "断面", "监测断面"]
        case .areas: ["area", "行政区", "行政区划"]
        case .outfalls: ["outfall", "排污口", "入河排污口"]
        }
    }

    public var chineseName: String {
        switch self {
        case .rivers: "河流河段"
        case .zones: "保护区与功能区"
        case .intakes: "饮用水取水口"
        case .sections: "监测断面"
        case .areas: "行政区"
        case .outfalls: "入河排污口"
        }
    }

    /// The geometry family features of this layer must have.
    public var geometryFamily: Geometry.Family {
        switch self {
        case .rivers: .lineal
        case .zones, .areas: .polygonal
        case .intakes, .sections, .outfalls: .puntal
        }
    }

    /// Whether features must be single points (not MultiPoint).
    public var requiresSinglePoint: Bool { geometryFamily == .puntal }

    public var description: String { rawValue }
}
