import Foundation

/// A department whose opinion an application needs before it is decided (seed 四(一) and the
/// siting rules): which one follows from the frozen check's findings.
public enum ConsultingAuthority: String, Codable, Sendable, CaseIterable {
    /// 水利局: river management area, or flood, drainage, water supply, levees, river regime.
    case water
    /// 交通运输局: navigation waters.
    case transport
    /// 农业农村局 (渔业主管部门): fishery waters.
    case fishery

    public var label: String {
        switch self {
        case .water: "水行政主管部门（县水利局）"
        case .transport: "交通运输主管部门（县交通运输局）"
        case .fishery: "渔业主管部门（县农业农村局）"
        }
    }

    public var shortLabel: String {
        switch self {
        case .water: "水利局"
        case .transport: "交通运输局"
        case .fishery: "农业农村局（渔业）"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let found = Self.allCases.first(where: { $0.rawValue == t || $0.shortLabel == t || $0.label == t }) else { return nil }
        self = found
    }

    /// The authority a finding calls for, or nil: by the zone the finding is about (河道管理范围
    /// → water, 航道 → transport, 重要渔业水体 → fishery), else by the authority the rule names
    /// (水利/水行政 → water, 交通 → transport, 渔业 → fishery). Only what the layers and the rules
    /// can tell: there is no levee layer, so a levee crossing is not detected here.
    public static func needed(zoneKind: String?, ruleAuthority: String?) -> ConsultingAuthority? {
        switch zoneKind {
        case "river_management": return .water
        case "navigation": return .transport
        case "fishery_water": return .fishery
        default: break
        }
        guard let text = ruleAuthority else { return nil }
        if text.contains("水利") || text.contains("水行政") { return .water }
        if text.contains("交通") || text.contains("航道") { return .transport }
        if text.contains("渔业") { return .fishery }
        return nil
    }
}

/// An opinion on file: who gave it (the authority), what it says, on which day, entered by whom.
public struct Consultation: Codable, Sendable, Equatable {
    public var authority: ConsultingAuthority
    public var opinion: String
    /// `YYYY-MM-DD` (China): the date of the authority's letter.
    public var on: String
    /// The staff member who entered it.
    public var by: String

    public init(authority: ConsultingAuthority, opinion: String, on: String, by: String) {
        self.authority = authority
        self.opinion = opinion
        self.on = on
        self.by = by
    }
}
