import JSON

/// One thing that happened to one entity: who did what, when, what changed field by field,
/// and why. The history is append-only; it is enough to rebuild any entity as of a past
/// date (``HistoryReplay``).
///
/// `at` is when it happened (a survey done last week and entered today is `at` last week);
/// `recordedAt` is when it was entered. Both are UTC ISO 8601 strings, which sort in time
/// order; pages show them in Asia/Shanghai.
public struct HistoryEvent: Hashable, Sendable {
    public var id: Int64?
    public var entity: EntityRef
    /// A short stable action name (`create`, `update`, `review.accept`, `merge`, …).
    public var action: String
    public var actor: String
    public var at: String
    public var recordedAt: String
    public var changes: [FieldChange]
    /// Why, in the actor's words (a review note, a reason for a return, an import file name).
    public var reason: String?
    /// Other entities this event concerns (the outfall a survey created, the record merged in).
    public var related: [EntityRef]

    public init(
        id: Int64? = nil, entity: EntityRef, action: String, actor: String, at: String, recordedAt: String? = nil,
        changes: [FieldChange] = [], reason: String? = nil, related: [EntityRef] = []
    ) {
        self.id = id
        self.entity = entity
        self.action = action
        self.actor = actor
        self.at = at
        self.recordedAt = recordedAt ?? at
        self.changes = changes
        self.reason = reason
        self.related = related
    }
}

/// Rebuilds an entity's document from its history.
public enum HistoryReplay {
    /// The document as it stood at the end of `asOf` (an ISO 8601 instant or a date
    /// `YYYY-MM-DD`, meaning the whole of that day in UTC+8), or nil if it did not exist
    /// yet or had been deleted. Events are applied in the order of `at`, then of entry.
    public static func state(of events: [HistoryEvent], asOf: String) -> JSONObject? {
        let cutoff = Self.cutoff(asOf)
        let ordered = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var document: JSONObject?
        for event in ordered where event.at <= cutoff {
            if event.action == "delete" {
                document = nil
                continue
            }
            // A note (a photo attached, a trace recorded) changes no field: it does not bring
            // into existence a document that was never created.
            if document == nil && event.changes.isEmpty { continue }
            document = FieldChange.apply(event.changes, to: document ?? JSONObject(), forwards: true)
        }
        return document
    }

    /// A date alone means "by the end of that day in China": 2024-06-25 → 2024-06-25T15:59:59.999Z.
    public static func cutoff(_ asOf: String) -> String {
        guard asOf.count == 10, asOf.dropFirst(4).first == "-" else { return asOf }
        return ChinaTime.endOfDayUTC(asOf) ?? asOf
    }
}
