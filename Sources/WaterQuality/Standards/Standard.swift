/// One standard of the catalog (GB 3838, GB 18918, GB 8978, an industry or a provincial
/// standard) with its grades (for GB 3838 the classes I–V) and their limits.
public struct Standard: Sendable, Hashable {
    /// What the standard is used for, which decides when it applies.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Receiving water quality (GB 3838).
        case surfaceWater = "surface_water"
        /// Urban wastewater treatment plants (GB 18918).
        case urbanWWTP = "urban_wwtp"
        /// Every other discharger without a standard of its own (GB 8978).
        case generalDischarge = "general_discharge"
        /// An industry's own standard, which takes precedence over GB 8978 (GB 21909 sugar).
        case industry
        /// Rural domestic sewage treatment facilities (DB45/2413-2021 in Guangxi).
        case ruralFacility = "rural_facility"
    }

    /// How samples are judged against it.
    public enum JudgedOn: String, Sendable, Hashable {
        /// The day's mean of composite samples; a spot sample is only indicative.
        case dailyMean = "daily_mean"
        /// A spot sample an inspector takes may judge compliance too.
        case spotAllowed = "spot_allowed"
        /// Surface water: the period's mean, single-factor classification.
        case periodMean = "period_mean"
    }

    public var id: String
    public var title: String
    public var role: Role
    public var judgedOn: JudgedOn
    /// The clause that says how samples are judged (e.g. "GB 18918-2002 §4.1.4.2").
    public var judgingClause: String
    /// The clause that maps the receiving water's class to a grade (e.g. "GB 18918-2002 §4.1.2").
    public var gradingClause: String?
    /// Industries (substrings of a unit's 行业) this industry standard covers.
    public var industries: [String]
    /// Receiving-water class → grade (GB 18918 §4.1.2, GB 8978 §4.1).
    public var gradeByReceivingClass: [WaterQualityClass: String]
    /// Items rivers are not classified on (TN for GB 3838).
    public var riverExcluded: [Parameter]
    public var grades: [Grade]
    public var note: String?

    public init(
        id: String, title: String, role: Role, judgedOn: JudgedOn, judgingClause: String, gradingClause: String? = nil, industries: [String] = [],
        gradeByReceivingClass: [WaterQualityClass: String] = [:], riverExcluded: [Parameter] = [], grades: [Grade], note: String? = nil
    ) {
        self.id = id
        self.title = title
        self.role = role
        self.judgedOn = judgedOn
        self.judgingClause = judgingClause
        self.gradingClause = gradingClause
        self.industries = industries
        self.gradeByReceivingClass = gradeByReceivingClass
        self.riverExcluded = riverExcluded
        self.grades = grades
        self.note = note
    }

    public func grade(_ id: String) -> Grade? { grades.first { $0.id == id } }

    /// Whether every limit the standard lists has confirmed numbers.
    public var isConfirmed: Bool { grades.allSatisfy { $0.limits.allSatisfy(\.isUsable) } }
}

/// A grade of a discharge standard (一级A, 二级 …) or a class of GB 3838.
public struct Grade: Sendable, Hashable {
    public var id: String
    public var limits: [Limit]

    public init(id: String, limits: [Limit]) {
        self.id = id
        self.limits = limits
    }
}

/// One limit: a maximum, a minimum (DO) or both (pH 6–9), for one parameter, possibly
/// only under a condition (water temperature, build date, rivers or lakes).
public struct Limit: Sendable, Hashable {
    public var parameter: Parameter
    public var maximum: Double?
    public var minimum: Double?
    public var condition: LimitCondition
    /// Where the number comes from ("GB 18918-2002 表1 第8项").
    public var clause: String
    /// False for a number not checked against the standard's text, or a placeholder the
    /// county has to fill in: such a limit judges nothing (fail closed).
    public var confirmed: Bool

    public init(
        parameter: Parameter, maximum: Double? = nil, minimum: Double? = nil, condition: LimitCondition = LimitCondition(), clause: String,
        confirmed: Bool
    ) {
        self.parameter = parameter
        self.maximum = maximum
        self.minimum = minimum
        self.condition = condition
        self.clause = clause
        self.confirmed = confirmed
    }

    /// Confirmed and with a number: the only kind of limit that judges a value.
    public var isUsable: Bool { confirmed && (maximum != nil || minimum != nil) }

    /// "≤ 50", "≥ 5", "6–9", "〔待核实〕".
    public var display: String {
        guard maximum != nil || minimum != nil else { return "〔待核实〕" }
        var text: String
        switch (minimum, maximum) {
        case (let lo?, let hi?): text = "\(MeasuredValue.format(lo))–\(MeasuredValue.format(hi))"
        case (let lo?, nil): text = "≥ \(MeasuredValue.format(lo))"
        case (nil, let hi?): text = "≤ \(MeasuredValue.format(hi))"
        case (nil, nil): text = ""
        }
        if let c = condition.label { text += "（\(c)）" }
        return confirmed ? text : text + "〔待核实〕"
    }
}

/// When a limit applies. A condition the caller cannot answer (the water temperature was
/// not measured) leaves several limits possible; the judge then needs all of them to agree.
public struct LimitCondition: Sendable, Hashable {
    public var waterTemperatureAbove: Double?
    public var waterTemperatureAtMost: Double?
    /// `YYYY-MM-DD`: plants built on or before this day.
    public var builtBy: String?
    /// `YYYY-MM-DD`: plants built on or after this day.
    public var builtFrom: String?
    public var waterBody: WaterBody?

    public init(
        waterTemperatureAbove: Double? = nil, waterTemperatureAtMost: Double? = nil, builtBy: String? = nil, builtFrom: String? = nil,
        waterBody: WaterBody? = nil
    ) {
        self.waterTemperatureAbove = waterTemperatureAbove
        self.waterTemperatureAtMost = waterTemperatureAtMost
        self.builtBy = builtBy
        self.builtFrom = builtFrom
        self.waterBody = waterBody
    }

    public var isEmpty: Bool { label == nil }

    public var label: String? {
        var parts: [String] = []
        if let t = waterTemperatureAbove { parts.append("水温 > \(MeasuredValue.format(t)) °C") }
        if let t = waterTemperatureAtMost { parts.append("水温 ≤ \(MeasuredValue.format(t)) °C") }
        if let d = builtBy { parts.append("\(d) 前建设") }
        if let d = builtFrom { parts.append("\(d) 起建设") }
        if let w = waterBody { parts.append(w.label) }
        return parts.isEmpty ? nil : parts.joined(separator: "，")
    }

    /// What a judge knows about the circumstances of a value.
    public struct Facts: Sendable, Hashable {
        public var waterTemperature: Double?
        public var builtOn: String?
        public var waterBody: WaterBody

        public init(waterTemperature: Double? = nil, builtOn: String? = nil, waterBody: WaterBody = .river) {
            self.waterTemperature = waterTemperature
            self.builtOn = builtOn
            self.waterBody = waterBody
        }
    }

    /// true: applies; false: does not; nil: cannot tell from `facts`.
    public func applies(_ facts: Facts) -> Bool? {
        if let w = waterBody, w != facts.waterBody { return false }
        var unknown = false
        if waterTemperatureAbove != nil || waterTemperatureAtMost != nil {
            if let t = facts.waterTemperature {
                if let above = waterTemperatureAbove, !(t > above) { return false }
                if let atMost = waterTemperatureAtMost, !(t <= atMost) { return false }
            } else {
                unknown = true
            }
        }
        if builtBy != nil || builtFrom != nil {
            if let built = facts.builtOn {
                // ISO dates compare as strings.
                if let by = builtBy, !(built <= by) { return false }
                if let from = builtFrom, !(built >= from) { return false }
            } else {
                unknown = true
            }
        }
        return unknown ? nil : true
    }

    /// Which fact was missing, for the "cannot be judged" reason.
    public func missingFacts(_ facts: Facts) -> [String] {
        var missing: [String] = []
        if (waterTemperatureAbove != nil || waterTemperatureAtMost != nil) && facts.waterTemperature == nil { missing.append("当日水温") }
        if (builtBy != nil || builtFrom != nil) && facts.builtOn == nil { missing.append("建设日期") }
        return missing
    }
}
