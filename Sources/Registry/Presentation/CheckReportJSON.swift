import GeoKit
import JSON
import OutfallModel

extension CheckReport {
    /// The report as the JSON API and `outfalls check --format json` give it.
    public var json: JSONValue {
        var object = JSONObject([
            ("verdict", .string(verdict.verdict.rawValue)),
            ("verdict_label", .string(verdict.verdict.label)),
            ("location", .object(JSONObject([("lon", .number(location.lon)), ("lat", .number(location.lat))]))),
            ("input", .object(JSONObject([("lon", .number(input.coordinate.x)), ("lat", .number(input.coordinate.y)), ("crs", .string(input.crs.description))]))),
            ("type", type.map { .string($0.rawValue) } ?? .null),
            ("type_label", type.map { .string($0.label) } ?? .null),
            ("approval_track", type.map { .string($0.approvalTrack.rawValue) } ?? .null),
            ("approval_track_label", type.map { .string($0.approvalTrack.label) } ?? .null),
            ("township", township.map(JSONValue.string) ?? .null),
        ])
        object["snap"] = snap.json(maxDistance: maxSnapDistance)
        object["findings"] = .array(verdict.findings.map(\.json))
        object["rules"] = .object(JSONObject([("version", .string(rulesVersion)), ("title", .string(rulesTitle))]))
        object["schematic_data"] = .bool(usesSchematicData)
        return .object(object)
    }

    /// The report as a GeoJSON Feature at the checked point.
    public var geoJSON: JSONValue {
        guard case .object(var properties) = json else { return .null }
        properties.removeValue(forKey: "location")
        return .object(JSONObject([
            ("type", "Feature"), ("properties", .object(properties)), ("geometry", Geometry.point(location).geoJSON),
        ]))
    }
}
