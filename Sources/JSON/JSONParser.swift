/// A strict JSON parser (RFC 8259) that reports where a document goes wrong.
///
/// Written here rather than taken from Foundation so that an error names the line and column,
/// nesting depth is bounded (a 100,000-deep array is refused instead of overflowing the
/// stack), and non-finite numbers are refused.
public struct JSONParser: Sendable {
    /// Deepest nesting of arrays and objects accepted. GeoJSON needs 4 or 5.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 256) {
        self.maximumDepth = maximumDepth
    }

    public func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var cursor = Cursor(bytes: bytes, maximumDepth: maximumDepth)
        cursor.skipByteOrderMark()
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        if !cursor.atEnd { throw cursor.error("unexpected content after the JSON value") }
        return value
    }

    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses a document whose top level is an object, handing each element of its array
    /// member `member` to `element` as soon as it is read instead of keeping it — so a
    /// 100,000-feature collection is never held in memory as a whole tree. Returns the top
    /// level with that member as an empty array, and how many elements were streamed (nil
    /// when there was no such array member, in which case nothing was streamed).
    public func parse(
        _ bytes: [UInt8], streamingArrayMember member: String, element: @escaping (Int, JSONValue) -> Void
    ) throws(JSONSyntaxError) -> (root: JSONValue, streamed: Int?) {
        var cursor = Cursor(bytes: bytes, maximumDepth: maximumDepth)
        cursor.stream = (member, element)
        cursor.skipByteOrderMark()
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        if !cursor.atEnd { throw cursor.error("unexpected content after the JSON value") }
        return (value, cursor.streamed)
    }
}

/// Where and why a JSON document could not be read.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }
}

private struct Cursor {
    let bytes: [UInt8]
    let maximumDepth: Int
    /// The top-level array member whose elements go to a handler instead of the tree.
    var stream: (member: String, handler: (Int, JSONValue) -> Void)?
    var streamed: Int?
    var index = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    var atEnd: Bool { index >= bytes.count }

    func error(_ reason: String) -> JSONSyntaxError {
        var line = 1
        var lineStart = 0
        let end = min(index, bytes.count)
        var i = 0
        while i < end {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        // Columns count characters, not bytes, so a Chinese name does not shift them.
        let column = (lineStart..<end).reduce(1) { count, j in (bytes[j] & 0xC0) == 0x80 ? count : count + 1 }
        return JSONSyntaxError(line: line, column: column, reason: reason)
    }

    mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of file (truncated?)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("NaN and Infinity are not valid JSON numbers")
        default:
            throw error("unexpected character '\(printable(bytes[index]))'")
        }
    }

    func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let expected = Array(literal.utf8)
        let matches = index + expected.count <= bytes.count
            && expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
        guard matches else { throw error("invalid literal (expected \(literal))") }
        index += expected.count
    }

    mutating func enter(_ depth: Int) throws(JSONSyntaxError) {
        if depth > maximumDepth { throw error("nesting deeper than \(maximumDepth) levels") }
        index += 1
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enter(depth)
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an array (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("expected ',' or ']' in an array, found '\(printable(bytes[index]))'")
        }
    }

    /// Like ``parseArray(depth:)``, but each element goes to `handler` and is not kept.
    mutating func streamArray(depth: Int, to handler: (Int, JSONValue) -> Void) throws(JSONSyntaxError) -> Int {
        try enter(depth)
        var count = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return 0
        }
        while true {
            skipWhitespace()
            handler(count, try parseValue(depth: depth))
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an array (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return count }
            throw error("expected ',' or ']' in an array, found '\(printable(bytes[index]))'")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try enter(depth)
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an object (truncated?)") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a quoted member name, found '\(printable(bytes[index]))'")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
            index += 1
            skipWhitespace()
            let value: JSONValue
            if depth == 1, let stream, key == stream.member, index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                streamed = try streamArray(depth: depth + 1, to: stream.handler)
                value = .array([])
            } else {
                value = try parseValue(depth: depth)
            }
            // RFC 8259 leaves duplicates undefined; the last one wins, as in most readers.
            // Objects are small, so a linear look beats hashing every key.
            if object[key] == nil { object.appendUnchecked(key, value) } else { object[key] = value }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an object (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
            throw error("expected ',' or '}' in an object, found '\(printable(bytes[index]))'")
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: most strings have no escapes and are taken straight from the bytes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let string = String(validating: bytes[start..<index], as: UTF8.self) else {
                    throw error("string is not valid UTF-8 (is the file GBK-encoded?)")
                }
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string (escape it as \\u00XX)") }
            index += 1
        }
        var buffer: [UInt8] = Array(bytes[start..<index])
        var runStart = index
        func flushRun(_ end: Int) { buffer.append(contentsOf: bytes[runStart..<end]) }
        while true {
            guard index < bytes.count else { throw error("unterminated string (truncated?)") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flushRun(index)
                index += 1
                break
            }
            if byte < 0x20 { throw error("control character in a string (escape it as \\u00XX)") }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            flushRun(index)
            index += 1
            guard index < bytes.count else { throw error("unterminated escape sequence") }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                index -= 1
                throw error("invalid escape '\\\(printable(escaped))'")
            }
            runStart = index
        }
        guard let string = String(validating: buffer, as: UTF8.self) else {
            throw error("string is not valid UTF-8 (is the file GBK-encoded?)")
        }
        return string
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800...0xDBFF).contains(first) {
            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate in \\u escape")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in \\u escape") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw error("invalid \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("unpaired surrogate in \\u escape") }
        return scalar
    }

    /// Decimals without an exponent and with at most 15 significant digits (coordinates,
    /// most attributes) converted exactly: the digits form an integer below 2^53 and one
    /// division by an exactly representable power of ten rounds correctly (Clinger's fast
    /// path). Anything else goes to the standard library's full conversion.
    static func fastDecimal(_ text: ArraySlice<UInt8>) -> Double? {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        var negative = false
        for byte in text {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits > 0 || byte != UInt8(ascii: "0") { digits += 1 }
                mantissa = mantissa &* 10 &+ Int64(byte - UInt8(ascii: "0"))
                if seenPoint { fraction += 1 }
            default: return nil
            }
            if digits > 15 || fraction > 22 { return nil }
        }
        var value = Double(mantissa)
        if fraction > 0 { value /= Self.powersOfTen[fraction] }
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { acc, _ in acc * 10 } }

    mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - from
        }
        guard index < bytes.count else { throw error("truncated number") }
        if bytes[index] == UInt8(ascii: "I") { throw error("NaN and Infinity are not valid JSON numbers") }
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("invalid number") }
        if integerDigits > 1, bytes[start + (bytes[start] == UInt8(ascii: "-") ? 1 : 0)] == UInt8(ascii: "0") {
            throw error("leading zeros are not allowed in JSON numbers")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("invalid number: digits expected after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("invalid number: digits expected in exponent") }
        }
        if let exact = Self.fastDecimal(bytes[start..<index]) { return exact }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw error("number \(text) is out of range")
        }
        return value
    }
}
