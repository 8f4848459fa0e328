import Foundation
import GeoKit
import OutfallModel
@testable import Registry
import RegistryStore
import Siting
import Testing

/// Zone predicates that fail for every zone, as GEOS does on a geometry it cannot handle.
final class BrokenGEOS: ZonePredicates {
    func covers(zone: Int, of model: SitingModel, point: Coordinate, tolerance: Double) throws(GEOSError) -> Bool {
        throw GEOSError(operation: "prepared covers", message: "forced by the test")
    }

    func distance(zone: Int, of model: SitingModel, to point: Coordinate) throws(GEOSError) -> Double {
        throw GEOSError(operation: "prepared distance", message: "forced by the test")
    }
}

/// A planner's check and the screening on the bundled layers when GEOS fails: an error that
/// names the zone, no verdict, nothing stored.
struct FailClosedRegistryTests {
    let dir = TemporaryDirectory()

    @Test func aCheckInsideALevel1ZoneWhoseTestFailsIsAnErrorNotClear() throws {
        var registry = try dir.sampleRegistry()
        let inside = try SitingRegistryTests().upstreamOfIntake(registry, 500)
        registry.sitingPredicates = { BrokenGEOS() }
        do {
            let report = try registry.check(GivenPoint(inside), type: .urbanWWTP)
            Issue.record("a check whose zone tests failed gave \(report.verdict.verdict)")
        } catch {
            guard case .siting(let failure) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(error.isServerFault)
            #expect("\(error)".contains(failure.zone?.name ?? "?"))
            #expect("\(error)".contains("核查未完成"))
        }
    }

    @Test func screeningWithAZoneThatCannotBeTestedStoresNothing() throws {
        var registry = try dir.sampleRegistry()
        let before = try registry.store.screening().count
        registry.sitingPredicates = { BrokenGEOS() }
        #expect(throws: RegistryError.self) { try registry.screening() }
        #expect(throws: RegistryError.self) { try registry.outfalls(matching: OutfallFilter()) }
        #expect(try registry.store.screening().count == before)
        // With GEOS answering again, the screening is computed and stored.
        registry.sitingPredicates = { GEOSZonePredicates() }
        #expect(try registry.screening().count == 42)
    }
}

/// A stored snap whose candidate list cannot be read is shown as unreadable, never as a snap
/// with no other reach nearby.
struct UnreadableCandidatesTests {
    func snap(candidates: String) -> StoredSnap {
        StoredSnap(
            outfallID: 1, status: "ambiguous", pinned: false, reachKey: "r1", reachCode: nil, river: "融江", part: 0,
            alongPart: 10, measure: 10, offset: 3, bank: "left", outletDistance: 1_000, snappedLon: 109.2, snappedLat: 24.6,
            candidates: candidates)
    }

    @Test func aDamagedCandidateListIsNullWithAnErrorNotAnEmptyList() throws {
        let damaged = try #require(snap(candidates: "[{\"reach\": ").json.objectValue)
        #expect(damaged["candidates"] == .null)
        #expect(damaged["candidates_error"]?.stringValue?.contains("无法读取") == true)
        let readable = try #require(snap(candidates: "[]").json.objectValue)
        #expect(readable["candidates"] == .array([]))
        #expect(readable["candidates_error"] == nil)
    }
}

/// A stored screening that is damaged (edited by hand, a disk fault) is an error naming the
/// outfall, never a verdict of "nothing found" or a prohibited outfall without its findings.
struct DamagedScreeningTests {
    let dir = TemporaryDirectory()

    /// Damages the stored screening of the sample's first prohibited outfall with `sql`
    /// (`?` is its id), as a person with sqlite3 could. Returns the outfall.
    func damage(_ registry: Registry, _ sql: String) throws -> (id: Int64, name: String) {
        let row = try #require(try registry.screening().first { $0.verdict == .prohibited })
        let id = try #require(row.outfall.id)
        let python = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute(sys.argv[2], (int(sys.argv[3]),))\nc.commit()"
        let result = try Shell.run("python3", ["-c", python, registry.store.path, sql, "\(id)"])
        #expect(result.status == 0, "\(result.stderr)")
        return (id, row.outfall.name)
    }

    @Test(arguments: [
        "UPDATE screening SET findings = '[{\"rule\": ' WHERE outfall_id = ?",
        "UPDATE screening SET findings = '{}' WHERE outfall_id = ?",
        "UPDATE screening SET findings = '[{\"rule\": \"no-such-rule\", \"severity\": \"prohibited\", \"layer\": \"zones\"}]' WHERE outfall_id = ?",
        "UPDATE screening SET findings = '[{\"severity\": \"prohibited\"}]' WHERE outfall_id = ?",
    ])
    func unreadableFindingsAreAnErrorNotAnEmptyList(sql: String) throws {
        let registry = try dir.sampleRegistry()
        let (id, name) = try damage(registry, sql)
        let row = try #require(try registry.screening().first { $0.outfall.id == id })
        #expect(row.verdict == .prohibited)
        do {
            let findings = try row.findingList()
            Issue.record("damaged findings read as \(findings.count) findings")
        } catch {
            #expect("\(error)".contains(name))
            #expect("\(error)".contains("screening"))
        }
        #expect(throws: RegistryError.self) { try row.json() }
        #expect(throws: RegistryError.self) { try registry.outfallDetail(id: id) }
        // The others still read.
        let other = try #require(try registry.screening().first { $0.outfall.id != id && !$0.ruleIDs.isEmpty })
        #expect(try !other.findingList().isEmpty)
    }

    @Test func anUnknownVerdictIsAnErrorNotClear() throws {
        let registry = try dir.sampleRegistry()
        let (_, name) = try damage(registry, "UPDATE screening SET verdict = 'fine' WHERE outfall_id = ?")
        do {
            let rows = try registry.screening()
            Issue.record("a damaged verdict was listed: \(rows.filter { $0.verdict == .clear }.count) clear")
        } catch {
            #expect("\(error)".contains(name))
            #expect("\(error)".contains("fine"))
        }
    }
}
