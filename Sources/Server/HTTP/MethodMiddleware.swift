import HTTPTypes
import Hummingbird

/// HTTP methods the server does not route: `405 Method Not Allowed` with the `Allow` header
/// (RFC 9110), not the router's 404. The JSON APIs (`/api`, `/public/api`) and OGC API are
/// read-only (GET); pages
/// also take form POSTs. TRACE is never allowed: it would echo the request, cookies included.
/// (`HEAD` never gets here: ``HeadAsGetResponder`` turns it into a GET before routing.)
struct MethodMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let api = path.hasPrefix("/api") || path == "/ogc" || path.hasPrefix("/ogc/") || path.hasPrefix("/public/api/")
        switch request.method {
        case .get:
            return try await next(request, context)
        case .post where !api:
            return try await next(request, context)
        default:
            let allow = api ? "GET, HEAD" : "GET, HEAD, POST"
            let error = ClientError(status: .methodNotAllowed, message: "不支持 \(request.method.rawValue.prefix(20)) 请求，可用：\(allow) (method not allowed)")
            var response = api ? error.json : Responses.body(error.message, status: .methodNotAllowed, contentType: "text/plain; charset=utf-8")
            response.headers[.allow] = allow
            return response
        }
    }
}

/// `HEAD` answered as the `GET` it stands for, without the body, for every route: wraps the
/// router's responder, since the router matches routes by method before any middleware runs.
struct HeadAsGetResponder<Inner: HTTPResponder>: HTTPResponder {
    let inner: Inner

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        response.body = ResponseBody()
        return response
    }
}
