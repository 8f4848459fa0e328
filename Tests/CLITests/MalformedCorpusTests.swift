import Foundation
import JSON
import Testing
import TestSupport

/// Every file in Tests/Corpus/malformed (written by make_malformed.py, listed in cases.json)
/// is imported through the real CLI into a copy of the sample registry: each must be refused
/// with a non-zero exit, a message naming the file and giving the expected reason, and the
/// database left byte for byte as it was.
struct MalformedCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var layer: String
        var arguments: [String]
        var expect: [String]
        var testDescription: String { file }
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus").path

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: corpus + "/cases.json"),
            let list = (try? JSONParser().parse([UInt8](data)))?.objectValue?["cases"]?.arrayValue
        else { return [] }
        return list.compactMap { item in
            guard let o = item.objectValue, let file = o["file"]?.stringValue, let layer = o["layer"]?.stringValue else { return nil }
            return Case(
                file: file, layer: layer, arguments: o["args"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                expect: o["expect"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }()

    /// The sample registry's bytes, made once for all cases.
    static let sampleDatabase: Data? = {
        let scratch = TemporaryDirectory()
        let path = scratch.file("base.sqlite")
        guard (try? CLI.run(["init", "--sample", "--db", path]))?.status == 0 else { return nil }
        return FileManager.default.contents(atPath: path)
    }()

    @Test func theCorpusCoversEveryImporter() {
        #expect(Self.cases.count >= 60)
        let endings = Set(Self.cases.map { ($0.file as NSString).pathExtension })
        #expect(endings.isSuperset(of: ["geojson", "csv", "kml", "kmz", "zip", "gpkg", "xlsx"]))
        for c in Self.cases {
            #expect(FileManager.default.fileExists(atPath: "\(Self.corpus)/malformed/\(c.file)"), "\(c.file) is listed but missing")
        }
    }

    @Test(arguments: cases)
    func isRefusedClearlyAndChangesNothing(_ c: Case) throws {
        let before = try #require(Self.sampleDatabase)
        let scratch = TemporaryDirectory()
        let db = scratch.file("registry.sqlite")
        try before.write(to: URL(fileURLWithPath: db))
        // Layers go through `import LAYER`; survey sheets and suspect lists through their own
        // commands. An argument `corpus:PATH` names a file of the corpus (a photo folder or ZIP).
        let file = "\(Self.corpus)/malformed/\(c.file)"
        let command: [String] =
            switch c.layer {
            case "survey": ["survey", "import", file]
            case "suspects": ["suspects", "import", file]
            default: ["import", c.layer, file]
            }
        let arguments = c.arguments.map { $0.hasPrefix("corpus:") ? Self.corpus + "/" + $0.dropFirst("corpus:".count) : $0 }
        let result = try CLI.run(command + ["--db", db] + arguments)
        #expect(result.status == 1, "exit \(result.status): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(c.file), "the message must name the file: \(result.stderr)")
        for text in c.expect {
            #expect(result.stderr.contains(text), "expected “\(text)” in: \(result.stderr)")
        }
        #expect(result.stderr.contains("未写入任何数据"), "\(result.stderr)")
        #expect(!result.stderr.contains("SQLite error"), "a raw database error reached the user: \(result.stderr)")
        #expect(FileManager.default.contents(atPath: db) == before, "the database changed")
        let wal = FileManager.default.contents(atPath: db + "-wal")
        #expect(wal == nil || wal?.isEmpty == true, "the import left writes in the WAL")
        #expect(!FileManager.default.fileExists(atPath: db + ".attachments"), "the attachment folder was created or left behind")
    }
}

/// Inputs that once made a parser fail under the fuzzer (Tests/Corpus/fuzz/TARGET/), replayed
/// through the same harness, built normally: each must now pass.
struct FuzzRegressionTests {
    static var harness: String {
        URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("fuzz-parsers").path
    }

    @Test func everyEarlierFindingReplaysWithoutACrash() throws {
        let root = MalformedCorpusTests.corpus + "/fuzz"
        let targets = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(!targets.isEmpty)
        for target in targets {
            let files = try FileManager.default.contentsOfDirectory(atPath: "\(root)/\(target)").sorted().map { "\(root)/\(target)/\($0)" }
            let result = try Shell.run(Self.harness, [target] + files)
            #expect(result.status == 0, "\(target): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("\(files.count) file(s) replayed"), "\(result.stdout)")
        }
    }
}
