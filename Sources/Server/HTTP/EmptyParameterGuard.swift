import Hummingbird
import JSON

/// The JSON APIs (`/api`, `/public/api`) and the OGC API take exactly the parameters `/api/openapi.json` declares:
/// one given with no value (`limit=`, `type=`, `crs=`) or with no name (`?=x`), or one the
/// operation does not have (a typo such as `verdicts=`), is a 400 naming it, never read as
/// "absent" — a silently unfiltered list, or the default CRS, would be a wrong answer that
/// looks right. OGC items also take any property name (a filter, checked by the handler).
/// Pages keep the browsers' habit of sending empty form fields.
struct EmptyParameterGuard<Context: RequestContext>: RouterMiddleware {
    /// Path templates (`/ogc/collections/{collectionId}/items`) split into segments, with
    /// the query parameters each declares.
    private let operations: [(segments: [Substring], parameters: Set<String>)]

    init() {
        var operations: [(segments: [Substring], parameters: Set<String>)] = []
        let document = OpenAPIDocument.make(base: "")
        for member in document.objectValue?["paths"]?.objectValue?.members ?? [] {
            let parameters = member.value.objectValue?["get"]?.objectValue?["parameters"]?.arrayValue ?? []
            let names = parameters.compactMap { p -> String? in
                guard p.objectValue?["in"]?.stringValue == "query" else { return nil }
                return p.objectValue?["name"]?.stringValue
            }
            operations.append((member.key.split(separator: "/"), Set(names)))
        }
        self.operations = operations
    }

    /// The declared parameters of the operation at `path`; nil when the path is not one.
    private func declared(_ path: String) -> Set<String>? {
        let segments = path.split(separator: "/")
        let match = operations.first { op in
            op.segments.count == segments.count
                && zip(op.segments, segments).allSatisfy { template, given in template.hasPrefix("{") || template == given }
        }
        return match?.parameters
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path.hasPrefix("/public/api/") || path == "/ogc" || path.hasPrefix("/ogc/") else { return try await next(request, context) }
        let query = Query(request)
        if query.names.contains("") { throw ClientError.badRequest("查询参数缺少名称（如 ?=x）(a parameter has no name)") }
        if let empty = query.names.first(where: { name in (query.values[name] ?? []).contains { $0.isEmpty } }) {
            throw ClientError.badRequest("参数 \(empty.prefix(60)) 为空：不需要时请省略，需要时请给出值 (parameter \(empty.prefix(60)) is empty)")
        }
        // Property filters on OGC items are the handler's to check against the layer's fields.
        if !path.hasSuffix("/items"), let allowed = declared(path), let unknown = query.names.first(where: { !allowed.contains($0) }) {
            let list = allowed.sorted().joined(separator: "、")
            throw ClientError.badRequest("此接口没有参数 \(unknown.prefix(60))\(list.isEmpty ? "（不接受参数）" : "；可用：\(list)") (unknown parameter)")
        }
        return try await next(request, context)
    }
}
