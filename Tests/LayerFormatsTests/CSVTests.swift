import GeoKit
import JSON
import Testing
@testable import LayerFormats

struct CSVTests {
    let reader = CSVPointReader()

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "name,lon,lat,note\r\n\"a, b\",109.1,24.5,\"say \"\"hi\"\"\"\n\"multi\nline\",109.2,24.6,x\n"
        let file = try reader.read(Array(text.utf8), options: ReadOptions())
        #expect(file.problems.isEmpty)
        #expect(file.features.map { $0.properties["name"] } == [.string("a, b"), .string("multi\nline")])
        #expect(file.features[0].properties["note"] == .string("say \"hi\""))
        #expect(file.features.map(\.position) == [.line(2), .line(3)])
    }

    @Test func coordinateColumnsFoundByChineseNames() throws {
        let file = try reader.read(Array("名称,经度,纬度\n甲,109.3,24.7\n".utf8), options: ReadOptions())
        #expect(file.features.first?.geometry == .point(Coordinate(lon: 109.3, lat: 24.7)))
    }

    @Test func missingCoordinateColumnIsAClearError() {
        #expect(throws: FormatError.self) { try reader.read(Array("名称,地址\n甲,某地\n".utf8), options: ReadOptions()) }
    }

    static let dms: Double = 109 + 14.0 / 60 + 29.4 / 3600
    static let coordinateCases: [(String, Double)] = [
        ("109°14'29.4\"", dms), ("109度14分29.4秒", dms), ("109 14 29.4 E", dms),
        ("24°39′", 24.65), ("109.2415", 109.2415), ("W 10°30'", -10.5),
    ]

    @Test(arguments: coordinateCases)
    func degreesMinutesSeconds(text: String, value: Double) throws {
        let parsed = try #require(PointColumns.coordinate(text))
        #expect(abs(parsed - value) < 1e-12)
    }

    @Test(arguments: ["", "abc", "109°75'", "NaN", "inf", "1e999"])
    func notACoordinate(text: String) {
        #expect(PointColumns.coordinate(text) == nil)
    }

    @Test func unterminatedQuoteNamesItsLine() {
        #expect(throws: FormatError.syntax(line: 3, column: nil, reason: "引号未闭合 (unterminated quoted field)")) {
            try reader.read(Array("name,lon,lat\na,1,2\n\"b,1,2\n".utf8), options: ReadOptions())
        }
    }
}

struct TextEncodingTests {
    // "柳城" in GBK (C1 F8 B3 C7) and in UTF-8.
    let gbk: [UInt8] = [0xC1, 0xF8, 0xB3, 0xC7]

    @Test func detectsUTF8AndGBK() throws {
        #expect(try TextEncoding.decode(Array("柳城".utf8)) == ("柳城", .utf8))
        #expect(try TextEncoding.decode(gbk) == ("柳城", .gbk))
        #expect(try TextEncoding.decode([0xEF, 0xBB, 0xBF] + Array("柳城".utf8)) == ("柳城", .utf8))
    }

    @Test func gbkDeclaredAsUTF8IsRefusedWithTheLine() {
        #expect {
            try TextEncoding.decode(Array("a\nb\n".utf8) + gbk, forced: .utf8)
        } throws: { error in
            (error as? FormatError)?.description.contains("第 3 行") == true
        }
    }

    @Test func utf8DeclaredAsGBKDecodesWrongOrFails() throws {
        // UTF-8 bytes read as GBK must not silently pass as the same text.
        let result = try? TextEncoding.decode(Array("柳城县".utf8), forced: .gbk)
        #expect(result?.text != "柳城县")
    }

    @Test func truncatedGBKIsAnError() {
        #expect(throws: FormatError.self) { try TextEncoding.decode([0xC1, 0xF8, 0xB3], forced: .gbk) }
    }
}

struct GeoJSONReaderTests {
    let reader = GeoJSONReader()

    @Test func readsIdsPropertiesAndLegacyCRS() throws {
        let text = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4545"}},
             "features":[{"type":"Feature","id":7,"properties":{"名称":"甲"},"geometry":{"type":"Point","coordinates":[1,2]}}]}
            """
        let file = try reader.read(Array(text.utf8), options: ReadOptions())
        #expect(file.declaredCRS == .gaussKruger108)
        #expect(file.features.first?.id == "7")
        #expect(file.features.first?.properties["名称"] == .string("甲"))
    }

    @Test func nullGeometryIsAProblemOfThatFeatureOnly() throws {
        let text = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
              {"type":"Feature","properties":{},"geometry":null}]}
            """
        let file = try reader.read(Array(text.utf8), options: ReadOptions())
        #expect(file.features.count == 1)
        #expect(file.problems.map(\.position) == [.feature(2)])
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        #expect {
            try reader.read(Array("{\"type\":\"FeatureCollection\",\n\"features\":[}".utf8), options: ReadOptions())
        } throws: { error in
            if case .syntax(line: 2, column: 13, _) = error as? FormatError { return true }
            return false
        }
    }

    @Test func notAFeatureCollection() {
        #expect(throws: FormatError.self) { try reader.read(Array("[1,2]".utf8), options: ReadOptions()) }
        #expect(throws: FormatError.self) { try reader.read(Array("{\"type\":\"Topology\"}".utf8), options: ReadOptions()) }
    }
}
