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
        write(value, into: &out, indent: nil, level: 0)
    }
}
