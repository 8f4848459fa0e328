import JSON

/// The discharge and water-quality standards in force, read from a data file the county
/// can replace (`GeoData/water-standards.json`): every limit carries its source clause and
/// whether its number was checked against the standard's text.
///
/// ## Topics
/// - Reading: ``init(json:)``, ``init(object:)``
/// - Looking up: ``standard(_:)``, ``standard(role:)``, ``industryStandard(for:)``
public struct StandardsCatalog: Sendable, Hashable {
    public var title: String
    public var version: String
    public var standards: [Standard]

    /// Largest file accepted (bytes); the bundled one is about 20 kB.
    public static let maximumFileSize = 2_000_000

    public init(title: String, version: String, standards: [Standard]) {
        self.title = title
        self.version = version
        self.standards = standards
    }

    public init(json bytes: [UInt8]) throws(WaterQualityError) {
        guard bytes.count <= Self.maximumFileSize else {
            throw .standards(entry: "文件", reason: "超过 \(Self.maximumFileSize) 字节 (file too large)")
        }
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch { throw .standards(entry: "文件", reason: "不是有效的 JSON：\(error)") }
        guard let object = value.objectValue else { throw .standards(entry: "文件", reason: "顶层应为对象 (top level must be an object)") }
        try self.init(object: object)
    }

    public init(object: JSONObject) throws(WaterQualityError) {
        let reader = EntryReader(object: object, entry: "文件")
        title = try reader.string("title")
        version = try reader.string("version")
        var standards: [Standard] = []
        for (i, item) in try reader.array("standards").enumerated() {
            guard let o = item.objectValue else { throw .standards(entry: "standards[\(i)]", reason: "应为对象") }
            let standard = try Self.standard(o, index: i)
            if standards.contains(where: { $0.id == standard.id }) {
                throw .standards(entry: "标准 \(standard.id)", reason: "重复 (duplicate id)")
            }
            standards.append(standard)
        }
        guard !standards.isEmpty else { throw .standards(entry: "standards", reason: "至少要有一项标准") }
        for role in [Standard.Role.surfaceWater, .urbanWWTP, .generalDischarge] where standards.filter({ $0.role == role }).count > 1 {
            throw .standards(entry: "role \(role.rawValue)", reason: "只能有一项标准 (only one standard per role)")
        }
        self.standards = standards
    }

    public func standard(_ id: String) -> Standard? { standards.first { $0.id == id } }

    public func standard(role: Standard.Role) -> Standard? { standards.first { $0.role == role } }

    /// The industry standard covering `industry` (a unit's 行业, e.g. "制糖"), if any.
    public func industryStandard(for industry: String) -> Standard? {
        standards.first { $0.role == .industry && $0.industries.contains { !$0.isEmpty && industry.contains($0) } }
    }

    private static func standard(_ o: JSONObject, index: Int) throws(WaterQualityError) -> Standard {
        let first = EntryReader(object: o, entry: "standards[\(index)]")
        let id = try first.string("id")
        let r = EntryReader(object: o, entry: "标准 \(id)")
        guard let role = Standard.Role(rawValue: try r.string("role")) else {
            throw .standards(entry: "标准 \(id)", reason: "role 应为 " + Standard.Role.allCases.map(\.rawValue).joined(separator: "/"))
        }
        guard let judged = Standard.JudgedOn(rawValue: try r.string("judged_on")) else {
            throw .standards(entry: "标准 \(id)", reason: "judged_on 应为 daily_mean/spot_allowed/period_mean")
        }
        var byClass: [WaterQualityClass: String] = [:]
        if let map = o["grade_by_receiving_class"] {
            guard let m = map.objectValue else { throw .standards(entry: "标准 \(id) grade_by_receiving_class", reason: "应为对象") }
            for member in m {
                guard let c = WaterQualityClass(roman: member.key), c != .worseThanV else {
                    throw .standards(entry: "标准 \(id) grade_by_receiving_class", reason: "“\(member.key)”不是 I–V 类")
                }
                guard let g = member.value.stringValue else {
                    throw .standards(entry: "标准 \(id) grade_by_receiving_class.\(member.key)", reason: "应为等级名")
                }
                byClass[c] = g
            }
        }
        var excluded: [Parameter] = []
        for item in try r.optionalArray("river_excluded") {
            guard let text = item.stringValue, let p = Parameter(parsing: text) else {
                throw .standards(entry: "标准 \(id) river_excluded", reason: "“\(item.displayText)”不是指标")
            }
            excluded.append(p)
        }
        var grades: [Grade] = []
        for (g, item) in try r.array("grades").enumerated() {
            guard let go = item.objectValue else { throw .standards(entry: "标准 \(id) grades[\(g)]", reason: "应为对象") }
            let gradeID = try EntryReader(object: go, entry: "标准 \(id) grades[\(g)]").string("grade")
            let gr = EntryReader(object: go, entry: "标准 \(id) 等级 \(gradeID)")
            var limits: [Limit] = []
            for (l, li) in try gr.array("limits").enumerated() {
                guard let lo = li.objectValue else { throw .standards(entry: "标准 \(id) 等级 \(gradeID) limits[\(l)]", reason: "应为对象") }
                limits.append(try limit(lo, entry: "标准 \(id) 等级 \(gradeID) limits[\(l)]"))
            }
            if grades.contains(where: { $0.id == gradeID }) { throw .standards(entry: "标准 \(id) 等级 \(gradeID)", reason: "重复 (duplicate grade)") }
            grades.append(Grade(id: gradeID, limits: limits))
        }
        guard !grades.isEmpty else { throw .standards(entry: "标准 \(id)", reason: "至少要有一个等级 (no grades)") }
        if !byClass.isEmpty && o["grading_clause"]?.stringValue == nil {
            throw .standards(entry: "标准 \(id)", reason: "有 grade_by_receiving_class 就须注明出处 grading_clause")
        }
        for (c, g) in byClass where !grades.contains(where: { $0.id == g }) {
            throw .standards(entry: "标准 \(id) grade_by_receiving_class.\(c.roman)", reason: "等级“\(g)”未定义")
        }
        if role == .surfaceWater {
            for c in WaterQualityClass.allCases where c != .worseThanV && !grades.contains(where: { $0.id == c.roman }) {
                throw .standards(entry: "标准 \(id)", reason: "地表水标准须列出 I–V 类，缺 \(c.roman) 类")
            }
        }
        return Standard(
            id: id, title: try r.string("title"), role: role, judgedOn: judged, judgingClause: try r.string("judging_clause"),
            gradingClause: o["grading_clause"]?.stringValue,
            industries: try r.optionalArray("industries").compactMap(\.stringValue), gradeByReceivingClass: byClass, riverExcluded: excluded,
            grades: grades, note: o["note"]?.stringValue)
    }

    private static func limit(_ o: JSONObject, entry: String) throws(WaterQualityError) -> Limit {
        let r = EntryReader(object: o, entry: entry)
        let text = try r.string("parameter")
        guard let parameter = Parameter(parsing: text) else { throw .standards(entry: entry, reason: "不认识的指标“\(text)”") }
        let e = "\(entry)（\(parameter.rawValue)）"
        let re = EntryReader(object: o, entry: e)
        let max = try re.number("max")
        let min = try re.number("min")
        guard let confirmed = o["confirmed"]?.boolValue else { throw .standards(entry: e, reason: "缺少 confirmed（true/false）") }
        if confirmed && max == nil && min == nil { throw .standards(entry: e, reason: "confirmed 为 true 却没有 max/min 数值") }
        if let lo = min, let hi = max, lo > hi { throw .standards(entry: e, reason: "min 大于 max") }
        for v in [max, min].compactMap({ $0 }) where !(v.isFinite && v >= 0) { throw .standards(entry: e, reason: "限值须为非负数") }
        var condition = LimitCondition()
        condition.waterTemperatureAbove = try re.number("when_water_temperature_above")
        condition.waterTemperatureAtMost = try re.number("when_water_temperature_at_most")
        condition.builtBy = try re.date("when_built_by")
        condition.builtFrom = try re.date("when_built_from")
        if let w = o["water_body"]?.stringValue {
            guard let body = WaterBody(rawValue: w) else { throw .standards(entry: e, reason: "water_body 应为 river 或 lake") }
            condition.waterBody = body
        }
        return Limit(parameter: parameter, maximum: max, minimum: min, condition: condition, clause: try re.string("clause"), confirmed: confirmed)
    }
}

/// Reads fields of one entry, naming the entry in every error.
struct EntryReader {
    var object: JSONObject
    var entry: String

    func string(_ key: String) throws(WaterQualityError) -> String {
        guard let s = object[key]?.stringValue, !s.trimmingWhitespace.isEmpty else { throw .standards(entry: entry, reason: "缺少 \(key)（文本）") }
        guard s.count <= 2_000 else { throw .standards(entry: entry, reason: "\(key) 过长") }
        return s
    }

    func array(_ key: String) throws(WaterQualityError) -> [JSONValue] {
        guard let a = object[key]?.arrayValue else { throw .standards(entry: entry, reason: "缺少 \(key)（数组）") }
        return a
    }

    func optionalArray(_ key: String) throws(WaterQualityError) -> [JSONValue] {
        guard let v = object[key], !v.isNull else { return [] }
        guard let a = v.arrayValue else { throw .standards(entry: entry, reason: "\(key) 应为数组") }
        return a
    }

    func number(_ key: String) throws(WaterQualityError) -> Double? {
        guard let v = object[key], !v.isNull else { return nil }
        guard let d = v.doubleValue, d.isFinite else { throw .standards(entry: entry, reason: "\(key) 应为数值或 null") }
        return d
    }

    func date(_ key: String) throws(WaterQualityError) -> String? {
        guard let v = object[key], !v.isNull else { return nil }
        guard let s = v.stringValue, Self.isISODate(s) else { throw .standards(entry: entry, reason: "\(key) 应为日期 YYYY-MM-DD") }
        return s
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}
