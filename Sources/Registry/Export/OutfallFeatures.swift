import GeoKit
import JSON
import LayerFormats
import OutfallModel
import RegistryStore
import Siting

/// How outfalls appear in exports: a fixed schema (the registry's own fields with declared
/// column types, then the properties the imported files brought) and the feature each row
/// of the store becomes — built a page at a time, so an export of 100,000 outfalls never
/// holds them all.
struct OutfallFeatures: Sendable {
    /// The registry's own fields, in column order, and what each holds whatever the data:
    /// the columns are declared before the first outfall is read.
    static let fields: [(name: String, kind: FieldKind)] = [
        ("registry_key", .text), ("name", .text), ("type", .text), ("type_label", .text), ("status", .text),
        ("national_code", .text), ("local_code", .text), ("responsible", .text), ("category_label", .text),
        ("status_label", .text), ("approval_track", .text), ("approval_track_label", .text), ("township", .text),
        ("river", .text), ("reach_id", .text), ("measure_m", .real), ("bank", .text), ("bank_label", .text),
        ("snap_status", .text), ("verdict", .text), ("verdict_label", .text), ("rules", .text), ("basis", .text),
    ]

    /// Whether rules are loaded: without them outfalls go out unscreened rather than not at all.
    let screened: Bool
    /// What stored screenings must have been computed from (nil: unscreened).
    let signature: String?
    /// The legal basis of each rule, by id.
    private let basis: [String: String]
    /// The townships, when there is no screening to bring them.
    private let areas: [AdministrativeArea]
    /// Icon by outfall category.
    private let icons: [String: String]

    init(registry: Registry) throws(RegistryError) {
        var basis: [String: String] = [:]
        screened = try registry.storedRules() != nil
        if screened { for rule in try registry.rules().rules { basis[rule.id] = rule.basis } }
        self.basis = basis
        signature = screened ? try registry.screeningSignature() : nil
        areas = screened ? [] : try wrapping { try registry.store.fetchAll(AdministrativeArea.self) }
        icons = try registry.styleSheet().style(.outfalls).icons
    }

    /// Every style an outfall can be drawn with: each verdict (or none) by each category's icon.
    var styleKeys: [StyleKey] {
        let classes = screened ? Severity.allCases.reversed().map(\.rawValue) + ["unscreened"] : ["unscreened"]
        return classes.flatMap { cls in OutfallCategory.allCases.map { StyleKey(styleClass: cls, icon: icon($0)) } }
    }

    private func icon(_ category: OutfallCategory) -> String { icons[category.rawValue] ?? "other" }

    /// The outfalls' columns: the registry's fields, then every other property found in the
    /// store, in the order first met, with the kinds of value it holds.
    func schema(_ store: RegistryStore) throws(StoreError) -> (names: [String], kinds: [FieldKind]) {
        let own = Set(Self.fields.map(\.name))
        var names = Self.fields.map(\.name)
        var kinds = Self.fields.map(\.kind)
        var position: [String: Int] = [:]
        try store.forEachOutfallExtra { extra in
            for member in extra where !own.contains(member.key) {
                if let i = position[member.key] {
                    kinds[i].add(member.value)
                } else {
                    position[member.key] = names.count
                    names.append(member.key)
                    var kind = FieldKind()
                    kind.add(member.value)
                    kinds.append(kind)
                }
            }
        }
        return (names, kinds)
    }

    /// The features of a page of rows. A township that cannot be worked out throws: an
    /// outfall is never exported as being in no township because the lookup failed.
    func features(_ rows: [OutfallSummary]) throws(AreaLookupError) -> [ExportFeature] {
        var rows = rows
        if !screened {
            let locator = try AreaLocator(areas: areas, context: GEOSContext())
            for i in rows.indices { rows[i].township = try locator.area(containing: rows[i].location)?.name }
        }
        // The legal basis of each combination of rules, worked out once: a county has a few
        // dozen combinations among its 100,000 outfalls.
        var bases: [String: String] = [:]
        return rows.map { o in feature(o, bases: &bases) }
    }

    private func feature(_ o: OutfallSummary, bases: inout [String: String]) -> ExportFeature {
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        let verdict = screened ? o.verdict.flatMap(Severity.init(rawValue:)) : nil
        let rules = screened ? o.rules : ""
        let basis: String
        if let cached = bases[rules] {
            basis = cached
        } else {
            var texts: [String] = []
            for id in rules.split(separator: ",") { if let b = self.basis[String(id)], !texts.contains(b) { texts.append(b) } }
            basis = texts.joined(separator: "；")
            bases[rules] = basis
        }
        let measure: JSONValue = o.measure.map { .number(($0 * 10).rounded() / 10) } ?? .null
        let bankLabel: JSONValue = o.bank.map { .string($0 == "left" ? "左岸" : $0 == "right" ? "右岸" : "—") } ?? .null
        typealias M = JSONObject.Member
        // Built in one go rather than key by key: at 100,000 outfalls, looking up each key in
        // a growing object costs more than the rest of the export. In the order of `fields`.
        var members: [M] = [
            M(key: "registry_key", value: .string(o.key)),
            M(key: "name", value: .string(o.name)),
            M(key: "type", value: .string(o.type.rawValue)),
            M(key: "type_label", value: .string(o.type.label)),
            M(key: "status", value: text(o.status?.rawValue)),
            M(key: "national_code", value: text(o.nationalCode)),
            M(key: "local_code", value: text(o.localCode)),
            M(key: "responsible", value: text(o.responsible)),
            M(key: "category_label", value: .string(o.type.category.label)),
            M(key: "status_label", value: text(o.status?.label)),
            M(key: "approval_track", value: .string(o.type.approvalTrack.rawValue)),
            M(key: "approval_track_label", value: .string(o.type.approvalTrack.label)),
            M(key: "township", value: text(o.township)),
            M(key: "river", value: text(o.river)),
            M(key: "reach_id", value: text(o.reachCode ?? o.reachKey)),
            M(key: "measure_m", value: measure),
            M(key: "bank", value: text(o.bank)),
            M(key: "bank_label", value: bankLabel),
            M(key: "snap_status", value: text(o.snapStatus)),
            M(key: "verdict", value: text(verdict?.rawValue)),
            M(key: "verdict_label", value: .string(verdict?.label ?? "未核查")),
            M(key: "rules", value: .string(rules)),
            M(key: "basis", value: .string(basis)),
        ]
        for member in o.extra where !members.contains(where: { $0.key == member.key }) { members.append(member) }
        return ExportFeature(
            id: o.id, geometry: .point(o.location), properties: JSONObject(distinct: members),
            styleClass: verdict?.rawValue ?? "unscreened", icon: icon(o.type.category))
    }
}
