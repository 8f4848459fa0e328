/// Text built as UTF-8 bytes. Exports write hundreds of megabytes; appending to `[UInt8]`
/// skips the bookkeeping `String` does on every append (counts, ASCII flags, breadcrumbs).
extension Array where Element == UInt8 {
    @inlinable
    public mutating func append(text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) { return done }
        append(contentsOf: text.utf8)
    }

    @inlinable
    public mutating func append(text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }
}

extension JSONWriter {
    /// Compact JSON appended as bytes (the same text as ``compact(_:)``).
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(text: "null")
        case .bool(let b): out.append(text: b ? "true" : "false")
        case .number(let d): out.append(text: format(number: d))
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string appended as bytes; escaped exactly as ``writeString(_:into:)-(_,String)`` does.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        if s.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            var escaped = ""
            writeString(s, into: &escaped)
            out.append(text: escaped)
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(text: s)
        out.append(UInt8(ascii: "\""))
    }
}
