import OutfallModel
import Siting

/// Reads a stored findings list in exactly the shape ``StoredFindings/encode(_:isNew:)``
/// writes — `[{"rule":…,"severity":…,"layer":…,"feature_id":…,"distance_m":…,"existing":…},…]`,
/// keys in that order, no spaces, strings without escapes, plain decimal numbers — straight
/// from its bytes. Listing 100,000 stored screenings parses about 900,000 of these, and a
/// JSON tree for each was a third of the listing's time.
///
/// Anything else gives nil, never a guess: ``StoredFindings/decode(_:)`` then reads the text
/// with the JSON parser, which accepts it or names what is wrong.
enum StoredFindingsReader {
    static func read(_ stored: String) -> [StoredFindings.Item]? {
        var stored = stored
        return stored.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.list()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func list() -> [StoredFindings.Item]? {
            guard take("[") else { return nil }
            var items: [StoredFindings.Item] = []
            if take("]") { return at == bytes.count ? items : nil }
            repeat {
                guard let item = item() else { return nil }
                items.append(item)
            } while take(",")
            return take("]") && at == bytes.count ? items : nil
        }

        mutating func item() -> StoredFindings.Item? {
            guard take("{\"rule\":"), let rule = string(),
                take(",\"severity\":"), let severity = string().flatMap(Severity.init(rawValue:)),
                take(",\"layer\":"), let layer = string().flatMap(LayerKind.init(rawValue:)),
                take(",\"feature_id\":")
            else { return nil }
            var featureID: Int64?
            if !take("null") {
                guard let n = number(), let exact = Int64(exactly: n) else { return nil }
                featureID = exact
            }
            guard take(",\"distance_m\":"), let distance = number(), take(",\"existing\":") else { return nil }
            let existing: Bool
            if take("true") { existing = true } else if take("false") { existing = false } else { return nil }
            guard take("}") else { return nil }
            return StoredFindings.Item(
                rule: rule, severity: severity, layer: layer, featureID: featureID, distance: distance, existing: existing)
        }

        /// `literal` next in the text (consumed), or false (nothing consumed).
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard at + count <= bytes.count else { return false }
            let start = literal.utf8Start
            for i in 0..<count where bytes[at + i] != start[i] { return false }
            at += count
            return true
        }

        /// A string without escapes or control characters. The bytes between two quotes of a
        /// Swift string are whole UTF-8 characters, so no validation is needed.
        mutating func string() -> String? {
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
            var end = at + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 1)..<end]), as: UTF8.self)
            at = end + 1
            return text
        }

        /// A number in the plain form `-?(0|[1-9][0-9]*)(\.[0-9]+)?` — a subset of JSON's, so
        /// nothing is read here that the JSON parser would refuse.
        mutating func number() -> Double? {
            var end = at
            func digits() -> Int {
                let start = end
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
                return end - start
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
            let first = end
            let whole = digits()
            guard whole > 0, whole == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
            if end < bytes.count, bytes[end] == UInt8(ascii: ".") {
                end += 1
                guard digits() > 0 else { return nil }
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") { return nil }
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<end]), as: UTF8.self)) else { return nil }
            at = end
            return value
        }
    }
}
