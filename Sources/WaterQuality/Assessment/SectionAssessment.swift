/// A monitoring section classed by GB 3838-2002 single-factor assessment: each item's mean
/// over the period gets the best class whose limit it meets (劣V beyond V), the worst item
/// decides the section's class, which is compared with the water-function target.
public struct SectionAssessment: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var parameter: Parameter
        public var value: MeasuredValue
        public var sampleCount: Int
        /// nil when it could not be classed.
        public var waterClass: WaterQualityClass?
        /// The limit of the class it met (or of V when worse than V).
        public var limit: Limit?
        public var reason: String?
    }

    public var standard: String
    public var waterBody: WaterBody
    public var items: [Item]
    /// The worst item's class; nil when no item could be classed.
    public var waterClass: WaterQualityClass?
    /// True when every item that could matter was classed.
    public var complete: Bool
    public var targetClass: WaterQualityClass?
    /// nil when it cannot be said (no target, or items not classed that could still change it).
    public var attains: Bool?
    public var notes: [String]

    public static func assess(
        _ samples: [Sample], standard: Standard, waterBody: WaterBody = .river, targetClass: WaterQualityClass?
    ) -> SectionAssessment {
        var notes: [String] = []
        let byParameter = Dictionary(grouping: samples, by: \.parameter)
        var items: [Item] = []
        for parameter in byParameter.keys.sorted() {
            let values = (byParameter[parameter] ?? []).map(\.value)
            let listed = standard.grades.contains { $0.limits.contains { $0.parameter == parameter } }
            guard listed else { continue }
            if waterBody == .river && standard.riverExcluded.contains(parameter) {
                notes.append("\(parameter.label)（\(parameter.rawValue)）：河流不参与评价（\(standard.id)）")
                continue
            }
            items.append(classify(values, parameter: parameter, standard: standard, waterBody: waterBody))
        }
        let classed = items.compactMap(\.waterClass)
        let complete = !items.isEmpty && classed.count == items.count
        let worst = classed.max()
        var attains: Bool?
        if let target = targetClass, let worst {
            if worst > target { attains = false } else if complete { attains = true }
        }
        if targetClass == nil { notes.append("断面所在水功能区目标类别未知，无法判断是否达标") }
        return SectionAssessment(
            standard: standard.id, waterBody: waterBody, items: items, waterClass: complete ? worst : (attains == false ? worst : nil),
            complete: complete, targetClass: targetClass, attains: attains, notes: notes)
    }

    static func classify(_ values: [MeasuredValue], parameter: Parameter, standard: Standard, waterBody: WaterBody) -> Item {
        var item = Item(parameter: parameter, value: values.mean, sampleCount: values.count, waterClass: nil, limit: nil, reason: nil)
        let facts = LimitCondition.Facts(waterBody: waterBody)
        guard let bounds = Bounds(values) else {
            item.reason = "未检出但未给出检出限"
            return item
        }
        func classOf(_ value: Double) -> (WaterQualityClass?, Limit?, String?) {
            let point = Bounds(exactly: value)
            var lastLimit: Limit?
            for c in WaterQualityClass.allCases where c != .worseThanV {
                guard let grade = standard.grade(c.roman) else { return (nil, nil, "缺少 \(c.roman) 类限值") }
                let limits = grade.limits.filter { $0.parameter == parameter && $0.condition.applies(facts) == true }
                guard !limits.isEmpty else { return (nil, nil, "\(c.roman) 类未规定\(waterBody.label)的\(parameter.label)限值") }
                guard limits.allSatisfy(\.isUsable) else { return (nil, limits.first, "\(c.roman) 类\(parameter.label)限值未核实〔待核实〕") }
                lastLimit = limits.last
                if limits.allSatisfy({ point.meets($0) == true }) { return (c, limits.last, nil) }
            }
            return (.worseThanV, lastLimit, nil)
        }
        let (low, lowLimit, lowReason) = classOf(bounds.lower)
        let (high, _, highReason) = classOf(bounds.upper)
        if let reason = lowReason ?? highReason {
            item.reason = reason
            return item
        }
        guard low == high else {
            item.reason = "含低于检出限的数值，可能为 \(low?.label ?? "?") 至 \(high?.label ?? "?")，无法定类"
            return item
        }
        item.waterClass = low
        item.limit = lowLimit
        return item
    }
}

extension Bounds {
    init(exactly value: Double) {
        self.lower = value
        self.upper = value
    }
}
