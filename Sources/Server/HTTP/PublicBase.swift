import Foundation
import HTTPTypes
import Hummingbird

/// The server's own address for absolute links (OGC API links, the OpenAPI `servers`, the
/// downloads page): the configured public URL (`serve --public-url`) when there is one,
/// which wins over anything a request says; otherwise the request's `Forwarded` (RFC 7239)
/// or `X-Forwarded-Proto`/`X-Forwarded-Host` as a reverse proxy sets them, then `Host`.
/// A host is used only if it is a plain `name[:port]` or `[v6][:port]` of at most 253
/// characters and a scheme only if it is http or https: anything else (a quote, a slash, a
/// path, a space) would be reflected into every link, so it falls back to the listening
/// address instead.
public struct PublicBase: Sendable {
    let configured: String?
    /// Used when no acceptable host came with the request.
    let fallbackHost: String

    init(configured: String?, fallbackHost: String = "127.0.0.1") {
        self.configured = configured.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.fallbackHost = fallbackHost
    }

    func url(for request: Request) -> String {
        if let configured { return configured }
        var scheme: String?
        var host: String?
        if let forwarded = request.headers[.forwarded] {
            // The first proxy's element is the one the client reached.
            let first = forwarded.split(separator: ",").first.map(String.init) ?? ""
            for pair in first.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                switch parts[0].lowercased() {
                case "proto": scheme = value
                case "host": host = value
                default: break
                }
            }
        }
        if scheme == nil, let proto = request.headers[.xForwardedProto] {
            scheme = proto.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if host == nil, let forwardedHost = request.headers[.xForwardedHost] {
            host = forwardedHost.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let chosenScheme = scheme.map { $0.lowercased() }.flatMap { ["http", "https"].contains($0) ? $0 : nil } ?? "http"
        let chosenHost = [host, request.head.authority].compactMap { $0 }.first(where: Self.isPlainHost) ?? fallbackHost
        return chosenScheme + "://" + chosenHost
    }

    /// `example.gov.cn`, `example.gov.cn:8443`, `10.0.0.5:8080`, `[::1]:8080`.
    static func isPlainHost(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 253 else { return false }
        var name = Substring(text)
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let inside = name[name.index(after: name.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            name = name[name.index(after: close)...]
            if name.isEmpty { return true }
            guard name.hasPrefix(":") else { return false }
            return isPort(name.dropFirst())
        }
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let hostPart = parts.first, !hostPart.isEmpty else { return false }
        guard hostPart.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" }),
            !hostPart.hasPrefix("-"), !hostPart.hasPrefix(".")
        else { return false }
        return parts.count == 1 || isPort(parts[1])
    }

    private static func isPort(_ text: Substring) -> Bool {
        guard let port = Int(text), (1...65_535).contains(port), text.allSatisfy(\.isNumber) else { return false }
        return true
    }

    /// Why a configured public URL cannot be used, or nil: `http(s)://host[:port][/path]`.
    public static func problem(withConfigured url: String) -> String? {
        guard url.count <= 500, let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil,
            !url.contains("\""), !url.contains("<"), !url.contains(" ")
        else { return "应为 http(s)://主机[:端口][/路径]，如 https://outfalls.example.gov.cn (must be an http(s) URL without query)" }
        return nil
    }
}

extension HTTPField.Name {
    // Valid tokens, so the names always exist; the fallback is never used.
    static let forwarded = HTTPField.Name("Forwarded") ?? .via
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto") ?? .via
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host") ?? .via
}
