import Foundation
import Hummingbird

/// A request's query string (or a URL-encoded form body) as name → values, decoded the way
/// browsers encode forms (`+` is a space).
struct Query: Sendable {
    private(set) var values: [String: [String]] = [:]
    /// Names in the order they came.
    private(set) var names: [String] = []

    init(_ text: String?) {
        guard let text, !text.isEmpty else { return }
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[name] == nil { names.append(name) }
            values[name, default: []].append(value)
        }
    }

    init(_ request: Request) {
        self.init(request.uri.query)
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    subscript(_ name: String) -> String? {
        values[name]?.first.flatMap { $0.isEmpty ? nil : $0 }
    }

    func all(_ name: String) -> [String] {
        (values[name] ?? []).filter { !$0.isEmpty }
    }

    func double(_ name: String) throws(ClientError) -> Double? {
        guard let text = self[name] else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw .badRequest("参数 \(name) 应为数值，收到“\(text)” (\(name) must be a number)")
        }
        return value
    }

    func requiredDouble(_ name: String) throws(ClientError) -> Double {
        guard let value = try double(name) else { throw .badRequest("缺少参数 \(name) (missing \(name))") }
        return value
    }

    /// Whether the name came at all, with a value or empty (`limit=`).
    func has(_ name: String) -> Bool { values[name] != nil }

    /// An integer that, when the parameter is given, must be a whole number in `range`;
    /// given empty (`limit=`) is an error too, not "absent".
    func int(_ name: String, in range: ClosedRange<Int>) throws(ClientError) -> Int? {
        guard has(name) else { return nil }
        guard let text = values[name]?.first, !text.isEmpty else {
            throw .badRequest("参数 \(name) 为空，应为整数 (\(name) is empty)")
        }
        guard let value = Int(text) else { throw .badRequest("参数 \(name) 应为整数，收到“\(text.prefix(40))” (\(name) must be an integer)") }
        guard range.contains(value) else {
            throw .badRequest("参数 \(name) 应在 \(range.lowerBound)…\(range.upperBound == Int.max ? "" : String(range.upperBound)) 之间，收到 \(value) (\(name) out of range)")
        }
        return value
    }

    func int(_ name: String) throws(ClientError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text) else { throw .badRequest("参数 \(name) 应为整数，收到“\(text)” (\(name) must be an integer)") }
        return value
    }
}
