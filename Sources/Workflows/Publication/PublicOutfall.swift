import JSON
import Supervision

/// An outfall as the public site shows it (信息公开): only the fields the county's
/// ``PublicationSettings`` publish, each nil when not published. Built by
/// ``Ledger/publicOutfalls()`` from the registry and the ledger; pages, the map's GeoJSON and
/// the API all render this type and nothing else, so a field the setting excludes cannot
/// reach a visitor through any of them.
///
/// What is never here: internal notes and a file's unknown properties, the free-typed
/// `responsible` (often a person's name or phone), survey photos, tips and tipsters.
public struct PublicOutfall: Sendable, Equatable {
    /// The registry id: the path of its page (`/public/outfalls/{id}`), the signboard QR's target.
    public var id: Int64
    public var name: String?
    public var code: String?
    public var typeCode: String?
    public var typeLabel: String?
    public var lon: Double?
    public var lat: Double?
    public var township: String?
    public var receivingWater: String?
    public var responsibleUnit: String?
    public var dischargeStandard: String?
    public var supervisionPhone: String?
    public var remediationState: String?
    /// Published approval decisions and registrations (审批/登记), newest first.
    public var approvals: [PublicEntry]?
    /// Published 双随机 inspection results, newest first.
    public var inspections: [PublicEntry]?
    /// The registry holds schematic (demonstration) data: every view labels it.
    public var schematic: Bool

    /// What a visitor reads as its title: the name when published, else its number.
    public var title: String { name ?? "排污口 #\(id)" }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("id", .number(Double(id)))]
        func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
        add("name", name)
        add("code", code)
        add("type", typeCode)
        add("type_label", typeLabel)
        if let lon, let lat {
            members.append(("lon", .number(lon)))
            members.append(("lat", .number(lat)))
        }
        add("township", township)
        add("receiving_water", receivingWater)
        add("responsible_unit", responsibleUnit)
        add("discharge_standard", dischargeStandard)
        add("supervision_phone", supervisionPhone)
        add("remediation_state", remediationState)
        if let approvals { members.append(("approvals", .array(approvals.map(\.json)))) }
        if let inspections { members.append(("inspections", .array(inspections.map(\.json)))) }
        members.append(("schematic", .bool(schematic)))
        return .object(JSONObject(members))
    }

    /// A GeoJSON feature (nil when the location is not published: no point to draw).
    public var feature: JSONValue? {
        guard let lon, let lat else { return nil }
        guard case .object(var properties) = json else { return nil }
        _ = properties.removeValue(forKey: "lon")
        _ = properties.removeValue(forKey: "lat")
        return .object(JSONObject([
            ("type", .string("Feature")), ("id", .number(Double(id))),
            ("geometry", .object(JSONObject([("type", .string("Point")), ("coordinates", .array([.number(lon), .number(lat)]))]))),
            ("properties", .object(properties)),
        ]))
    }

    public static func featureCollection(_ outfalls: [PublicOutfall], schematic: Bool) -> JSONValue {
        .object(JSONObject([
            ("type", .string("FeatureCollection")), ("schematic", .bool(schematic)),
            ("features", .array(outfalls.compactMap(\.feature))),
        ]))
    }
}

/// One published entry of a section another workflow fills: an approval decision or a
/// registration, an inspection result. Organisations and dates only, never a person.
public struct PublicEntry: Sendable, Equatable {
    /// `YYYY-MM-DD`, China time.
    public var date: String
    public var title: String
    public var detail: String

    public init(date: String, title: String, detail: String) {
        self.date = date
        self.title = title
        self.detail = detail
    }

    public var json: JSONValue {
        .object(JSONObject([("date", .string(date)), ("title", .string(title)), ("detail", .string(detail))]))
    }
}
