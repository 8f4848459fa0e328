import JSON
import OutfallModel
import Siting

extension OutfallListing {
    /// The outfall as listings show it: every property, township, snap and verdict.
    public var json: JSONValue {
        let o = outfall
        var object = JSONObject([("id", .number(Double(o.id ?? 0))), ("key", .string(o.key))])
        for member in o.allProperties { object[member.key] = member.value }
        object["township"] = township.map(JSONValue.string) ?? .null
        object["lon"] = .number(o.location.lon)
        object["lat"] = .number(o.location.lat)
        object["approval_track"] = .string(o.type.approvalTrack.rawValue)
        object["snap"] = snap?.json ?? .null
        object["verdict"] = verdict.map { .string($0.rawValue) } ?? .null
        return .object(object)
    }
}
