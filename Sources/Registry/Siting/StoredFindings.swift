import JSON
import OutfallModel
import RegistryStore
import Siting

/// Findings as screening stores them: which rule, which feature, how far — nothing that can
/// be looked up again (titles, legal basis, names). Screening 100,000 outfalls then writes and
/// reads a fraction of the text, and the stored results stay consistent because any change of
/// rules or layers recomputes them.
enum StoredFindings {
    /// Part of the screening signature: stored results of another format are recomputed.
    static let format = 3

    /// The ids of the rules that fired, each once, most severe first, as stored beside the
    /// findings (exports and listings read them without expanding the findings).
    static func ruleIDs(_ findings: [Finding]) -> String {
        var ids: [String] = []
        for f in findings.sorted(by: { $0.severity > $1.severity }) where !ids.contains(f.rule.id) { ids.append(f.rule.id) }
        return ids.joined(separator: ",")
    }

    /// One finding as stored: ids and a distance, nothing looked up.
    struct Item: Equatable {
        var rule: String
        var severity: Severity
        var layer: LayerKind
        var featureID: Int64?
        var distance: Double
        var existing: Bool
    }

    /// The items of a stored list. What ``encode(_:isNew:)`` wrote is read directly
    /// (``StoredFindingsReader``); anything else goes through the JSON parser, so a damaged
    /// list fails with the parser's reason.
    static func decode(_ stored: String) throws(StoredFindingsError) -> [Item] {
        if let items = StoredFindingsReader.read(stored) { return items }
        return try parse(stored)
    }

    /// The items of a stored list, read with the JSON parser.
    static func parse(_ stored: String) throws(StoredFindingsError) -> [Item] {
        let parsed: JSONValue
        do { parsed = try JSONParser().parse(stored) } catch { throw .unreadable("\(error)") }
        guard let list = parsed.arrayValue else { throw .unreadable("not a list") }
        var items: [Item] = []
        for (i, item) in list.enumerated() {
            guard let o = item.objectValue, let rule = o["rule"]?.stringValue,
                let severity = o["severity"]?.stringValue.flatMap(Severity.init(rawValue:)),
                let layer = o["layer"]?.stringValue.flatMap(LayerKind.init(rawValue:))
            else { throw .malformed(item: i + 1) }
            var featureID: Int64?
            if let id = o["feature_id"], !id.isNull {
                // Int64(_:) of a huge or fractional double would trap or round: damage, said so.
                guard let n = id.doubleValue, let exact = Int64(exactly: n) else { throw .malformed(item: i + 1) }
                featureID = exact
            }
            items.append(Item(
                rule: rule, severity: severity, layer: layer, featureID: featureID,
                distance: o["distance_m"]?.doubleValue ?? 0, existing: o["existing"]?.boolValue == true))
        }
        return items
    }

    static func encode(_ findings: [Finding], isNew: Bool) -> String {
        JSONWriter.compact(.array(findings.map { f in
            .object(JSONObject([
                ("rule", .string(f.rule.id)), ("severity", .string(f.severity.rawValue)), ("layer", .string(f.feature.layer.rawValue)),
                ("feature_id", f.feature.id.map { .number(Double($0)) } ?? .null),
                ("distance_m", .number((f.distance * 10).rounded() / 10)), ("existing", .bool(f.note != nil)),
            ]))
        }))
    }
}

/// Turns stored findings back into full ones, with the rules in force and the features'
/// names, loaded once for a whole listing.
public struct FindingExpander: Sendable {
    let rules: [String: SitingRule]
    /// Every feature a finding can name, ready-made, by layer and id.
    let features: [LayerKind: [Int64: FindingFeature]]

    init(rules: SitingRuleSet, store: RegistryStore) throws(StoreError) {
        var byID: [String: SitingRule] = [:]
        for rule in rules.rules { byID[rule.id] = rule }
        self.rules = byID
        var features: [LayerKind: [Int64: FindingFeature]] = [:]
        for layer in [LayerKind.zones, .intakes, .sections] {
            features[layer] = try store.labels(of: layer).mapValues { label in
                FindingFeature(
                    layer: layer, id: nil, key: label.key, name: label.name, kind: label.kind, level: label.level,
                    label: Self.describe(layer: layer, kind: label.kind, level: label.level))
            }
        }
        self.features = features
    }

    /// The stored findings, with their rules' texts and their features' names. A list that
    /// cannot be read in full is an error, never fewer findings: a screening whose findings
    /// are lost must not read as one with nothing found.
    public func expand(_ stored: String) throws(StoredFindingsError) -> [Finding] {
        let items = try StoredFindings.decode(stored)
        var findings: [Finding] = []
        findings.reserveCapacity(items.count)
        for item in items {
            // The screening's signature includes the rules' version, so a rule the loaded
            // rules lack means the stored row is damaged, not merely old.
            guard let rule = rules[item.rule] else { throw .unknownRule(item.rule) }
            var feature = item.featureID.flatMap { features[item.layer]?[$0] }
                ?? FindingFeature(layer: item.layer, id: nil, key: "", name: "", kind: nil, level: nil, label: item.layer.chineseName)
            feature.id = item.featureID
            findings.append(
                Finding(
                    rule: rule, severity: item.severity, feature: feature, distance: item.distance,
                    note: item.existing ? rule.existingNote : nil))
        }
        return findings
    }

    static func describe(layer: LayerKind, kind: String?, level: String?) -> String {
        switch layer {
        case .zones:
            let k = kind.flatMap(ZoneKind.init(rawValue:))?.label ?? kind ?? ""
            return [k, level.map { ZoneLevel(parsing: $0).label }].compactMap { $0 }.joined(separator: " ")
        case .sections: return kind.flatMap(SectionKind.init(rawValue:))?.label ?? "监测断面"
        case .intakes: return "饮用水取水口"
        default: return layer.chineseName
        }
    }
}

/// Why a screening's stored findings could not be read back.
public enum StoredFindingsError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case malformed(item: Int)
    case unknownRule(String)

    public var description: String {
        switch self {
        case .unreadable(let reason): "核查结果无法解析（\(reason)）"
        case .malformed(let item): "第 \(item) 条核查结果缺少规则、严重程度或图层"
        case .unknownRule(let id): "核查结果引用了当前规则中没有的规则 \(id)"
        }
    }
}
