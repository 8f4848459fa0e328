import GeoKit
import JSON
import OutfallModel
import Registry
import Supervision
import WaterQuality

/// Monitoring at a glance, by river and by township, and every section's class.
public struct MonitoringOverview: Sendable {
    public struct Group: Sendable {
        public var name: String
        public var outfalls = 0
        public var sampled = 0
        /// Outfalls with at least one conclusive exceedance.
        public var exceeding = 0
        /// Outfalls still abnormal (any reason not dismissed).
        public var abnormal = 0
    }

    public var byRiver: [Group]
    public var byTownship: [Group]
    public var sections: [SectionReport]
}

extension Ledger {
    public func monitoringOverview() throws(LedgerError) -> MonitoringOverview {
        let context = try assessmentContext()
        let abnormal = Set(try derivedAbnormalOutfalls().outfalls.filter(\.isAbnormal).compactMap(\.outfall.id))
        let directory = try pointDirectory()
        let locator: AreaLocator
        do { locator = try AreaLocator(areas: try registry.store.fetchAll(AdministrativeArea.self), context: GEOSContext()) } catch {
            throw .storage("\(error)")
        }
        var rivers: [String: MonitoringOverview.Group] = [:]
        var townships: [String: MonitoringOverview.Group] = [:]
        for outfall in directory.outfalls {
            guard let id = outfall.id else { continue }
            let sampled = context.samplesByOutfall[id] != nil
            let exceeding = sampled ? try assess(outfall, in: context).judgements.contains { $0.verdict == .exceeds && $0.conclusive } : false
            let river = context.snaps[id]?.river ?? "（未对应河流）"
            let township: String
            do { township = try locator.area(containing: outfall.location)?.name ?? "（县域外或未定）" } catch { throw .storage("\(error)") }
            for (key, store) in [(river, 0), (township, 1)] {
                var g = (store == 0 ? rivers[key] : townships[key]) ?? MonitoringOverview.Group(name: key)
                g.outfalls += 1
                if sampled { g.sampled += 1 }
                if exceeding { g.exceeding += 1 }
                if abnormal.contains(id) { g.abnormal += 1 }
                if store == 0 { rivers[key] = g } else { townships[key] = g }
            }
        }
        var sections: [SectionReport] = []
        for section in directory.sections { sections.append(try assessSection(section.name)) }
        func sorted(_ d: [String: MonitoringOverview.Group]) -> [MonitoringOverview.Group] {
            d.values.sorted { ($1.abnormal, $1.outfalls, $0.name) < ($0.abnormal, $0.outfalls, $1.name) }
        }
        return MonitoringOverview(byRiver: sorted(rivers), byTownship: sorted(townships), sections: sections)
    }
}

extension MonitoringOverview {
    public var json: JSONValue {
        func groups(_ list: [Group]) -> JSONValue {
            .array(
                list.map { g in
                    .object(
                        JSONObject([
                            ("name", .string(g.name)), ("outfalls", .number(Double(g.outfalls))), ("sampled", .number(Double(g.sampled))),
                            ("exceeding", .number(Double(g.exceeding))), ("abnormal", .number(Double(g.abnormal))),
                        ]))
                })
        }
        return .object(
            JSONObject([
                ("by_river", groups(byRiver)), ("by_township", groups(byTownship)),
                (
                    "sections",
                    .array(
                        sections.map { r in
                            .object(
                                JSONObject([
                                    ("section", .string(r.section.name)), ("class", .text(r.assessment.waterClass?.roman)),
                                    ("target_class", .text(r.assessment.targetClass?.roman)),
                                    ("attains", r.assessment.attains.map(JSONValue.bool) ?? .null),
                                    ("sample_count", .number(Double(r.sampleCount))),
                                ]))
                        })
                ),
            ]))
    }
}
