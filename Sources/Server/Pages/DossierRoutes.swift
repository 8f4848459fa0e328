import Foundation
import Hummingbird
import HTTPTypes
import JSON
import Registry
import RegistryStore
import Supervision
import Workflows

/// 一口一档 on the web: `/outfalls/{id}/dossier` (the standalone Chinese page the CLI writes),
/// `/outfalls/{id}/dossier.pdf` and `/api/outfalls/{id}/dossier` (JSON), all from the same
/// ``Dossier`` value, for signed-in users (viewer and up); the public sees none of it yet.
struct DossierRoutes: Sendable {
    let service: RegistryService
    let role: @Sendable (Request) async throws -> Role

    func register(on router: Router<OutfallRequestContext>) {
        router.get("/outfalls/:id/dossier") { request, context in
            let dossier = try await load(request, id: context.parameters.get("id") ?? "")
            var response = Responses.html(DossierHTML.render(dossier.outline(), pdfURL: "/outfalls/\(dossier.outfall.id ?? 0)/dossier.pdf"))
            // The standalone page carries its styles inline: allow exactly those, by hash.
            response.headers[.contentSecurityPolicy] = [
                "default-src 'self'", "script-src 'none'", "style-src \(DossierHTML.styleHash)", "img-src 'self' data:", "object-src 'none'",
                "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
            ].joined(separator: "; ")
            return response
        }
        router.get("/outfalls/:id/dossier.pdf") { request, context in
            let dossier = try await load(request, id: context.parameters.get("id") ?? "")
            let bytes = try await service.run { _ in try Self.pdf(dossier) }
            var headers = HTTPFields()
            headers[.contentType] = "application/pdf"
            headers[.contentDisposition] = "inline; filename=\"dossier-\(dossier.outfall.id ?? 0).pdf\""
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/api/outfalls/:id/dossier") { request, context in
            Responses.json(try await load(request, id: context.parameters.get("id") ?? "").json)
        }
    }

    private func load(_ request: Request, id text: String) async throws -> Dossier {
        guard try await role(request) >= .viewer else {
            throw ClientError(status: .forbidden, message: "排污口档案需登录查看 (sign in as viewer or above)")
        }
        guard let id = Int64(text) else { throw ClientError.notFound("没有排污口 \(text) (no such outfall)") }
        return try await service.run { registry in
            do {
                return try Ledger(registry: registry).dossier(outfall: id)
            } catch let error as LedgerError {
                switch error {
                case .notFound: throw ClientError.notFound("没有排污口 \(id) (no such outfall)")
                default: throw error.isInputProblem ? ClientError.badRequest("\(error)") : error
                }
            }
        }
    }

    /// The PDF, written to a temporary file (cairo writes files) and read back.
    private static func pdf(_ dossier: Dossier) throws -> Data {
        let path = NSTemporaryDirectory() + "dossier-\(UUID().uuidString).pdf"
        defer { unlink(path) }
        try DossierPDF.write(dossier.outline(), to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClientError(status: .internalServerError, message: "档案 PDF 生成失败 (PDF not written)")
        }
        return data
    }
}
