import JSON

/// One field of one entity, before and after a change. `before == nil` means the field did
/// not exist (the entity was created or the field was added); `after == nil` means it was
/// removed. Values are JSON so any field of any entity fits.
public struct FieldChange: Hashable, Sendable {
    public var field: String
    public var before: JSONValue?
    public var after: JSONValue?

    public init(field: String, before: JSONValue?, after: JSONValue?) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// The field-level differences between two versions of a document, in the order of the
    /// new version's fields, then the removed ones. Nulls count as absent.
    public static func changes(from old: JSONObject?, to new: JSONObject?) -> [FieldChange] {
        func present(_ object: JSONObject?, _ key: String) -> JSONValue? {
            guard let value = object?[key], !value.isNull else { return nil }
            return value
        }
        var changes: [FieldChange] = []
        var seen = Set<String>()
        for key in (new?.keys ?? []) {
            seen.insert(key)
            let before = present(old, key), after = present(new, key)
            if before != after { changes.append(FieldChange(field: key, before: before, after: after)) }
        }
        for key in (old?.keys ?? []) where !seen.contains(key) {
            if let before = present(old, key) { changes.append(FieldChange(field: key, before: before, after: nil)) }
        }
        return changes
    }

    /// `document` with this change applied forwards (`after`) or backwards (`before`).
    static func apply(_ changes: [FieldChange], to document: JSONObject, forwards: Bool) -> JSONObject {
        var pairs: [(String, JSONValue)] = document.map { ($0.key, $0.value) }
        for change in changes {
            let value = forwards ? change.after : change.before
            if let index = pairs.firstIndex(where: { $0.0 == change.field }) {
                if let value { pairs[index].1 = value } else { pairs.remove(at: index) }
            } else if let value {
                pairs.append((change.field, value))
            }
        }
        return JSONObject(distinct: pairs)
    }
}
