import Foundation

/// One thing about an outfall the public site may publish (信息公开). Which are on is the
/// county's setting (``PublicationSettings``); what is never published has no case here at
/// all — internal notes, survey photos, a person's name or phone as a contact, tips and tipsters.
public enum PublicField: String, Codable, Sendable, CaseIterable {
    case name
    /// The national code, else the local registry code.
    case code
    /// The HJ 1312 type.
    case type
    /// Longitude and latitude (and so the map).
    case location
    /// 受纳水体: the river it discharges into.
    case receivingWater = "receiving_water"
    /// 责任主体 as an organisation: the discharging unit the tracing found, or the government
    /// that answers for it — never a free-typed contact, which may be a person.
    case responsibleUnit = "responsible_unit"
    /// 执行的排放标准 (and grade), where the county set one.
    case dischargeStandard = "discharge_standard"
    /// 监督电话: the county's supervision number (a setting).
    case supervisionPhone = "supervision_phone"
    /// 整治状态: the remediation case's state.
    case remediationState = "remediation_state"
    /// 审批/登记 decisions and registrations (the applications workflow fills this section).
    case approvals
    /// 双随机 inspection draws and results (the inspections workflow fills this section).
    case inspections

    public var label: String {
        switch self {
        case .name: "名称"
        case .code: "编码"
        case .type: "类型"
        case .location: "位置（经纬度）"
        case .receivingWater: "受纳水体"
        case .responsibleUnit: "责任单位"
        case .dischargeStandard: "执行标准"
        case .supervisionPhone: "监督电话"
        case .remediationState: "整治状态"
        case .approvals: "审批/登记结果"
        case .inspections: "双随机检查结果"
        }
    }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")
        guard let found = Self.allCases.first(where: { $0.rawValue == t || $0.label == t }) else { return nil }
        self = found
    }
}
