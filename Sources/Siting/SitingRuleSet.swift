import JSON
import OutfallModel

/// A county's siting rules, read from a JSON rules file (GeoData/siting-rules.json is the
/// bundled one; docs/rules.md explains the format and the legal sources).
public struct SitingRuleSet: Hashable, Sendable {
    public var version: String
    public var title: String
    public var rules: [SitingRule]

    public init(version: String, title: String, rules: [SitingRule]) {
        self.version = version
        self.title = title
        self.rules = rules
    }

    public static let format = "outfall-registry/siting-rules"

    /// Parses a rules file, refusing anything it does not understand with the rule and
    /// field named.
    public init(json bytes: [UInt8]) throws(RuleFileError) {
        let root: JSONObject
        do {
            guard let object = try JSONParser().parse(bytes).objectValue else { throw RuleFileError.invalid(rule: nil, "顶层应为对象 (top level must be an object)") }
            root = object
        } catch let error as RuleFileError {
            throw error
        } catch {
            throw .invalid(rule: nil, "JSON 格式错误：\(error)")
        }
        guard root["format"]?.stringValue == Self.format else {
            throw .invalid(rule: nil, "format 应为 \"\(Self.format)\"")
        }
        guard let version = root["version"]?.stringValue, !version.isEmpty else { throw .invalid(rule: nil, "缺少 version") }
        guard let list = root["rules"]?.arrayValue, !list.isEmpty else { throw .invalid(rule: nil, "缺少 rules 数组") }
        var rules: [SitingRule] = []
        var ids = Set<String>()
        for (i, value) in list.enumerated() {
            let rule = try Self.rule(value, number: i + 1)
            guard ids.insert(rule.id).inserted else { throw .invalid(rule: rule.id, "规则编号重复 (duplicate id)") }
            rules.append(rule)
        }
        self.init(version: version, title: root["title"]?.stringValue ?? "", rules: rules)
    }

    private static func rule(_ value: JSONValue, number: Int) throws(RuleFileError) -> SitingRule {
        guard let o = value.objectValue else { throw .invalid(rule: "#\(number)", "规则应为对象") }
        guard let id = o["id"]?.stringValue, !id.isEmpty else { throw .invalid(rule: "#\(number)", "缺少 id") }
        func fail(_ message: String) -> RuleFileError { .invalid(rule: id, message) }
        guard let title = o["title"]?.stringValue else { throw fail("缺少 title") }
        guard let severityText = o["severity"]?.stringValue, let severity = Severity(rawValue: severityText), severity != .clear else {
            throw fail("severity 应为 prohibited、restricted、review 或 notice")
        }
        guard let when = o["when"] else { throw fail("缺少 when（适用条件）") }
        let condition = try Self.condition(when, rule: id)
        var exceptTypes = Set<OutfallType>()
        for t in o["except_types"]?.arrayValue ?? [] {
            guard let text = t.stringValue, let type = OutfallType(parsing: text) else { throw fail("except_types 中的类型“\(t.displayText)”无法识别") }
            exceptTypes.insert(type)
        }
        let appliesTo = o["applies_to"]?.stringValue ?? "all"
        guard ["all", "new"].contains(appliesTo) else { throw fail("applies_to 应为 all 或 new") }
        var existingSeverity: Severity?
        if let text = o["existing_severity"]?.stringValue {
            guard let s = Severity(rawValue: text), s != .clear else { throw fail("existing_severity 无法识别") }
            existingSeverity = s
        }
        guard let basis = o["basis"]?.arrayValue, !basis.isEmpty else { throw fail("缺少 basis（法律依据）") }
        var citations: [Citation] = []
        for b in basis {
            guard let c = b.objectValue, let law = c["law"]?.stringValue else { throw fail("basis 每项需有 law") }
            guard let confirmed = c["confirmed"]?.boolValue else { throw fail("basis 每项需注明 confirmed（是否已核实）") }
            citations.append(Citation(law: law, article: c["article"]?.stringValue, confirmed: confirmed, note: c["note"]?.stringValue))
        }
        return SitingRule(
            id: id, title: title, severity: severity, condition: condition, exceptTypes: exceptTypes, newOnly: appliesTo == "new",
            existingSeverity: existingSeverity, existingNote: o["existing_note"]?.stringValue, citations: citations,
            authority: o["authority"]?.stringValue, action: o["action"]?.stringValue)
    }

    private static func condition(_ value: JSONValue, rule id: String) throws(RuleFileError) -> SitingCondition {
        func fail(_ message: String) -> RuleFileError { .invalid(rule: id, "when: " + message) }
        guard let o = value.objectValue else { throw fail("应为对象") }
        let place: Place
        if let text = o["where"]?.stringValue {
            guard let p = Place(rawValue: text) else { throw fail("where 应为 outfall、receiving_water 或 either") }
            place = p
        } else {
            place = .outfall
        }
        if let inside = o["inside_zone"] {
            return .insideZone(try filter(inside, fail), at: place)
        }
        if let near = o["near_zone"] {
            guard let metres = near.objectValue?["within_m"]?.doubleValue, metres > 0 else { throw fail("near_zone 需要 within_m") }
            return .nearZone(try filter(near, fail), metres: metres)
        }
        if let wf = o["water_function"]?.objectValue {
            var classes: Set<WaterClass>?
            if let list = wf["target_class"] {
                var set = Set<WaterClass>()
                for c in list.arrayValue ?? [list] {
                    guard let parsed = WaterClass(parsing: c.displayText) else { throw fail("target_class“\(c.displayText)”无法识别") }
                    set.insert(parsed)
                }
                classes = set
            }
            let attains = wf["attains"]?.boolValue
            guard classes != nil || attains != nil else { throw fail("water_function 需要 target_class 或 attains") }
            return .waterFunction(targetClasses: classes, attains: attains, at: place)
        }
        if let up = o["upstream_of"]?.objectValue {
            guard let metres = up["within_m"]?.doubleValue, metres > 0 else { throw fail("upstream_of 需要 within_m") }
            switch up["layer"]?.stringValue {
            case "intakes": return .upstreamOf(.intakes, metres: metres)
            case "sections":
                var kinds = Set<SectionKind>()
                for k in up["kind"]?.arrayValue ?? [] {
                    guard let kind = SectionKind(parsing: k.displayText) else { throw fail("断面类别“\(k.displayText)”无法识别") }
                    kinds.insert(kind)
                }
                return .upstreamOf(.sections(kinds.isEmpty ? Set(SectionKind.allCases) : kinds), metres: metres)
            default: throw fail("upstream_of.layer 应为 intakes 或 sections")
            }
        }
        if let all = o["all"]?.arrayValue {
            var parts: [SitingCondition] = []
            for c in all { parts.append(try condition(c, rule: id)) }
            return .all(parts)
        }
        if let any = o["any"]?.arrayValue {
            var parts: [SitingCondition] = []
            for c in any { parts.append(try condition(c, rule: id)) }
            return .any(parts)
        }
        throw fail("应含 inside_zone、near_zone、water_function、upstream_of、all 或 any 之一")
    }

    private static func filter(_ value: JSONValue, _ fail: (String) -> RuleFileError) throws(RuleFileError) -> ZoneFilter {
        guard let o = value.objectValue, let kindValue = o["kind"] else { throw fail("需要 kind") }
        var kinds = Set<ZoneKind>()
        for k in kindValue.arrayValue ?? [kindValue] {
            guard let kind = ZoneKind(parsing: k.displayText) else { throw fail("区域类别“\(k.displayText)”无法识别") }
            kinds.insert(kind)
        }
        let levels = (o["level"].map { $0.arrayValue ?? [$0] })?.map { ZoneLevel(parsing: $0.displayText) }
        return ZoneFilter(kinds: kinds, levels: levels)
    }
}

public enum RuleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(rule: String?, String)

    public var description: String {
        switch self {
        case .invalid(let rule, let message):
            "规则文件有误\(rule.map { "（规则 \($0)）" } ?? "")：\(message) (invalid rules file)"
        }
    }
}
