/// Writes ``JSONValue``s as UTF-8 JSON text.
///
/// Non-ASCII text (Chinese names) is written as-is, not as `\u` escapes, so exported files stay
/// readable; control characters and the characters JSON requires are escaped.
public enum JSONWriter {
    /// Compact JSON on one line.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: nil, level: 0)
        return out
    }

    /// Indented JSON, two spaces per level, for files people read.
    public static func pretty(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: "  ", level: 0)
        return out
    }

    /// Appends `value` to `out`. Written as bytes and decoded once: appending many small
    /// pieces to a String costs more than the JSON (half of a 100,000-outfall listing).
    public static func write(_ value: JSONValue, into out: inout String, indent: String?, level: Int) {
        var bytes: [UInt8] = []
        write(value, into: &bytes, indent: indent, level: level)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// ``write(_:into:indent:level:)`` appending UTF-8 bytes, for writers that stream.
    public static func write(_ value: JSONValue, into out: inout [UInt8], indent: String?, level: Int) {
        let indentBytes = indent.map { Array($0.utf8) }
        append(value, into: &out, indent: indentBytes, level: level)
    }

    private static func append(_ value: JSONValue, into out: inout [UInt8], indent: [UInt8]?, level: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d): out.append(contentsOf: format(number: d).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                append(element, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                append(member.value, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: [UInt8]?, _ level: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<level { out.append(contentsOf: indent) }
    }

    public static func writeString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal, as bytes.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        // Most strings need no escaping at all: append them whole.
        if !s.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out.append(UInt8(ascii: "\""))
            var s = s
            s.withUTF8 { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "\u{08}": out.append(contentsOf: "\\b".utf8)
            case "\u{0C}": out.append(contentsOf: "\\f".utf8)
            case "\u{2028}": out.append(contentsOf: "\\u2028".utf8)  // breaks JavaScript readers when raw
            case "\u{2029}": out.append(contentsOf: "\\u2029".utf8)
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    if let encoded = UTF8.encode(scalar) { out.append(contentsOf: encoded) }
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Shortest text that reads back as the same Double; integral values without ".0";
    /// non-finite values (which JSON cannot hold) as `null`.
    public static func format(number d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 {
            if d == 0 { return "0" }
            return String(Int64(d))
        }
        return "\(d)"
    }

    /// A number rounded to at most `decimals` places, trailing zeros trimmed
    /// (`109.2415000` → `109.2415`), as coordinate output wants.
    public static func format(number d: Double, decimals: Int) -> String {
        var bytes: [UInt8] = []
        write(number: d, decimals: decimals, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``format(number:decimals:)`` appended as bytes, digit by digit: exports write two
    /// coordinates per feature, and Foundation's `String(format:)` is slow on Linux.
    public static func write(number d: Double, decimals: Int, into out: inout [UInt8]) {
        guard d.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        let scale = pow10(decimals)
        let rounded = (d * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 9_007_199_254_740_992 {
            if rounded == 0 { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: String(Int64(rounded)).utf8) }
            return
        }
        let scaled = (abs(rounded) * scale).rounded()
        guard scaled < 9.2e18, decimals > 0 else {
            out.append(contentsOf: "\(rounded)".utf8)
            return
        }
        // The scaled value's digits, least significant first, padded with zeros to at least
        // decimals + 1, then written with the point before the last `decimals`, trailing zeros
        // of the fraction left out.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var count = 0
            var n = UInt64(scaled)
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(n % 10)
                count += 1
                n /= 10
            } while n > 0
            while count <= decimals {
                digits[count] = UInt8(ascii: "0")
                count += 1
            }
            var lowest = 0
            while lowest < decimals && digits[lowest] == UInt8(ascii: "0") { lowest += 1 }
            if rounded < 0 { out.append(UInt8(ascii: "-")) }
            for k in stride(from: count - 1, through: decimals, by: -1) { out.append(digits[k]) }
            if lowest < decimals {
                out.append(UInt8(ascii: "."))
                for k in stride(from: decimals - 1, through: lowest, by: -1) { out.append(digits[k]) }
            }
        }
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, n) { result *= 10 }
        return result
    }
}

extension String {
    /// Whether any UTF-8 byte satisfies `predicate`, scanning the string's own storage when it
    /// has one (writers ask this of every string they write, and most need no escaping).
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for b in bytes where predicate(b) { return true }
            return false
        }) {
            return found
        }
        return utf8.contains(where: predicate)
    }
}
