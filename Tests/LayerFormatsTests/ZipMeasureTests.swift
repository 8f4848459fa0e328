import Foundation
import Testing
import TestSupport
import ZipArchive

/// The sizes in a zip's directory are the file's own claim; inflating an entry tells the truth.
struct ZipMeasureTests {
    /// The corpus's XLSX whose shared strings claim 1,000 bytes and unpack to 200 MiB.
    var lying: [UInt8] {
        get throws {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: Shell.repositoryRoot + "/Tests/Corpus/malformed/xlsx-lying-sizes.xlsx")))
        }
    }

    @Test func anUnderstatedEntryIsCaughtByInflatingIt() throws {
        let bytes = try lying
        let directory = try ZipDirectory(bytes)
        let strings = try #require(directory.entries.first { $0.name == "xl/sharedStrings.xml" })
        #expect(strings.size == 1000, "the claim")
        #expect(throws: ZipDirectory.Problem.self) { try directory.measuredSize(of: strings, in: bytes, limit: 1 << 20) }
        #expect(try directory.measuredSize(of: strings, in: bytes, limit: 300 << 20) > 200 << 20, "the truth")
    }

    @Test func anHonestEntryMeasuresWhatItClaims() throws {
        let bytes = try lying
        let directory = try ZipDirectory(bytes)
        let sheet = try #require(directory.entries.first { $0.name == "xl/worksheets/sheet1.xml" })
        #expect(try directory.measuredSize(of: sheet, in: bytes, limit: 1 << 20) == sheet.size)
    }
}
