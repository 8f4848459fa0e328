import JSON
import Testing
@testable import Supervision

struct NoteReplayTests {
    /// A note on an outfall that has no supervision file yet (a trace recorded) must not make
    /// the replay invent an empty file; once the file exists, notes leave it as it is.
    @Test func aNoteAloneDoesNotCreateADocument() {
        let ref = EntityRef(.outfall, 9)
        let note = HistoryEvent(entity: ref, action: "trace.record", actor: "a", at: "2024-05-01T02:00:00.000Z")
        #expect(HistoryReplay.state(of: [note], asOf: "2024-12-31") == nil)
        let create = HistoryEvent(
            entity: ref, action: "create", actor: "a", at: "2024-06-01T02:00:00.000Z",
            changes: FieldChange.changes(from: nil, to: ["lifecycle": "verified"]))
        let later = HistoryEvent(entity: ref, action: "trace.record", actor: "a", at: "2024-07-01T02:00:00.000Z")
        #expect(HistoryReplay.state(of: [note, create, later], asOf: "2024-12-31") == ["lifecycle": "verified"])
    }
}
