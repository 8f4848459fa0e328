import HTTPTypes
import Hummingbird

/// The browser-side protections every response carries, set in one place:
///
/// - `Content-Security-Policy`: scripts, styles and everything else from this server only
///   (the map's `/static/map.js`; no inline script or handler anywhere), images also from the
///   configured tile basemap, forms posting only here, and no framing (`frame-ancestors 'none'`).
/// - `X-Frame-Options: DENY` for browsers that predate `frame-ancestors`.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`.
/// - `Cache-Control: no-store` on whatever is served to a signed-in user (a request with a
///   session cookie), static files aside: such pages hold non-public fields and a CSRF token,
///   and must not stay in a shared or back-button cache.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let contentSecurityPolicy: String

    /// `basemapURL`: the tile URL template, whose origin images may come from.
    init(basemapURL: String?, tianditu: Bool = false) {
        var images = "'self' data:"
        if let basemapURL, let origin = Self.origin(of: basemapURL) { images += " " + origin }
        // 天地图's tile hosts t0…t7 (the map spreads requests over them).
        if tianditu { images += " https://*.tianditu.gov.cn" }
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src \(images)", "object-src 'none'",
            "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// `https://tiles.example:8443` from `https://tiles.example:8443/{z}/{x}/{y}.png`.
    static func origin(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // Only plain host characters: the value goes into a header.
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }) else { return nil }
        return String(url[..<scheme.lowerBound]) + "://" + host
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A route that needs a particular allowance (the dossier's inline styles, by hash) sets
        // its own policy; every other response gets the strict one.
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = contentSecurityPolicy }
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        // A 401 from the APIs says how to authenticate (RFC 9110): Basic, for GIS clients.
        if response.status == .unauthorized, BasicAuth.applies(to: request) {
            response.headers[.wwwAuthenticate] = #"Basic realm="outfalls", charset="UTF-8""#
        }
        let signedIn = !(request.cookies[Sessions.cookieName]?.value ?? "").isEmpty || request.headers[.authorization] != nil
        if signedIn && !request.uri.path.hasPrefix("/static/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

extension HTTPField.Name {
    // Not among HTTPTypes' predefined names; both are valid tokens, so the names always exist.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options") ?? .contentSecurityPolicy
    static let referrerPolicy = HTTPField.Name("Referrer-Policy") ?? .contentSecurityPolicy
}
