/// Outfall types of HJ 1312-2023 (second level), with their top-level category.
///
/// No official letter codes for the types were found, so the raw values are internal enum
/// names and never presented as official codes.
public enum OutfallType: String, Vocabulary, Codable {
    public static let lookup = makeLookup()

    // 工业排污口
    case industrialEnterprise = "industrial_enterprise"
    case industrialEnterpriseStorm = "industrial_enterprise_storm"
    case industrialParkWWTP = "industrial_park_wwtp"
    case industrialParkStorm = "industrial_park_storm"
    // 城镇污水处理厂排污口
    case urbanWWTP = "urban_wwtp"
    // 农业排口
    case largeLivestock = "large_livestock"
    case largeAquaculture = "large_aquaculture"
    // 其他排口
    case irrigationDistrict = "irrigation_district"
    case portTerminal = "port_terminal"
    case smallLivestock = "small_livestock"
    case smallAquaculture = "small_aquaculture"
    case urbanDomesticScattered = "urban_domestic_scattered"
    case ruralWWTP = "rural_wwtp"
    case ruralDomesticScattered = "rural_domestic_scattered"
    case urbanStorm = "urban_storm"
    case other = "other"
    /// 暂无法确定 — allowed while the investigation is under way.
    case undetermined = "undetermined"

    public var label: String {
        switch self {
        case .industrialEnterprise: "工矿企业排污口"
        case .industrialEnterpriseStorm: "工矿企业雨洪排口"
        case .industrialParkWWTP: "工业及其他各类园区污水处理厂排污口"
        case .industrialParkStorm: "工业及其他各类园区雨洪排口"
        case .urbanWWTP: "城镇污水处理厂排污口"
        case .largeLivestock: "规模化畜禽养殖排污口"
        case .largeAquaculture: "规模化水产养殖排污口"
        case .irrigationDistrict: "大中型灌区排口"
        case .portTerminal: "港口码头排口"
        case .smallLivestock: "规模以下畜禽养殖排污口"
        case .smallAquaculture: "规模以下水产养殖排污口"
        case .urbanDomesticScattered: "城镇生活污水散排口"
        case .ruralWWTP: "农村污水处理设施排污口"
        case .ruralDomesticScattered: "农村生活污水散排口"
        case .urbanStorm: "城镇雨洪排口"
        case .other: "其他排口"
        case .undetermined: "暂无法确定"
        }
    }

    public var aliases: [String] {
        switch self {
        case .industrialParkStorm: ["工业及其他各类园区污水处理厂雨洪排口", "园区雨洪排口"]
        case .industrialParkWWTP: ["园区污水处理厂排污口"]
        case .urbanWWTP: ["城镇污水处理厂", "污水处理厂排污口"]
        case .undetermined: ["待定", "未确定"]
        default: []
        }
    }

    public var category: OutfallCategory {
        switch self {
        case .industrialEnterprise, .industrialEnterpriseStorm, .industrialParkWWTP, .industrialParkStorm: .industrial
        case .urbanWWTP: .urbanWWTP
        case .largeLivestock, .largeAquaculture: .agricultural
        case .irrigationDistrict, .portTerminal, .smallLivestock, .smallAquaculture, .urbanDomesticScattered,
            .ruralWWTP, .ruralDomesticScattered, .urbanStorm, .other:
            .other
        case .undetermined: .undetermined
        }
    }

    /// 生态环境部令第35号 (in force 2025-01-01): industrial, park-WWTP and urban-WWTP
    /// outfalls need approval; the others registration. Storm outlets of enterprises and
    /// parks are put on the registration track: how order No. 35 treats them was not
    /// confirmed (see docs/rules.md).
    public var approvalTrack: ApprovalTrack {
        switch self {
        case .industrialEnterprise, .industrialParkWWTP, .urbanWWTP: .approval
        case .undetermined: .undetermined
        default: .registration
        }
    }

    /// A short internal abbreviation for local registry codes. Ours, not an official code.
    public var localCodeSegment: String {
        switch self {
        case .industrialEnterprise: "IE"
        case .industrialEnterpriseStorm: "IS"
        case .industrialParkWWTP: "PW"
        case .industrialParkStorm: "PS"
        case .urbanWWTP: "UW"
        case .largeLivestock: "LL"
        case .largeAquaculture: "LA"
        case .irrigationDistrict: "IR"
        case .portTerminal: "PT"
        case .smallLivestock: "SL"
        case .smallAquaculture: "SA"
        case .urbanDomesticScattered: "UD"
        case .ruralWWTP: "RW"
        case .ruralDomesticScattered: "RD"
        case .urbanStorm: "US"
        case .other: "OT"
        case .undetermined: "XX"
        }
    }
}

/// HJ 1312-2023 top-level categories.
public enum OutfallCategory: String, Sendable, CaseIterable {
    case industrial, urbanWWTP = "urban_wwtp", agricultural, other, undetermined

    public var label: String {
        switch self {
        case .industrial: "工业排污口"
        case .urbanWWTP: "城镇污水处理厂排污口"
        case .agricultural: "农业排口"
        case .other: "其他排口"
        case .undetermined: "暂无法确定"
        }
    }
}

/// Whether setting an outfall needs approval (审批) or registration (登记).
public enum ApprovalTrack: String, Sendable, Codable {
    case approval, registration, undetermined

    public var label: String {
        switch self {
        case .approval: "审批"
        case .registration: "登记"
        case .undetermined: "类型未定，审批或登记待定"
        }
    }
}
