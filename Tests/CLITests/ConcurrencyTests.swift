import Dispatch
import Foundation
import JSON
import Testing
import TestSupport

/// Several CLI processes on one registry at once: two importing writers and readers that
/// list, screen (which also writes verdicts) and export while they write. Nobody may see
/// "database is locked", every command must succeed, and no write may be lost.
struct ConcurrencyTests {
    let scratch = TemporaryDirectory()
    static let files = 8
    static let perFile = 1000

    func outfallFile(_ n: Int) -> String {
        var features: [JSONValue] = []
        for i in 0..<Self.perFile {
            let lon = 108.86 + Double(i % 30) * 0.02 + Double(n) * 0.0013
            let lat = 24.43 + Double(i / 30) * 0.42 / Double(Self.perFile / 30)
            features.append(.object(JSONObject([
                ("type", "Feature"), ("id", .string("w\(i)")),
                ("properties", .object(JSONObject([("name", .string("并发\(n)-\(i)")), ("type", "other")]))),
                ("geometry", .object(JSONObject([("type", "Point"), ("coordinates", .array([.number(lon), .number(lat)]))]))),
            ])))
        }
        return scratch.write("writer-\(n).geojson", JSONWriter.compact(.object(JSONObject([("type", "FeatureCollection"), ("features", .array(features))]))))
    }

    /// Results of every process run, from every thread.
    final class Log: @unchecked Sendable {
        private var entries: [(command: String, result: Shell.Result)] = []
        private let lock = NSLock()
        func add(_ command: [String], _ result: Shell.Result) { lock.withLock { entries.append((command.joined(separator: " "), result)) } }
        var all: [(command: String, result: Shell.Result)] { lock.withLock { entries } }
    }

    final class Flag: @unchecked Sendable {
        private var value = false
        private let lock = NSLock()
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test(.timeLimit(.minutes(5)))
    func readersAndWritersAtOnceNeverSeeALockAndLoseNothing() throws {
        let db = scratch.file("registry.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let paths = (0..<Self.files).map(outfallFile)
        let log = Log()
        let writersDone = Flag()
        let group = DispatchGroup()
        let exportPath = scratch.file("export.geojson")
        // Two writers, each importing half of the files, one after another.
        let writers = DispatchGroup()
        for half in 0..<2 {
            writers.enter()
            DispatchQueue.global().async {
                defer { writers.leave() }
                for n in stride(from: half, to: Self.files, by: 2) {
                    let command = ["import", "outfalls", paths[n], "--scope", "W\(n)", "--db", db]
                    log.add(command, (try? CLI.run(command)) ?? Shell.Result(status: -1, stdout: "", stderr: "could not start"))
                }
            }
        }
        // Readers, until the writers are done (and at least a few rounds each).
        let readerCommands = [
            ["list", "--db", db, "--format", "json", "--limit", "5"],
            ["screen", "--db", db, "--format", "json"],
            ["export", "--db", db, "--format", "geojson", "-o", exportPath + "-0"],
            ["layers", "--db", db],
        ]
        for (r, command) in readerCommands.enumerated() {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                var rounds = 0
                while !writersDone.isSet || rounds < 3 {
                    let actual = command.map { $0 == exportPath + "-0" ? exportPath + "-\(r)-\(rounds)" : $0 }
                    log.add(actual, (try? CLI.run(actual)) ?? Shell.Result(status: -1, stdout: "", stderr: "could not start"))
                    rounds += 1
                }
            }
        }
        writers.wait()
        writersDone.set()
        group.wait()

        let entries = log.all
        #expect(entries.count >= Self.files + 4 * 3)
        for entry in entries {
            #expect(entry.result.status == 0, "\(entry.command): \(entry.result.stderr)")
            #expect(!entry.result.stderr.contains("locked") && !entry.result.stderr.contains("busy"), "\(entry.command): \(entry.result.stderr)")
        }
        // Every write is there.
        let counts = try Shell.run("python3", ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            print(c.execute("SELECT count(*) FROM outfalls").fetchone()[0])
            print(c.execute("SELECT count(DISTINCT file_name) FROM sources WHERE file_name LIKE 'writer-%'").fetchone()[0])
            print(c.execute("PRAGMA integrity_check").fetchone()[0])
            """, db])
        #expect(counts.stdout.split(separator: "\n").map(String.init) == ["\(42 + Self.files * Self.perFile)", "\(Self.files)", "ok"], "\(counts.stderr)")
        let final = try CLI.run(["screen", "--db", db, "--format", "json"])
        let total = try JSONParser().parse(final.stdout).objectValue?["summary"]?.objectValue?["total"]?.doubleValue
        #expect(total == Double(42 + Self.files * Self.perFile))
    }
}
