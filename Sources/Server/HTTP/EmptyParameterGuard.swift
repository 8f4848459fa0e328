import Hummingbird

/// In the JSON API and the OGC API a parameter given with no value (`limit=`, `type=`,
/// `crs=`) is a 400 naming it, never read as "absent": a client that meant a value must
/// learn that none arrived (a silently unfiltered list, or the default CRS, would be a wrong
/// answer that looks right). Pages keep the browsers' habit of sending empty form fields.
struct EmptyParameterGuard<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path == "/ogc" || path.hasPrefix("/ogc/") else { return try await next(request, context) }
        let query = Query(request)
        if let empty = query.names.first(where: { name in (query.values[name] ?? []).contains { $0.isEmpty } }) {
            throw ClientError.badRequest("参数 \(empty.prefix(60)) 为空：不需要时请省略，需要时请给出值 (parameter \(empty.prefix(60)) is empty)")
        }
        return try await next(request, context)
    }
}
