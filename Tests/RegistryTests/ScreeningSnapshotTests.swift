import Foundation
@testable import Registry
import RegistryStore
import Testing

/// A listing reads outfalls, snaps and verdicts as of one moment, and a verdict computed for
/// another version of an outfall is never paired with it.
struct ScreeningSnapshotTests {
    let dir = TemporaryDirectory()

    /// Marks outfall `id` as changed, as another process's edit or import does, without
    /// bringing its snap or verdict up to date.
    func touch(_ registry: Registry, id: Int64) throws {
        let python = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute(\"UPDATE outfalls SET updated_at = '2099-01-01T00:00:00Z' WHERE id = ?\", (int(sys.argv[2]),))\nc.commit()"
        let result = try Shell.run("python3", ["-c", python, registry.store.path, "\(id)"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func isStale(_ body: () throws -> ScreeningSnapshot) -> Bool {
        do {
            _ = try body()
            return false
        } catch {
            if case .derivedResultsStale = error as? StoreError { return true }
            return false
        }
    }

    @Test func aSnapshotWithAVerdictOfAnEarlierOutfallIsRefused() throws {
        let registry = try dir.sampleRegistry()
        let rows = try registry.screening()
        let fresh = try registry.store.screeningSnapshot(signatureSuffix: Registry.findingsFormatSuffix)
        #expect(fresh.outfalls.count == rows.count)
        #expect(fresh.screenings.count == rows.count)

        let id = try #require(rows.first?.outfall.id)
        try touch(registry, id: id)
        #expect(Self.isStale { try registry.store.screeningSnapshot(signatureSuffix: Registry.findingsFormatSuffix) })
        // Another findings format is stale too: the suffix is part of what is compared.
        _ = try registry.screening()
        #expect(Self.isStale { try registry.store.screeningSnapshot(signatureSuffix: ";format=0") })
    }

    @Test func aListingAfterAChangeRedoesTheChangedOutfall() throws {
        let registry = try dir.sampleRegistry()
        let before = try registry.screening()
        let id = try #require(before.first?.outfall.id)
        try touch(registry, id: id)

        let after = try registry.screening()
        #expect(after.count == before.count)
        #expect(after.contains { $0.outfall.id == id })
        // The changed outfall was screened again: every verdict in a snapshot is current.
        let snapshot = try registry.store.screeningSnapshot(signatureSuffix: Registry.findingsFormatSuffix)
        #expect(snapshot.screenings[id] != nil)
        let query = "import sqlite3, sys\nprint(sqlite3.connect(sys.argv[1]).execute('SELECT outfall_updated_at FROM screening WHERE outfall_id = ?', (int(sys.argv[2]),)).fetchone()[0])"
        let stored = try Shell.run("python3", ["-c", query, registry.store.path, "\(id)"])
        #expect(stored.stdout.hasPrefix("2099"), "\(stored.stdout)")
    }
}
