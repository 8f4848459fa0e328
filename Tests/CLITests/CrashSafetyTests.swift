import Foundation
import JSON
import Testing
import TestSupport

/// The CLI is killed with SIGKILL at random moments while it imports thousands of outfalls or
/// re-screens them, at least 50 times; after every kill the database must pass SQLite's
/// integrity check and every import must be wholly present or wholly absent. The database is
/// inspected with Python's sqlite3, not with our own code.
struct CrashSafetyTests {
    let scratch = TemporaryDirectory()
    static let featuresPerFile = 3000

    /// A file of outfalls with ids c0…, all with `status`; two versions of a file share ids,
    /// so importing the other version updates every feature.
    func outfallFile(_ name: String, status: String, offset: Double) -> String {
        var features: [JSONValue] = []
        for i in 0..<Self.featuresPerFile {
            let lon = 108.85 + Double(i % 60) * 0.0115 + offset
            let lat = 24.42 + Double(i / 60) * 0.0088
            features.append(.object(JSONObject([
                ("type", "Feature"), ("id", .string("c\(i)")),
                ("properties", .object(JSONObject([("name", .string("\(name)-\(i)")), ("type", "other"), ("status", .string(status))]))),
                ("geometry", .object(JSONObject([("type", "Point"), ("coordinates", .array([.number(lon), .number(lat)]))]))),
            ])))
        }
        let document = JSONValue.object(JSONObject([("type", "FeatureCollection"), ("features", .array(features))]))
        return scratch.write("\(name)-\(status).geojson", JSONWriter.compact(document))
    }

    /// integrity_check, then per scope: rows, and rows per status.
    static let inspect = """
        import sqlite3, sys, json
        c = sqlite3.connect(sys.argv[1])
        result = {"integrity": c.execute("PRAGMA integrity_check").fetchone()[0]}
        for scope in ("A", "B"):
            rows = c.execute("SELECT status, count(*) FROM outfalls WHERE key LIKE ? GROUP BY status", (scope + ":%",)).fetchall()
            result[scope] = dict(rows)
        result["screening"] = c.execute("SELECT count(*) FROM screening").fetchone()[0]
        result["outfalls"] = c.execute("SELECT count(*) FROM outfalls").fetchone()[0]
        print(json.dumps(result))
        """

    func inspect(_ db: String) throws -> JSONObject {
        let result = try Shell.run("python3", ["-c", Self.inspect, db])
        return try #require(try JSONParser().parse(result.stdout).objectValue, "\(result.stderr)")
    }

    /// Starts the CLI, kills it after `delay` seconds; true if it was still running then.
    func killed(_ arguments: [String], after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(delay * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    @Test(.timeLimit(.minutes(5)))
    func sigkillDuringImportsAndScreeningLosesNothing() throws {
        let db = scratch.file("registry.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let files = [
            "A": [outfallFile("A", status: "active", offset: 0), outfallFile("A", status: "inactive", offset: 0)],
            "B": [outfallFile("B", status: "active", offset: 0.003), outfallFile("B", status: "inactive", offset: 0.003)],
        ]
        // A fixed-seed generator: the same kill moments on every run.
        var seed: UInt64 = 0x5EED
        func nextDelay() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 0.02 + Double(seed >> 11) / Double(1 << 53) * 0.5
        }
        var kills = 0
        var iterations = 0
        while kills < 55 && iterations < 200 {
            iterations += 1
            let arguments: [String]
            switch iterations % 3 {
            case 0: arguments = ["screen", "--db", db]
            default:
                let scope = iterations % 3 == 1 ? "A" : "B"
                let version = (iterations / 3) % 2
                arguments = ["import", "outfalls", files[scope]![version], "--scope", scope, "--db", db]
            }
            if try killed(arguments, after: nextDelay()) { kills += 1 }
            let state = try inspect(db)
            #expect(state["integrity"]?.stringValue == "ok", "after kill \(kills): \(state)")
            for scope in ["A", "B"] {
                let counts = state[scope]?.objectValue?.members.compactMap(\.value.doubleValue) ?? []
                // Wholly absent, or every feature there with one version's status.
                #expect(counts.isEmpty || counts == [Double(Self.featuresPerFile)], "scope \(scope) after \(arguments): \(state)")
            }
        }
        #expect(kills >= 50, "only \(kills) kills landed while the CLI was running, in \(iterations) runs")
        // After all that, the registry works: every file imports, screening completes.
        for scope in ["A", "B"] {
            #expect(try CLI.run(["import", "outfalls", files[scope]![1], "--scope", scope, "--db", db]).status == 0)
        }
        let screen = try CLI.run(["screen", "--db", db, "--format", "json"])
        #expect(screen.status == 0, "\(screen.stderr)")
        let final = try inspect(db)
        #expect(final["A"]?.objectValue?["inactive"]?.doubleValue == Double(Self.featuresPerFile))
        #expect(final["B"]?.objectValue?["inactive"]?.doubleValue == Double(Self.featuresPerFile))
        #expect(final["screening"]?.doubleValue == final["outfalls"]?.doubleValue)
        #expect(final["outfalls"]?.doubleValue == Double(42 + 2 * Self.featuresPerFile))
    }

    /// Survey imports with photos killed at random moments: after every kill each import is
    /// wholly present or absent, every photo a committed record refers to is published or
    /// still staged (never lost), and no published photo lacks a record; once the ledger is
    /// opened for writing again, staging is empty and published files are exactly the
    /// referenced ones — no half record and no orphan file.
    @Test(.timeLimit(.minutes(5)))
    func sigkillDuringSurveyImportsWithPhotosLeavesNoHalfRecordOrOrphan() throws {
        let db = scratch.file("survey.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let rows = 60
        /// Photos of noise (so each is a few hundred KB), different in every round: a lost
        /// photo of one round cannot hide behind the same bytes published by another.
        func photos(_ round: Int) throws -> String {
            let folder = scratch.file("photos-\(round)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let made = try Shell.run("python3", ["-c", """
                import sys, random
                from PIL import Image
                random.seed(int(sys.argv[3]))
                for i in range(int(sys.argv[2])):
                    Image.frombytes('RGB', (640, 480), random.randbytes(640 * 480 * 3)).save(f"{sys.argv[1]}/p{i}.jpg", 'JPEG', quality=90)
                """, folder, String(rows), String(round)])
            #expect(made.status == 0, "\(made.stderr)")
            return folder
        }
        func sheet(_ prefix: String) -> String {
            var lines = ["记录编号,排污口名称,经度,纬度,排污口类型,调查日期,近景1"]
            for i in 0..<rows { lines.append("\(prefix)-\(i),排口\(i),\(109.20 + Double(i) * 0.0005),24.62,其他排口,2024-06-25,p\(i).jpg") }
            return scratch.write("\(prefix).csv", lines.joined(separator: "\n") + "\n")
        }
        let check = """
            import sqlite3, sys, json, os
            c = sqlite3.connect(sys.argv[1])
            folder = sys.argv[1] + ".attachments"
            result = {"integrity": c.execute("PRAGMA integrity_check").fetchone()[0]}
            groups = {}
            for (doc,) in c.execute("SELECT document FROM ledger_documents WHERE kind = 'survey'"):
                p = json.loads(doc)["recordNumber"].split("-")[0]
                groups[p] = groups.get(p, 0) + 1
            result["groups"] = sorted(set(groups.values()))
            shas = {json.loads(d)["sha256"] for (d,) in c.execute("SELECT document FROM ledger_documents WHERE kind = 'attachment'")}
            published, staged, thumbnails = set(), set(), set()
            if os.path.isdir(folder):
                for root, dirs, files in os.walk(folder):
                    for f in files:
                        if root.endswith(".staging"):
                            staged.add(f)
                        elif root.endswith("thumbnails"):
                            thumbnails.add(f[:-4] if f.endswith(".jpg") else f)
                        else:
                            published.add(f)
            result["orphan_thumbnails"] = len(thumbnails - shas)
            result["lost"] = len(shas - published - staged)
            result["orphans_published"] = len(published - shas)
            result["staged"] = len(staged)
            result["unpublished_referenced"] = len(shas - published)
            print(json.dumps(result))
            """
        func state() throws -> JSONObject {
            let r = try Shell.run("python3", ["-c", check, db])
            return try #require(try JSONParser().parse(r.stdout).objectValue, "\(r.stderr)")
        }
        var seed: UInt64 = 0x5EED_F00D
        func nextDelay() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 0.05 + Double(seed >> 11) / Double(1 << 53) * 0.6
        }
        var kills = 0
        var iteration = 0
        while kills < 15 && iteration < 60 {
            iteration += 1
            let folder = try photos(iteration)
            if try killed(["survey", "import", sheet("K\(iteration)"), "--photos", folder, "--db", db], after: nextDelay()) { kills += 1 }
            try? FileManager.default.removeItem(atPath: folder)
            let s = try state()
            #expect(s["integrity"]?.stringValue == "ok")
            let groups = s["groups"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            #expect(groups.allSatisfy { $0 == Double(rows) }, "a half import after kill \(kills): \(s)")
            #expect(s["lost"]?.doubleValue == 0, "\(s)")
            #expect(s["orphans_published"]?.doubleValue == 0 && s["orphan_thumbnails"]?.doubleValue == 0, "\(s)")
        }
        #expect(kills >= 10, "only \(kills) kills landed")
        // Opening for writing recovers: staging emptied, referenced files published.
        let last = try CLI.run(["survey", "import", sheet("FINAL"), "--photos", try photos(1000), "--db", db])
        #expect(last.status == 0, "\(last.stderr)")
        let s = try state()
        #expect(s["staged"]?.doubleValue == 0 && s["unpublished_referenced"]?.doubleValue == 0 && s["orphans_published"]?.doubleValue == 0 && s["orphan_thumbnails"]?.doubleValue == 0, "\(s)")
    }
}
