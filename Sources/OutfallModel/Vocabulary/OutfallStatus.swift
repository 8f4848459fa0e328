/// Where an outfall stands in its life.
public enum OutfallStatus: String, Vocabulary, Codable {
    public static let lookup = makeLookup()

    case proposed
    case active
    case remediating
    case inactive
    case removed

    public var label: String {
        switch self {
        case .proposed: "拟设置"
        case .active: "在用"
        case .remediating: "整治中"
        case .inactive: "停用"
        case .removed: "已取缔/封堵"
        }
    }

    public var aliases: [String] {
        switch self {
        case .proposed: ["拟设", "拟建", "新建", "planned"]
        case .active: ["正常", "使用中", "正常使用", "in_use", "运行"]
        case .remediating: ["整治", "正在整治"]
        case .inactive: ["停用中", "闲置"]
        case .removed: ["取缔", "封堵", "已取缔", "已封堵", "已拆除", "closed"]
        }
    }
}
