/// A property of the import contract (DESIGN.md, "Layer schema"): its canonical name and the
/// Chinese and other aliases accepted for it, with their comparison forms worked out once.
public struct PropertyName: Hashable, Sendable {
    public let canonical: String
    public let aliases: [String]
    /// ``String/vocabularyKey`` of the canonical name and every alias.
    let forms: Set<String>

    public init(_ canonical: String, aliases: [String] = []) {
        self.canonical = canonical
        self.aliases = aliases
        self.forms = Set(([canonical] + aliases).map(\.vocabularyKey))
    }

    // Every layer
    public static let name = PropertyName("name", aliases: ["名称"])
    // rivers
    public static let riverName = PropertyName("name", aliases: ["名称", "河流名称", "河名"])
    public static let reachID = PropertyName("reach_id", aliases: ["河段编码", "河段编号", "reach_code"])
    // zones
    public static let zoneName = PropertyName("name", aliases: ["名称", "区划名称"])
    public static let zoneKind = PropertyName("kind", aliases: ["类别", "类型", "区划类别"])
    public static let zoneLevel = PropertyName("level", aliases: ["级别", "等级", "分级"])
    public static let targetClass = PropertyName("target_class", aliases: ["目标水质", "水质目标", "水质类别目标"])
    public static let attains = PropertyName("attains", aliases: ["是否达标", "达标情况", "达标"])
    // intakes and sections
    public static let intakeName = PropertyName("name", aliases: ["名称", "取水口名称", "水源地名称"])
    public static let sectionName = PropertyName("name", aliases: ["名称", "断面名称"])
    public static let sectionKind = PropertyName("kind", aliases: ["类别", "断面类别", "级别", "断面级别"])
    // areas
    public static let areaName = PropertyName("name", aliases: ["名称", "行政区名称"])
    public static let adcode = PropertyName("adcode", aliases: ["区划代码", "行政区划代码", "代码"])
    public static let areaLevel = PropertyName("level", aliases: ["级别", "层级"])
    // outfalls
    public static let outfallName = PropertyName("name", aliases: ["名称", "排污口名称", "排口名称"])
    public static let outfallType = PropertyName("type", aliases: ["类型", "排污口类型", "排口类型", "排污口分类"])
    public static let status = PropertyName("status", aliases: ["状态", "排污口状态", "使用状态"])
    public static let nationalCode = PropertyName("national_code", aliases: ["国家编码", "排污口编码", "统一编码"])
    public static let localCode = PropertyName("local_code", aliases: ["本地编码", "登记编号"])
    public static let responsible = PropertyName("responsible", aliases: ["责任主体", "责任单位", "设置单位"])
}
