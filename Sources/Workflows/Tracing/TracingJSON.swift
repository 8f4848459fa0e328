import JSON
import OutfallModel
import RegistryStore
import Supervision

/// The JSON of units, channels, traces, responsible parties, 借道 findings and chains — one
/// shape for the CLI's `--format json` and the server's `/api`.
public enum TracingJSON {
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
    static func id(_ value: Int64?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
    static func ids(_ values: [Int64]) -> JSONValue { .array(values.map { .number(Double($0)) }) }

    public static func unit(_ unit: DischargingUnit) -> JSONValue {
        .object(JSONObject([
            ("id", id(unit.id)), ("name", .string(unit.name)), ("credit_code", optional(unit.creditCode)),
            ("permit_number", optional(unit.permitNumber)), ("industry", optional(unit.industry)), ("address", optional(unit.address)),
            ("lon", number(unit.lon)), ("lat", number(unit.lat)), ("permitted_outfall_ids", ids(unit.permittedOutfallIDs)),
        ]))
    }

    public static func channel(_ channel: DrainageChannel) -> JSONValue {
        .object(JSONObject([
            ("id", id(channel.id)), ("name", .string(channel.name)), ("kind", .string(channel.kind.rawValue)),
            ("kind_label", .string(channel.kind.label)), ("unit_id", id(channel.unitID)), ("outfall_id", id(channel.outfallID)),
            ("vertices", .number(Double(channel.coordinates.count))), ("flags", .array(channel.flags.map(JSONValue.string))),
            ("imported_from", optional(channel.importedFrom)),
        ]))
    }

    public static func trace(_ trace: Trace) -> JSONValue {
        .object(JSONObject([
            ("id", id(trace.id)), ("outfall_id", .number(Double(trace.outfallID))), ("traced_on", .string(trace.tracedOn)),
            ("method", .string(trace.method.rawValue)), ("method_label", .string(trace.method.label)),
            ("technique", optional(trace.technique)), ("unit_ids", ids(trace.unitIDs)), ("main_unit_id", id(trace.mainUnitID)),
            ("mixed", .bool(trace.mixed)), ("problems", .array(trace.problems.map(JSONValue.string))),
            ("nodes", .array(trace.pathNodes.map(JSONValue.string))), ("evidence", .array(trace.evidence.map(JSONValue.string))),
            ("result", .string(trace.result.rawValue)), ("result_label", .string(trace.result.label)),
            ("sewage_found", .bool(trace.sewageFound)), ("note", optional(trace.note)),
        ]))
    }

    static func outfallRef(_ outfall: Outfall) -> JSONObject {
        JSONObject([
            ("id", id(outfall.id)), ("key", .string(outfall.key)), ("name", .string(outfall.name)),
            ("type", .string(outfall.type.rawValue)), ("local_code", optional(outfall.localCode)), ("national_code", optional(outfall.nationalCode)),
        ])
    }

    public static func responsible(_ report: ResponsibleReport) -> JSONValue {
        let party = report.party
        var object = JSONObject([
            ("outfall", .object(outfallRef(report.outfall))),
            ("kind", .string(party.kind.rawValue)), ("kind_label", .string(party.kind.label)), ("party", optional(party.party)),
            ("unit_ids", ids(party.unitIDs)), ("reason", .string(party.reason)), ("basis", .string(party.basis)),
            ("trace_id", id(party.traceID)),
        ])
        object["entered"] = .array(report.entered.map { item in
            .object(JSONObject([
                ("source", .string(item.source)), ("value", .string(item.value)), ("agrees", .bool(item.disagreement == nil)),
                ("disagreement", optional(item.disagreement)),
            ]))
        })
        object["flagged"] = .bool(report.disagrees)
        return .object(object)
    }

    public static func shared(_ report: SharedDischargeReport) -> JSONValue {
        .array(report.findings.map { finding in
            .object(JSONObject([
                ("rule", .string(finding.rule.rawValue)), ("rule_label", .string(finding.rule.label)),
                ("outfall", report.outfalls[finding.outfallID].map { .object(outfallRef($0)) } ?? .object(JSONObject([("id", id(finding.outfallID))]))),
                ("trace_id", id(finding.traceID)), ("channel_id", id(finding.channelID)),
                ("units", .array(finding.unitIDs.map { unitID in
                    .object(JSONObject([
                        ("id", .number(Double(unitID))), ("name", optional(report.units[unitID]?.name)),
                        ("credit_code", optional(report.units[unitID]?.creditCode)),
                    ]))
                })),
                ("detail", .string(finding.detail)),
            ]))
        })
    }

    public static func water(_ snap: StoredSnap?) -> JSONValue {
        guard let snap else { return .null }
        return .object(JSONObject([
            ("status", .string(snap.status)), ("river", optional(snap.river)), ("reach_code", optional(snap.reachCode)),
            ("reach_key", optional(snap.reachKey)), ("bank", optional(snap.bank)), ("measure_m", number(snap.measure)),
            ("offset_m", number(snap.offset)), ("pinned", .bool(snap.pinned)),
        ]))
    }

    public static func chain(_ chain: OutfallChain) -> JSONValue {
        .object(JSONObject([
            ("receiving_water", water(chain.snap)), ("outfall", .object(outfallRef(chain.outfall))),
            ("channels", .array(chain.channels.map(channel))), ("units", .array(chain.units.map(unit))),
            ("trace_count", .number(Double(chain.traceCount))), ("responsible", responsible(chain.responsible)),
        ]))
    }

    public static func chain(_ chain: UnitChain) -> JSONValue {
        .object(JSONObject([
            ("unit", unit(chain.unit)), ("channels", .array(chain.channels.map(channel))),
            ("outfalls", .array(chain.links.map { link in
                var object = outfallRef(link.outfall)
                object["receiving_water"] = water(link.snap)
                object["channel_ids"] = ids(link.channelIDs)
                object["trace_ids"] = ids(link.traceIDs)
                return .object(object)
            })),
        ]))
    }

    /// Units (points, those with a location) as a GeoJSON FeatureCollection.
    public static func unitsGeoJSON(_ units: [DischargingUnit]) -> JSONValue {
        .object(JSONObject([
            ("type", "FeatureCollection"),
            ("features", .array(units.compactMap { unit in
                guard let lon = unit.lon, let lat = unit.lat, let properties = self.unit(unit).objectValue else { return nil }
                return .object(JSONObject([
                    ("type", "Feature"), ("id", id(unit.id)), ("properties", .object(properties)),
                    ("geometry", .object(JSONObject([("type", "Point"), ("coordinates", .array([.number(lon), .number(lat)]))]))),
                ]))
            })),
        ]))
    }

    /// Channels (lines) as a GeoJSON FeatureCollection.
    public static func channelsGeoJSON(_ channels: [DrainageChannel]) -> JSONValue {
        .object(JSONObject([
            ("type", "FeatureCollection"),
            ("features", .array(channels.compactMap { item in
                guard let properties = channel(item).objectValue else { return nil }
                return .object(JSONObject([
                    ("type", "Feature"), ("id", id(item.id)), ("properties", .object(properties)),
                    ("geometry", .object(JSONObject([
                        ("type", "LineString"), ("coordinates", .array(item.coordinates.map { .array($0.map(JSONValue.number)) })),
                    ]))),
                ]))
            })),
        ]))
    }
}
