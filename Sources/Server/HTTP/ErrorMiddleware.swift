import Hummingbird
import Logging
import Registry
import RegistryStore
import Supervision

/// Turns errors into responses a person can act on: JSON for `/api` and `/ogc`, a page for
/// the rest. Registry errors (bad coordinates, unknown ids) are the client's; anything else
/// is logged and answered with 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let page: @Sendable (ClientError) -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ClientError {
            return respond(error, to: request)
        } catch RegistryError.store(.noSuchUser(let name)) {
            return respond(.notFound("\(StoreError.noSuchUser(name))"), to: request)
        } catch RegistryError.store(let inner) where inner.isDuplicateValue {
            return respond(.badRequest("\(inner)"), to: request)
        } catch let error as LedgerError {
            // The ledger says whose fault it is: the request's (4xx, with its reason) or the system's.
            switch error {
            case .notFound: return respond(.notFound("\(error)"), to: request)
            case .forbidden: return respond(ClientError(status: .forbidden, message: "\(error)"), to: request)
            case .refused, .illegalTransition: return respond(ClientError(status: .conflict, message: "\(error)"), to: request)
            case .corrupt, .storage:
                context.logger.error("ledger fault", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                return respond(ClientError(status: .internalServerError, message: "\(error)"), to: request)
            }
        } catch let error as RegistryError where error.isServerFault {
            // The stored data or the database, not the request: a 500 with the reason (a siting
            // check that could not be completed names the zone), never a verdict.
            context.logger.error("registry fault", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return respond(ClientError(status: .internalServerError, message: "\(error)"), to: request)
        } catch let error as RegistryError {
            return respond(ClientError(status: .badRequest, message: "\(error)"), to: request)
        } catch let error as StoreError {
            switch error {
            case .noSuchUser: return respond(.notFound("\(error)"), to: request)
            case .duplicateValue: return respond(.badRequest("\(error)"), to: request)
            default:
                context.logger.error("database fault", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                return respond(ClientError(status: .internalServerError, message: "\(error)"), to: request)
            }
        } catch let error as HTTPError where error.status == .notFound {
            return respond(.notFound("没有这个页面：\(request.uri.path) (not found)"), to: request)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // NIO's "too many bytes" from collecting a body past its limit.
            return respond(ClientError(status: .contentTooLarge, message: "请求内容过大，超过服务器允许的上限 (request body too large)"), to: request)
        } catch let error as any HTTPResponseError where (400..<500).contains(error.status.code) {
            return respond(ClientError(status: error.status, message: "请求无法处理：\(error.status.reasonPhrase) (\(error.status.code))"), to: request)
        } catch where Self.isMalformedRequest(error) {
            return respond(.badRequest("请求格式错误，无法解析（如分块编码有误）(malformed request)"), to: request)
        } catch {
            // The details go to the log, not to the client: they name the server's internals.
            let reference = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)", "reference": "\(reference)"])
            return respond(
                ClientError(status: .internalServerError, message: "服务器内部错误，已记录，编号 \(reference)，请联系管理员 (internal error)"), to: request)
        }
    }

    /// NIO's HTTP parser rejecting what the client sent (a bad chunk size, a broken header):
    /// the client's error. Matched by name because NIOHTTP1 is not a dependency of this module.
    static func isMalformedRequest(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasSuffix("HTTPParserError")
    }

    private func respond(_ error: ClientError, to request: Request) -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api") || path.hasPrefix("/ogc") || path.hasPrefix("/public/api") else { return page(error) }
        // For programs, "nobody signed in" is 401 (with WWW-Authenticate: Basic, set by the
        // security headers); 403 stays for a user who lacks the permission.
        let anonymous = (request.cookies[Sessions.cookieName]?.value ?? "").isEmpty && request.headers[.authorization] == nil
        if error.status == .forbidden, anonymous { return ClientError(status: .unauthorized, message: error.message).json }
        return error.json
    }
}
