import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import Testing

/// Text that a spreadsheet would run as a formula goes into CSV downloads inert (OWASP: a
/// leading `'`), read back by Python's csv module as a spreadsheet reads the file; numbers
/// stay numbers, and the GeoJSON export keeps every value exact.
struct FormulaInjectionTests {
    let dir = TemporaryDirectory()

    static let hostile = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+2", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR", "  =1+1"]

    func registry() throws -> Registry {
        let registry = try Registry.empty(in: dir)
        var features: [JSONValue] = []
        for (n, text) in Self.hostile.enumerated() {
            features.append(GeoJSON.feature(
                id: "F\(n)", .point(Coordinate(lon: 109.40 + Double(n) * 1e-3, lat: 24.75)),
                JSONObject([
                    ("名称", .string(text)), ("类型", "其他排口"), ("address", .string(text)), ("depth", .number(-2.5)),
                    ("plain", .string("普通文字 -1")),
                ])))
        }
        _ = try registry.importFile(.outfalls, dir.write("hostile.geojson", json: GeoJSON.collection(features)))
        return registry
    }

    /// Rows of the exported CSV as Python's csv module reads them, as JSON.
    func csvRows(_ path: String) throws -> [[String: String]] {
        let script = "import csv,json,sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))"
        let result = try Shell.run("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try JSONParser().parse(Array(result.stdout.utf8))
        return (parsed.arrayValue ?? []).map { row in
            var out: [String: String] = [:]
            for member in row.objectValue ?? JSONObject() { out[member.key] = member.value.stringValue }
            return out
        }
    }

    @Test func formulaCellsInTheCSVStartWithAQuoteAndNumbersStayNumbers() throws {
        let registry = try registry()
        let path = dir.file("outfalls.csv")
        _ = try registry.export(ExportRequest(layers: [.outfalls], format: "csv", path: path))
        let rows = try csvRows(path)
        #expect(rows.count == Self.hostile.count)
        // Names are trimmed on import (so "\tTAB" is stored as "TAB"); `address` is kept as given.
        #expect(Set(rows.compactMap { $0["address"] }) == Set(Self.hostile.map { "'" + $0 }))
        for row in rows {
            let name = try #require(row["name"])
            let original = name.hasPrefix("'") ? String(name.dropFirst()) : name
            #expect(name.hasPrefix("'") == ["=", "+", "-", "@"].contains(original.first ?? " "), "\(name)")
            #expect(row["depth"] == "-2.5", "a negative number stays a number")
            #expect(row["plain"] == "普通文字 -1", "text that is no formula is untouched")
            #expect(row["lon"]?.hasPrefix("'") == false)
        }
    }

    @Test func geoJSONKeepsTheValuesExact() throws {
        let registry = try registry()
        let path = dir.file("outfalls.geojson")
        _ = try registry.export(ExportRequest(layers: [.outfalls], format: "geojson", path: path))
        let document = try JSONParser().parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let values = (document.objectValue?["features"]?.arrayValue ?? []).compactMap {
            $0.objectValue?["properties"]?.objectValue?["address"]?.stringValue
        }
        #expect(Set(values) == Set(Self.hostile))
    }
}
