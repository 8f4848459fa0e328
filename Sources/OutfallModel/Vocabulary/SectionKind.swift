/// Monitoring sections (断面) by who controls them.
public enum SectionKind: String, Vocabulary, Codable {
    public static let lookup = makeLookup()

    case national, provincial, municipal, county

    public var label: String {
        switch self {
        case .national: "国控断面"
        case .provincial: "省控断面"
        case .municipal: "市控断面"
        case .county: "县控断面"
        }
    }

    public var aliases: [String] {
        switch self {
        case .national: ["国控", "国家", "国考", "国考断面"]
        case .provincial: ["省控", "省级", "区控", "自治区控"]
        case .municipal: ["市控", "市级"]
        case .county: ["县控", "县级"]
        }
    }
}

/// Administrative area levels used for 属地 (which township an outfall belongs to).
public enum AreaLevel: String, Vocabulary, Codable {
    public static let lookup = makeLookup()

    case county, township
    /// 县城建成区: the county town's built-up area, one of the plan's scopes for the targets.
    case builtUp = "built_up"

    public var label: String {
        switch self {
        case .county: "县级"
        case .township: "乡镇级"
        case .builtUp: "县城建成区"
        }
    }

    public var aliases: [String] {
        switch self {
        case .county: ["县", "区县", "县区"]
        case .township: ["乡镇", "镇", "乡", "街道"]
        case .builtUp: ["建成区", "县城建成区", "城区"]
        }
    }
}
