import JSON
import Supervision

/// History events as JSON: `at`, `recorded_at`, `actor`, `action`, `changes: [{field, before, after}]`, `reason`.
public enum HistoryJSON {
    public static func event(_ e: HistoryEvent) -> JSONValue {
        .object(JSONObject([
            ("entity", .string(e.entity.kind.rawValue)), ("entity_id", .number(Double(e.entity.id))),
            ("at", .string(e.at)), ("recorded_at", .string(e.recordedAt)), ("actor", .string(e.actor)), ("action", .string(e.action)),
            ("changes", .array(e.changes.map { c in
                .object(JSONObject([("field", .string(c.field)), ("before", c.before ?? .null), ("after", c.after ?? .null)]))
            })),
            ("reason", e.reason.map(JSONValue.string) ?? .null),
        ]))
    }
}
