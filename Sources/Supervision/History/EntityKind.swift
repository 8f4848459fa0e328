/// What kind of thing a history event or a stored ledger document is about. Open-ended on
/// purpose: later parts of the workflow (cases, samples, tips) add kinds without touching
/// the store.
public struct EntityKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// An outfall's supervision file (lifecycle, temporary number, national platform); id = the outfall layer id.
    public static let outfall = EntityKind(rawValue: "outfall")
    /// A level-1 suspected point (疑似排污口) from remote sensing or UAV interpretation.
    public static let suspect = EntityKind(rawValue: "suspect")
    /// A field survey record (level 2/3 排查记录) waiting for or past review.
    public static let survey = EntityKind(rawValue: "survey")
    /// A discharging unit (排污单位).
    public static let unit = EntityKind(rawValue: "unit")
    /// A drainage channel (排污通道) from a unit to an outfall.
    public static let channel = EntityKind(rawValue: "channel")
    /// A source trace (溯源) of one outfall.
    public static let trace = EntityKind(rawValue: "trace")
    /// A stored file (photo, scan, PDF), named by its SHA-256.
    public static let attachment = EntityKind(rawValue: "attachment")
    /// A user account (sign-in, roles).
    public static let user = EntityKind(rawValue: "user")
    /// The siting rules in force.
    public static let rules = EntityKind(rawValue: "rules")

    /// A feature of a map layer (rivers, zones, …, outfalls as geometry): `layer.outfalls`.
    public static func layer(_ name: String) -> EntityKind { EntityKind(rawValue: "layer.\(name)") }

    /// Chinese name for pages and reports.
    public var label: String {
        switch rawValue {
        case "outfall": "排污口档案"
        case "suspect": "疑似排污口"
        case "survey": "排查记录"
        case "unit": "排污单位"
        case "channel": "排污通道"
        case "trace": "溯源记录"
        case "attachment": "附件"
        case "user": "用户"
        case "rules": "核查规则"
        case "application": "排污口设置申请"
        case "settings.calendar": "工作日历"
        case "tip": "群众举报"
        case "tip.identity": "举报人信息"
        case "settings.publication": "公开设置"
        case "layer.rivers": "河流"
        case "layer.zones": "保护区/功能区"
        case "layer.intakes": "取水口"
        case "layer.sections": "监测断面"
        case "layer.areas": "行政区"
        case "layer.outfalls": "排污口"
        default: rawValue
        }
    }
}

/// One entity: its kind and its id within that kind.
public struct EntityRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: EntityKind
    public var id: Int64

    public init(_ kind: EntityKind, _ id: Int64) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue)/\(id)" }
}
