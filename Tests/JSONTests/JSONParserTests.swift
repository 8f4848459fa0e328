import Foundation
import Testing
@testable import JSON

struct JSONParserTests {
    let parser = JSONParser()

    @Test func parsesNestedValuesKeepingMemberOrder() throws {
        let value = try parser.parse(#"{"b": 1, "a": [true, null, "柳城\u00e9\ud83d\ude00"], "c": -1.5e2}"#)
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value.objectValue?["a"] == .array([.bool(true), .null, .string("柳城é😀")]))
        #expect(value.objectValue?["c"] == .number(-150))
    }

    @Test func reportsLineAndColumnOfTheFault() {
        #expect(throws: JSONSyntaxError(line: 3, column: 10, reason: "expected ',' or '}' in an object, found '\"'")) {
            try parser.parse("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3}")
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(throws: JSONSyntaxError(line: 1, column: 9, reason: "unexpected character 'x'")) {
            try parser.parse(#"["柳城县", x]"#)
        }
    }

    @Test func refusesTruncationNaNAndDeepNesting() {
        #expect(throws: JSONSyntaxError.self) { try parser.parse(#"{"a": [1, 2"#) }
        #expect(throws: JSONSyntaxError.self) { try parser.parse(#"[NaN]"#) }
        #expect(throws: JSONSyntaxError.self) { try parser.parse(#"[Infinity]"#) }
        #expect(throws: JSONSyntaxError.self) { try parser.parse("[1e999]") }
        #expect(throws: JSONSyntaxError.self) { try parser.parse(String(repeating: "[", count: 100_000)) }
        #expect(throws: JSONSyntaxError.self) { try parser.parse("[01]") }
        #expect(throws: JSONSyntaxError.self) { try parser.parse("{} {}") }
    }

    @Test func refusesInvalidUTF8InStrings() {
        // "柳" in GBK is C1 F8, not valid UTF-8.
        #expect(throws: JSONSyntaxError.self) { try parser.parse([0x22, 0xC1, 0xF8, 0x22]) }
    }

    @Test func acceptsAByteOrderMark() throws {
        #expect(try parser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number(1)]))
    }
}

struct JSONWriterTests {
    @Test func writesChineseUnescapedAndControlCharactersEscaped() {
        let value: JSONValue = ["名称": "柳城\"县\"\n", "n": 3, "x": 0.1]
        #expect(JSONWriter.compact(value) == #"{"名称":"柳城\"县\"\n","n":3,"x":0.1}"#)
    }

    @Test func roundsCoordinatesAndTrimsZeros() {
        #expect(JSONWriter.format(number: 109.24150004, decimals: 7) == "109.2415")
        #expect(JSONWriter.format(number: 109.24150005, decimals: 7) == "109.2415001")
        #expect(JSONWriter.format(number: -0.00000001, decimals: 7) == "0")
        #expect(JSONWriter.format(number: 24.5, decimals: 0) == "25")
        #expect(JSONWriter.format(number: -24.658, decimals: 2) == "-24.66")
        #expect(JSONWriter.format(number: .nan) == "null")
    }

    @Test func writeThenParseIsIdentity() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true], "b": ["c": "\u{1}\u{2028}"]]
        #expect(try JSONParser().parse(JSONWriter.pretty(value)) == value)
        #expect(try JSONParser().parse(JSONWriter.compact(value)) == value)
    }
}

/// The parser's fast decimal path must give exactly what the standard library's full
/// conversion gives.
struct NumberConversionTests {
    @Test func fastPathAgreesWithTheStandardLibraryOnRandomDecimals() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let integer = Int.random(in: -200...200, using: &generator)
            let decimals = Int.random(in: 0...12, using: &generator)
            var fraction = ""
            for _ in 0..<decimals { fraction += String(Int.random(in: 0...9, using: &generator)) }
            let text = decimals == 0 ? "\(integer)" : "\(integer).\(fraction)"
            let parsed = try JSONParser().parse("[\(text)]")
            #expect(parsed == .array([.number(Double(text) ?? .nan)]), "\(text)")
        }
    }

    @Test func longAndExponentNumbersTakeTheFullConversion() throws {
        for text in ["109.24150000000000000001", "1.5e3", "-0.000000000000000000000000001", "12345678901234567890"] {
            #expect(try JSONParser().parse("[\(text)]") == .array([.number(Double(text) ?? .nan)]), "\(text)")
        }
    }
}

/// Coordinates are written digit by digit; the text must be what C's printf gives for the
/// value rounded to the precision, with trailing zeros trimmed.
struct NumberFormattingTests {
    @Test func roundedNumbersMatchPrintf() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let decimals = Int.random(in: 1...9, using: &generator)
            let value = Double.random(in: -400...400, using: &generator) * (Bool.random(using: &generator) ? 1 : 1e-4)
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let rounded = (value * scale).rounded() / scale
            var expected = String(format: "%.\(decimals)f", rounded)
            while expected.hasSuffix("0") { expected.removeLast() }
            if expected.hasSuffix(".") { expected.removeLast() }
            if expected == "-0" { expected = "0" }
            #expect(JSONWriter.format(number: value, decimals: decimals) == expected, "\(value) at \(decimals)")
        }
        // Beyond 2^53 the value is written as Swift prints it (it used to lose its zeros: "1").
        #expect(Double(JSONWriter.format(number: 1e17, decimals: 0)) == 1e17)
        #expect(Double(JSONWriter.format(number: 1e17, decimals: 2)) == 1e17)
        #expect(JSONWriter.format(number: -0.0000004, decimals: 7) == "-0.0000004")
        #expect(JSONWriter.format(number: .nan, decimals: 7) == "null")
    }
}
