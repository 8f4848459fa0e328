import Foundation
import JSON
import TestSupport
import Testing

/// Every file in Tests/Corpus/samples (written by make_malformed_samples.py, listed in
/// samples-cases.json) goes through `outfalls samples import` on a copy of the sample
/// registry: refused with exit 1, the file named, the expected reasons, "未导入任何数据",
/// and the database byte for byte unchanged.
struct MalformedSampleCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var expect: [String]
        var testDescription: String { file }
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus").path

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: corpus + "/samples-cases.json"),
            let list = (try? JSONParser().parse([UInt8](data)))?.objectValue?["cases"]?.arrayValue
        else { return [] }
        return list.compactMap { item in
            guard let o = item.objectValue, let file = o["file"]?.stringValue else { return nil }
            return Case(file: file, expect: o["expect"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }()

    static let sampleDatabase: Data? = {
        let scratch = TemporaryDirectory()
        let path = scratch.file("base.sqlite")
        guard (try? CLI.run(["init", "--sample", "--db", path]))?.status == 0 else { return nil }
        return FileManager.default.contents(atPath: path)
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 30)
        for c in Self.cases {
            #expect(FileManager.default.fileExists(atPath: "\(Self.corpus)/samples/\(c.file)"), "\(c.file) is listed but missing")
        }
    }

    @Test(arguments: cases)
    func isRefusedWithReasonsAndChangesNothing(_ c: Case) throws {
        let before = try #require(Self.sampleDatabase)
        let scratch = TemporaryDirectory()
        let db = scratch.file("registry.sqlite")
        try before.write(to: URL(fileURLWithPath: db))
        let result = try CLI.run(["samples", "import", "\(Self.corpus)/samples/\(c.file)", "--db", db])
        #expect(result.status == 1, "exit \(result.status): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(c.file), "the message must name the file: \(result.stderr)")
        for text in c.expect { #expect(result.stderr.contains(text), "expected “\(text)” in: \(result.stderr)") }
        #expect(result.stderr.contains("未导入任何数据"), "\(result.stderr)")
        #expect(!result.stderr.contains("SQLite"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: db) == before)
    }
}
