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

    public static func write(_ value: JSONValue, into out: inout String, indent: String?, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += format(number: d)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                write(element, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let object):
            if object.isEmpty { out += "{}"; return }
            out += "{"
            for (i, member) in object.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                writeString(member.key, into: &out)
                out += indent == nil ? ":" : ": "
                write(member.value, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    public static func writeString(_ s: String, into out: inout String) {
        // Most strings need no escaping at all: append them whole.
        if !s.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"  // breaks JavaScript readers when raw
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
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
