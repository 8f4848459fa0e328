import Foundation
import JSON
import Testing
import TestSupport

/// Every file in Tests/Corpus/malformed-tracing (written by make_malformed_tracing.py, listed in
/// tracing-cases.json) through `outfalls unit import` or `outfalls channel import` on a copy
/// of the sample registry: refused with exit 1, the file named, the expected reason, "未写入任何数据",
/// and the database byte for byte unchanged.
struct TracingCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var command: String
        var expect: [String]
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: MalformedCorpusTests.corpus + "/tracing-cases.json"),
            let list = (try? JSONParser().parse([UInt8](data)))?.objectValue?["cases"]?.arrayValue
        else { return [] }
        return list.compactMap { item in
            guard let o = item.objectValue, let file = o["file"]?.stringValue, let command = o["command"]?.stringValue else { return nil }
            return Case(file: file, command: command, expect: o["expect"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }()

    @Test func theCorpusCoversBothImporters() {
        #expect(Self.cases.filter { $0.command == "unit" }.count >= 20)
        #expect(Self.cases.filter { $0.command == "channel" }.count >= 15)
    }

    @Test(arguments: cases)
    func isRefusedClearlyAndChangesNothing(_ c: Case) throws {
        let before = try #require(MalformedCorpusTests.sampleDatabase)
        let scratch = TemporaryDirectory()
        let db = scratch.file("registry.sqlite")
        try before.write(to: URL(fileURLWithPath: db))
        let path = "\(MalformedCorpusTests.corpus)/malformed-tracing/\(c.file)"
        let result = try CLI.run([c.command, "import", path, "--db", db])
        #expect(result.status == 1, "exit \(result.status): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(c.file), "the message must name the file: \(result.stderr)")
        for text in c.expect {
            #expect(result.stderr.contains(text), "expected “\(text)” in: \(result.stderr)")
        }
        #expect(result.stderr.contains("未写入任何数据"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: db) == before, "the database changed")
    }
}
