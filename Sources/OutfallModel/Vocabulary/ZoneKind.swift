/// Kinds of zone polygons (DESIGN.md, "Layer schema").
public enum ZoneKind: String, Vocabulary, Codable {
    public static let lookup = makeLookup()

    case drinkingWater = "drinking_water"
    case natureReserve = "nature_reserve"
    case scenicWater = "scenic_water"
    case fisheryWater = "fishery_water"
    case specialWater = "special_water"
    case waterFunction = "water_function"
    case riverManagement = "river_management"
    case navigation

    public var label: String {
        switch self {
        case .drinkingWater: "饮用水水源保护区"
        case .natureReserve: "自然保护区"
        case .scenicWater: "风景名胜区水体"
        case .fisheryWater: "重要渔业水体"
        case .specialWater: "其他特殊经济文化价值水体"
        case .waterFunction: "水功能区"
        case .riverManagement: "河道管理范围"
        case .navigation: "航道"
        }
    }

    public var aliases: [String] {
        switch self {
        case .drinkingWater: ["饮用水源保护区", "水源保护区", "饮用水水源地保护区"]
        case .natureReserve: ["保护区（自然）", "自然保护地"]
        case .scenicWater: ["风景名胜区"]
        case .fisheryWater: ["渔业水体"]
        case .specialWater: ["特殊价值水体"]
        case .waterFunction: ["水功能区划"]
        case .riverManagement: ["河道管理区", "河道管理范围线"]
        case .navigation: ["航道水域", "通航水域"]
        }
    }

    /// The levels a zone of this kind must have; empty when the level is free text.
    public var requiredLevels: [ZoneLevel] {
        switch self {
        case .drinkingWater: [.level1, .level2, .quasi]
        case .natureReserve: [.core, .buffer, .experimental]
        default: []
        }
    }
}

/// The level of a zone: fixed for drinking-water and nature-reserve zones, free text
/// (kept as given) for the other kinds.
public enum ZoneLevel: Hashable, Sendable, CustomStringConvertible {
    case level1, level2, quasi
    case core, buffer, experimental
    case other(String)

    public static let known: [ZoneLevel] = [.level1, .level2, .quasi, .core, .buffer, .experimental]

    public init(parsing text: String) {
        let key = text.vocabularyKey
        self = Self.known.first { level in
            ([level.rawValue, level.label] + level.aliases).contains { $0.vocabularyKey == key }
        } ?? .other(text.trimmed)
    }

    public var rawValue: String {
        switch self {
        case .level1: "1"
        case .level2: "2"
        case .quasi: "quasi"
        case .core: "core"
        case .buffer: "buffer"
        case .experimental: "experimental"
        case .other(let text): text
        }
    }

    public var label: String {
        switch self {
        case .level1: "一级保护区"
        case .level2: "二级保护区"
        case .quasi: "准保护区"
        case .core: "核心区"
        case .buffer: "缓冲区"
        case .experimental: "实验区"
        case .other(let text): text
        }
    }

    private var aliases: [String] {
        switch self {
        case .level1: ["一级", "level1", "i", "一"]
        case .level2: ["二级", "level2", "ii", "二"]
        case .quasi: ["准", "准保护"]
        case .core: ["核心"]
        case .buffer: ["缓冲"]
        case .experimental: ["实验", "试验区"]
        case .other: []
        }
    }

    public var description: String { rawValue }
}
