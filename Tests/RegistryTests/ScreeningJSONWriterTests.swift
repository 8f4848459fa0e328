import Foundation
import JSON
import Registry
import Testing

/// `screen --format json` writes rows with ``ScreeningJSONWriter``, which reuses each
/// finding's text; what it writes must be byte for byte what the plain writer gives.
struct ScreeningJSONWriterTests {
    let dir = TemporaryDirectory()

    func plain(_ row: ScreeningRow, level: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.write(try row.json(), into: &bytes, indent: "  ", level: level)
        return bytes
    }

    @Test(arguments: [0, 2])
    func everyRowOfTheSampleIsWrittenAsThePlainWriterWritesIt(level: Int) throws {
        let rows = try dir.sampleRegistry().screening()
        #expect(rows.contains { (try? $0.findingList().count) ?? 0 > 1 })
        var writer = ScreeningJSONWriter(indent: "  ", level: level)
        // Twice over: the second pass writes from the texts the first one kept.
        for row in rows + rows {
            var bytes: [UInt8] = []
            try writer.write(row, into: &bytes)
            #expect(bytes == (try plain(row, level: level)), "\(row.outfall.name)")
        }
    }
}
