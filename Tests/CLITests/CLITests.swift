import Foundation
import JSON
import Testing
import TestSupport

/// Runs the real `outfalls` binary as a user would.
struct CLI {
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["OUTFALLS_BIN"] { return explicit }
        // .build/<config>/OutfallRegistryPackageTests.xctest sits beside the executable.
        let testBundle = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [Bundle.main.bundleURL, testBundle] {
            let path = candidate.appendingPathComponent("outfalls").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/outfalls").path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> Shell.Result {
        try Shell.run(binary, arguments, environment: environment, directory: directory)
    }
}

typealias Scratch = TemporaryDirectory

struct CLITests {
    let scratch = Scratch()

    @Test func initSampleThenLayersListsEveryLayerWithProvenance() throws {
        let db = scratch.file("o.sqlite")
        let created = try CLI.run(["init", "--sample", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        let layers = try CLI.run(["layers", "--db", db])
        #expect(layers.status == 0)
        for layer in ["rivers", "zones", "intakes", "sections", "areas", "outfalls"] {
            #expect(layers.stdout.contains(layer))
        }
        #expect(layers.stdout.contains("示意数据 SCHEMATIC"))
        #expect(layers.stdout.contains("许可 licence"))
        let json = try JSONParser().parse(try CLI.run(["layers", "--db", db, "--format", "json"]).stdout)
        let counts = json.arrayValue?.compactMap { $0.objectValue?["count"]?.doubleValue }
        #expect(counts == [11, 16, 1, 3, 13, 42])
    }

    @Test func rejectedImportExitsNonZeroNamesTheFeatureAndLeavesTheFileByteForByte() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let before = scratch.bytes("o.sqlite")
        let bad = scratch.write("bad.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"甲","type":"other"},"geometry":{"type":"Point","coordinates":[109.2,24.6]}},
            {"type":"Feature","properties":{"name":"乙","type":"other"},"geometry":{"type":"Point","coordinates":[24.6,109.2]}}]}
            """)
        let result = try CLI.run(["import", "outfalls", bad, "--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.geojson 第 2 个要素"))
        #expect(result.stderr.contains("未写入任何数据"))
        #expect(scratch.bytes("o.sqlite") == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-wal") || (scratch.bytes("o.sqlite-wal")?.isEmpty ?? true))
    }

    @Test func missingDatabaseIsExitCode2WithAHint() throws {
        let result = try CLI.run(["list", "--db", scratch.file("nope.sqlite")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("outfalls init"))
    }

    @Test func databasePathComesFromTheEnvironmentThenTheWorkingDirectory() throws {
        let fromEnvironment = scratch.file("env.sqlite")
        #expect(try CLI.run(["init"], environment: ["OUTFALLS_DB": fromEnvironment]).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))
        #expect(try CLI.run(["init"], in: scratch.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.file("outfalls.sqlite")))
    }

    @Test func listFiltersByTypeAndWritesJSON() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let result = try CLI.run(["list", "--db", db, "--type", "城镇污水处理厂排污口", "--format", "json"])
        #expect(result.status == 0)
        let rows = try JSONParser().parse(result.stdout).arrayValue ?? []
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.objectValue?["type"] == .string("urban_wwtp") && $0.objectValue?["approval_track"] == .string("approval") })
        let unknown = try CLI.run(["list", "--db", db, "--type", "火星排口"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("火星排口"))
    }

    @Test func importReportsCountsAndTheAuditLogRecordsTheUser() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let file = scratch.write("o.csv", "编号,名称,类型,经度,纬度\n1,甲排口,other,109.2,24.6\n")
        let first = try CLI.run(["import", "outfalls", file, "--db", db, "--user", "张工"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("新增 1"))
        let again = try CLI.run(["import", "outfalls", file, "--db", db, "--user", "张工"])
        #expect(again.stdout.contains("未变 1"))
        let log = try CLI.run(["log", "--db", db])
        #expect(log.stdout.contains("张工") && log.stdout.contains("insert"))
    }

    @Test func unknownLayerAndBadCRSAreUsageErrorsOfTheInput() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let file = scratch.write("o.csv", "名称,类型,经度,纬度\n甲,other,109.2,24.6\n")
        #expect(try CLI.run(["import", "lakes", file, "--db", db]).status == 1)
        let badCRS = try CLI.run(["import", "outfalls", file, "--db", db, "--crs", "google"])
        #expect(badCRS.status == 1)
        #expect(badCRS.stderr.contains("google"))
    }
}

struct RiverCLITests {
    let scratch = Scratch()

    func sampleDB() throws -> String {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        return db
    }

    @Test func snapJSONHasTheFieldsTheAPIPromises() throws {
        let db = try sampleDB()
        let result = try CLI.run(["snap", "--db", db, "--lon", "109.2318", "--lat", "24.6702", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONParser().parse(result.stdout).objectValue)
        for field in ["status", "river", "reach_id", "measure_m", "offset_m", "bank", "snapped", "candidates"] {
            #expect(json[field] != nil, "missing \(field)")
        }
        #expect(json["river"] == .string("融江"))
        #expect(["left", "right"].contains(json["bank"]?.stringValue ?? ""))
    }

    @Test func snapBeyondTheMaximumDistanceIsTooFar() throws {
        let db = try sampleDB()
        let result = try CLI.run(["snap", "--db", db, "--lon", "109.2415", "--lat", "24.658", "--max-distance", "200", "--format", "json"])
        #expect(try JSONParser().parse(result.stdout).objectValue?["status"] == .string("too_far"))
    }

    @Test func navigateListsFeaturesWithNetworkDistances() throws {
        let db = try sampleDB()
        let result = try CLI.run(["navigate", "--db", db, "--section", "1", "--direction", "up", "--distance-km", "10", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONParser().parse(result.stdout).objectValue)
        let features = json["features"]?.arrayValue ?? []
        #expect(features.count >= 7)
        for f in features {
            let o = try #require(f.objectValue)
            #expect(o["layer"]?.stringValue != nil && o["id"]?.doubleValue != nil && o["name"]?.stringValue != nil)
            #expect(o["network_distance_m"]?.doubleValue != nil)
        }
        let reaches = json["reaches"]?.arrayValue ?? []
        #expect(reaches.allSatisfy { $0.objectValue?["geometry"]?.objectValue?["type"] == .string("LineString") })
        let text = try CLI.run(["navigate", "--db", db, "--section", "1", "--direction", "up", "--distance-km", "10"])
        #expect(text.stdout.contains("凤山糖厂排污口"))
    }

    @Test func navigateNeedsExactlyOneStart() throws {
        let db = try sampleDB()
        let result = try CLI.run(["navigate", "--db", db, "--section", "1", "--outfall", "2", "--direction", "up", "--distance-km", "1"])
        #expect(result.status == 1)
    }

    @Test func riversReportsTheNetworkAndPinWorks() throws {
        let db = try sampleDB()
        let rivers = try CLI.run(["rivers", "--db", db])
        #expect(rivers.stdout.contains("融江") && rivers.stdout.contains("出口 1 个"))
        let pin = try CLI.run(["pin", "--db", db, "3", "RJ-3", "--user", "李工"])
        #expect(pin.status == 0, "\(pin.stderr)")
        let shown = try CLI.run(["snap", "--db", db, "--outfall", "3", "--format", "json"])
        let snap = try JSONParser().parse(shown.stdout).objectValue?["snap"]?.objectValue
        #expect(snap?["pinned"] == .bool(true) && snap?["reach_id"] == .string("RJ-3"))
    }
}

struct SitingCLITests {
    let scratch = Scratch()

    @Test func checkJSONHasVerdictFindingsSnapAndApprovalTrack() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        // On the 融江 centreline 500 m upstream of the county-seat intake: the level-1 zone.
        let result = try CLI.run(["check", "--db", db, "--lon", "109.2294705", "--lat", "24.6885747", "--type", "工矿企业排污口", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONParser().parse(result.stdout).objectValue)
        #expect(json["verdict"] == .string("prohibited"))
        #expect(json["approval_track"] == .string("approval"))
        #expect(json["snap"]?.objectValue?["river"] == .string("融江"))
        let findings = json["findings"]?.arrayValue ?? []
        let dw = try #require(findings.first { $0.objectValue?["rule"] == .string("DW-PROTECTED") }?.objectValue)
        #expect(dw["basis"]?.stringValue?.contains("第六十四条") == true)
        #expect(dw["distance_m"] == .number(0))
        for field in ["layer", "name", "kind", "level"] { #expect(dw["feature"]?.objectValue?[field] != nil) }
        let text = try CLI.run(["check", "--db", db, "--lon", "109.2294705", "--lat", "24.6885747"])
        #expect(text.stdout.contains("核查结论：禁止设置") && text.stdout.contains("示意数据"))
        // The time a planner files is Beijing time, not the UTC instant the registry stores.
        let stamp = try #require(text.stdout.firstMatch(of: /核查时间：(\d{4}-\d{2}-\d{2} \d{2}:\d{2})（北京时间）/)?.1)
        let beijing = DateFormatter()
        beijing.locale = Locale(identifier: "en_US_POSIX")
        beijing.timeZone = TimeZone(identifier: "Asia/Shanghai")
        beijing.dateFormat = "yyyy-MM-dd HH:mm"
        let shown = try #require(beijing.date(from: String(stamp)))
        #expect(abs(shown.timeIntervalSinceNow) < 180, "核查时间 \(stamp) is not the current Beijing time")
        let geojson = try CLI.run(["check", "--db", db, "--lon", "109.2294705", "--lat", "24.6885747", "--format", "geojson"])
        #expect(try JSONParser().parse(geojson.stdout).objectValue?["type"] == .string("Feature"))
    }

    @Test func screenListsTheFlaggedOutfallsAndCounts() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let result = try CLI.run(["screen", "--db", db, "--only", "prohibited", "--format", "json"])
        let json = try #require(try JSONParser().parse(result.stdout).objectValue)
        #expect(json["outfalls"]?.arrayValue?.count == 3)
        #expect(json["summary"]?.objectValue?["by_severity"]?.objectValue?["prohibited"] == .number(3))
        let geojson = try JSONParser().parse(try CLI.run(["screen", "--db", db, "--only", "flagged", "--format", "geojson"]).stdout)
        #expect((geojson.objectValue?["features"]?.arrayValue?.count ?? 0) > 3)
        let rules = try CLI.run(["rules", "--db", db])
        #expect(rules.stdout.contains("DW-PROTECTED") && rules.stdout.contains("〔条款待核实〕"))
    }

    /// A listing that could not be written (here: a full disk) is an error with exit code 4,
    /// not a crash and not a success.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aListingThatCannotBeWrittenFailsWithExitCode4() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let result = try Shell.run("/bin/sh", ["-c", #""$0" screen --db "$1" --format json > /dev/full"#, CLI.binary, db])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("无法写出结果"))
    }
}

struct StylesCommandTests {
    let scratch = Scratch()

    /// The committed QGIS styles and legend must be what `outfalls styles` makes from styles.json,
    /// so an edit to styles.json without regenerating fails here.
    @Test func generatedStylesMatchTheCommittedFiles() throws {
        let out = scratch.file("styles")
        let result = try CLI.run(["styles", "--output", out])
        #expect(result.status == 0, "\(result.stderr)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let files = FileManager.default
        for folder in ["qgis", "legend"] {
            let generated = try files.contentsOfDirectory(atPath: "\(out)/\(folder)").sorted()
            let committed = try files.contentsOfDirectory(atPath: "\(root)/Styles/\(folder)").sorted()
            #expect(generated == committed)
            #expect(generated.count >= 6)
            for name in generated {
                #expect(files.contents(atPath: "\(out)/\(folder)/\(name)") == files.contents(atPath: "\(root)/Styles/\(folder)/\(name)"), "\(folder)/\(name) is stale: run `outfalls styles`")
            }
        }
        #expect(files.contents(atPath: "\(out)/legend.md") == files.contents(atPath: "\(root)/docs/legend.md"))
        let outfalls = try String(contentsOfFile: "\(out)/qgis/outfalls.qml", encoding: .utf8)
        #expect(outfalls.contains("attr=\"verdict\""))
        #expect(outfalls.contains("<category value=\"prohibited\" label=\"禁止设置（违法设置）\""))
        #expect(outfalls.contains("215,25,28,255"))
    }
}
