/// What kind of discharger an outfall serves, as far as choosing a standard goes.
public enum DischargerKind: String, Sendable, Hashable {
    /// 城镇污水处理厂 (GB 18918).
    case urbanWWTP = "urban_wwtp"
    /// 农村污水处理设施 (DB45/2413-2021 in Guangxi).
    case ruralFacility = "rural_facility"
    /// Every other unit (GB 8978, or its industry's standard).
    case other
    /// 雨洪排口: rainwater has no discharge standard; a sample is compared with GB 8978 as a
    /// pointer to sewage in the storm system, never as a conclusive exceedance.
    case stormOutlet = "storm_outlet"
}

/// What the county set for one outfall (or for all urban plants), overriding the derived choice.
public struct DischargeSetting: Sendable, Hashable, Codable {
    /// A standard id of the catalog ("GB 18918-2002").
    public var standard: String?
    /// A grade of that standard ("1A").
    public var grade: String?
    /// `YYYY-MM-DD`: when the plant was built (GB 18918's TP rule).
    public var builtOn: String?
    /// The unit's industry (行业), when no discharging unit in the ledger says it.
    public var industry: String?
    public var note: String?

    public init(standard: String? = nil, grade: String? = nil, builtOn: String? = nil, industry: String? = nil, note: String? = nil) {
        self.standard = standard
        self.grade = grade
        self.builtOn = builtOn
        self.industry = industry
        self.note = note
    }
}

/// The standard and grade an outfall is held to, with why; `grade` nil means it could not
/// be decided (and nothing is judged).
public struct StandardChoice: Sendable, Hashable {
    public var standard: Standard
    public var grade: Grade?
    /// Why, in order: which standard, then which grade.
    public var reasons: [String]
    /// True where no standard truly applies (storm outlets): every judgement is indicative.
    public var indicativeOnly: Bool = false

    /// Chooses for an outfall: the county's setting first; else an industry standard for
    /// the unit's industry; else by kind (urban WWTP → GB 18918, rural facility → the
    /// provincial standard, others → GB 8978), the grade from the receiving water's class
    /// unless the county set one (per outfall, or for all urban plants).
    public static func choose(
        kind: DischargerKind, industry: String?, receivingClass: WaterQualityClass?, receivingZone: String?, setting: DischargeSetting?,
        urbanWWTPGrade: String?, catalog: StandardsCatalog
    ) throws(WaterQualityError) -> StandardChoice {
        var reasons: [String] = []
        let standard: Standard
        if let id = setting?.standard {
            guard let s = catalog.standard(id) else { throw .standards(entry: "排污口设定", reason: "标准“\(id)”不在现行标准文件中") }
            standard = s
            reasons.append("县级设定执行 \(s.id)")
        } else if let industry, let s = catalog.industryStandard(for: industry) {
            standard = s
            reasons.append("排污单位行业“\(industry)”有行业标准 \(s.id)（行业标准优先于 GB 8978）")
        } else {
            let role: Standard.Role
            switch kind {
            case .urbanWWTP:
                role = .urbanWWTP
                reasons.append("城镇污水处理厂排污口")
            case .ruralFacility:
                role = .ruralFacility
                reasons.append("农村污水处理设施排污口")
            case .stormOutlet:
                role = .generalDischarge
                reasons.append("雨洪排口：雨水无排放标准，对照污水综合排放标准判断是否混入污水，结论仅供参考")
            case .other:
                role = .generalDischarge
                reasons.append(
                    industry.map { "排污单位行业“\($0)”没有行业标准" }
                        ?? "排污单位行业未登记（登记排污单位或用 outfalls standards set --industry 设定后可适用行业标准）")
            }
            guard let s = catalog.standard(role: role) else {
                throw .standards(entry: "role \(role.rawValue)", reason: "标准文件中没有适用的标准")
            }
            standard = s
            reasons[reasons.count - 1] += " → \(s.id)"
        }

        let gradeID: String?
        if let g = setting?.grade {
            gradeID = g
            reasons.append("县级设定等级 \(g)")
        } else if standard.role == .urbanWWTP, let g = urbanWWTPGrade {
            gradeID = g
            reasons.append("县级设定城镇污水处理厂统一执行 \(g)")
        } else if !standard.gradeByReceivingClass.isEmpty {
            if let c = receivingClass {
                if let g = standard.gradeByReceivingClass[c] {
                    gradeID = g
                    reasons.append("受纳水体\(receivingZone.map { "（\($0)）" } ?? "")目标为 \(c.label) → \(g)（\(standard.gradingClause ?? "")）")
                } else {
                    gradeID = nil
                    reasons.append(
                        "受纳水体目标为 \(c.label)，\(standard.gradingClause ?? standard.id) 未规定该类别的等级（I、II 类水域禁止新建排污口）：无法确定等级，请县级设定")
                }
            } else {
                gradeID = nil
                reasons.append("受纳水体的水功能区类别未知（排污口入河点不在任何水功能区内）：无法确定等级，请导入水功能区或县级设定")
            }
        } else if standard.grades.count == 1 {
            gradeID = standard.grades[0].id
            reasons.append("标准只有一个等级 \(standard.grades[0].id)")
        } else {
            gradeID = nil
            reasons.append("标准有多个等级，未设定执行哪一个：请县级设定")
        }
        var grade: Grade?
        if let gradeID {
            guard let g = standard.grade(gradeID) else {
                throw .standards(entry: "排污口设定", reason: "标准 \(standard.id) 没有等级“\(gradeID)”：" + standard.grades.map(\.id).joined(separator: "、"))
            }
            grade = g
        }
        if let grade, !grade.limits.contains(where: \.isUsable) {
            reasons.append("\(standard.id) \(grade.id) 的限值未核实〔待核实〕：县级填入前无法判定")
        }
        return StandardChoice(standard: standard, grade: grade, reasons: reasons, indicativeOnly: kind == .stormOutlet && setting?.standard == nil)
    }
}
