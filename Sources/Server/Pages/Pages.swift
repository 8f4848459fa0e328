import Foundation
import GeoKit
import Hummingbird
import HTTPTypes
import JSON
import LayerFormats
import Mustache
import OutfallModel
import Registry
import RegistryStore
import Rivers
import Siting

/// The web app for planners, in Chinese: the map with the siting check, the outfall list and
/// detail pages, the flagged list, downloads, sign-in, import and user administration.
/// Server-rendered with Mustache templates (every value HTML-escaped), one small script for
/// the map, nothing from a CDN.
struct Pages: Sendable {
    let service: RegistryService
    let sessions: Sessions
    let configuration: ServerConfiguration
    let library: MustacheLibrary
    let staticFiles: [String: (bytes: ByteBuffer, type: String)]
    let styles: StyleSheet
    /// Checked against when a name is unknown, so that sign-in takes as long either way.
    let dummyHash: String
    let throttle: SignInThrottle

    init(service: RegistryService, sessions: Sessions, configuration: ServerConfiguration) async throws {
        self.service = service
        self.sessions = sessions
        self.configuration = configuration
        guard let templates = Bundle.module.path(forResource: "Templates", ofType: nil),
            let statics = Bundle.module.path(forResource: "Static", ofType: nil)
        else { throw ClientError(status: .internalServerError, message: "服务器资源缺失 (templates not found)") }
        library = try await MustacheLibrary(directory: templates)
        staticFiles = try Self.loadStaticFiles(under: statics)
        styles = try service.registry.styleSheet()
        dummyHash = Passwords.hash(Sessions.randomToken())
        throttle = SignInThrottle(limits: .init(
            failuresPerAccount: configuration.signInFailuresPerAccount, failuresPerAddress: configuration.signInFailuresPerAddress,
            window: configuration.signInWindow))
    }

    func register(on router: Router<OutfallRequestContext>) {
        let pages = self
        router.get("/") { request, _ in try await pages.home(request) }
        router.get("/check") { request, _ in try await pages.check(request) }
        router.get("/outfalls") { request, _ in try await pages.outfalls(request) }
        for format in ["csv", "xlsx", "geojson"] {
            router.get("/outfalls.\(format)") { request, _ in try await pages.outfallsExport(request, format: format) }
        }
        router.get("/outfalls/:id") { request, context in try await pages.outfall(request, id: context.parameters.get("id") ?? "") }
        router.post("/outfalls/:id/status") { request, context in try await pages.setStatus(request, id: context.parameters.get("id") ?? "") }
        router.get("/flagged") { request, _ in try await pages.flagged(request) }
        router.get("/downloads") { request, _ in try await pages.downloads(request) }
        router.get("/downloads/:file") { request, context in try await pages.download(request, file: context.parameters.get("file") ?? "") }
        router.get("/login") { request, _ in try await pages.loginForm(request, message: nil) }
        router.post("/login") { request, context in try await pages.login(request, address: context.clientAddress) }
        router.post("/logout") { request, _ in try await pages.logout(request) }
        router.get("/import") { request, _ in try await pages.importForm(request, message: nil, failed: false) }
        router.post("/import") { request, _ in try await pages.importFile(request) }
        router.get("/admin/users") { request, _ in try await pages.users(request, message: nil, failed: false) }
        router.post("/admin/users") { request, _ in try await pages.addUser(request) }
        router.post("/admin/users/:name/:action") { request, context in
            try await pages.toggleUser(request, name: context.parameters.get("name") ?? "", action: context.parameters.get("action") ?? "")
        }
        // Leaflet lives in its own folder (`/static/leaflet/leaflet.js`, its CSS asks for
        // `images/…` beside it); the table is keyed by the path under Static/.
        router.get("/static/**") { _, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let file = pages.staticFiles[path] else { throw ClientError.notFound("没有这个文件 (not found)") }
            var headers = HTTPFields()
            headers[.contentType] = file.type
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: file.bytes))
        }
    }

    /// Every file under Static/ (one level of folders), by its path there. Read once at start:
    /// the set is small and fixed, and nothing a request names reaches the file system.
    static func loadStaticFiles(under root: String) throws -> [String: (bytes: ByteBuffer, type: String)] {
        var files: [String: (bytes: ByteBuffer, type: String)] = [:]
        let manager = FileManager.default
        for name in try manager.subpathsOfDirectory(atPath: root).sorted() {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = manager.contents(atPath: root + "/" + name)
            else { continue }
            files[name] = (ByteBuffer(bytes: data), staticType(name))
        }
        return files
    }

    private static func staticType(_ name: String) -> String {
        switch (name as NSString).pathExtension {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }

    // MARK: Rendering

    /// What every page's header needs: who is signed in, the CSRF token, whether the data is schematic.
    func common(_ request: Request, title: String) async throws -> (context: [String: Any], session: UserSession?) {
        let session = try await sessions.current(request)
        let schematic = try await service.run { registry in try registry.isSchematic() }
        let role = session?.user.role ?? .public
        let user: [String: Any] = [
            "signedIn": session != nil, "name": session?.user.username ?? "", "roleLabel": role.label,
            "canImport": role >= .planner, "isAdmin": role == .admin,
        ]
        return (["title": title, "user": user, "csrf": session?.csrfToken ?? "", "schematic": schematic], session)
    }

    func render(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Responses.html(library.render(Self.pruned(context), withTemplate: template) ?? "模板缺失 (template \(template) missing)", status: status)
    }

    /// Mustache treats an empty string as true: drop empty strings, so that `{{#note}}…{{/note}}`
    /// shows only when there is a note.
    static func pruned(_ value: Any) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            var out: [String: Any] = [:]
            for (key, v) in dictionary {
                if let text = v as? String, text.isEmpty { continue }
                out[key] = pruned(v)
            }
            return out
        case let list as [[String: Any]]:
            return list.map { pruned($0) }
        default:
            return value
        }
    }

    /// The error page (no session lookup: it must render whatever went wrong).
    var errorPage: @Sendable (ClientError) -> Response {
        let library = library
        return { error in
            let context: [String: Any] = ["title": "出错了", "message": error.message, "user": ["signedIn": false], "csrf": "", "schematic": false]
            return Responses.html(library.render(context, withTemplate: "error") ?? error.message, status: error.status)
        }
    }

    func require(_ role: Role, _ session: UserSession?) throws(ClientError) {
        guard let session, session.user.role >= role else {
            throw ClientError(status: .forbidden, message: "需要以“\(role.label)”或更高权限登录 (sign in as \(role.rawValue))")
        }
    }

    /// A form post: its fields, after checking the CSRF token.
    func form(_ request: Request, session: UserSession?) async throws -> Query {
        let body = try await request.collectBody(upTo: 1 << 20, timeout: .seconds(configuration.idleTimeout))
        let query = Query(String(buffer: body))
        guard Sessions.validCSRF(query["csrf"], session: session, request: request) else {
            throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新页面后重试 (CSRF check failed)")
        }
        return query
    }

}
