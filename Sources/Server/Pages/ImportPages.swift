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

/// Layer import by upload, for planners: all or nothing, errors listed one per line.
extension Pages {
    func importForm(_ request: Request, message: String?, failed: Bool, status: HTTPResponse.Status = .ok) async throws -> Response {
        var (context, session) = try await common(request, title: "导入图层")
        try require(.planner, session)
        context["layers"] = LayerKind.allCases.map { ["value": $0.rawValue, "label": $0.chineseName] }
        context["message"] = message ?? ""
        context["messageClass"] = failed ? "error" : "ok"
        return render("import", context, status: status)
    }

    func importFile(_ request: Request) async throws -> Response {
        let session = try await sessions.current(request)
        try require(.planner, session)
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType) else {
            throw ClientError.badRequest("请用表单上传文件 (multipart/form-data expected)")
        }
        let body = try await request.collectBody(upTo: configuration.maximumUploadSize, timeout: .seconds(configuration.idleTimeout * 4))
        let form = try MultipartForm(Array(buffer: body), boundary: boundary)
        guard Sessions.validCSRF(form.text("csrf"), session: session, request: request) else {
            throw ClientError(status: .forbidden, message: "表单已失效或来源不明，请刷新页面后重试 (CSRF check failed)")
        }
        guard let layer = form.text("layer").flatMap(LayerKind.init(rawValue:)), let file = form.file("file"), !file.bytes.isEmpty else {
            return try await importForm(request, message: "请选择图层和文件 (layer and file required)", failed: true, status: .badRequest)
        }
        var crs: CRS?
        if let text = form.text("crs"), !text.isEmpty {
            do { crs = try CRS(parsing: text) } catch {
                return try await importForm(request, message: "\(error)", failed: true, status: .badRequest)
            }
        }
        let directory = NSTemporaryDirectory() + "outfalls-upload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The file keeps its name: feature identity is scoped to it (see docs/data-model.md).
        // A name that is a path, or could be read as one, is refused rather than rewritten.
        let name = file.filename
        if let problem = Self.uploadNameProblem(name) {
            return try await importForm(request, message: "文件名“\(name.count > 40 ? String(name.prefix(40)) + "…" : name)”不可用：\(problem)，请改名后重新上传，未导入任何数据 (bad file name)", failed: true, status: .badRequest)
        }
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes)) else {
            return try await importForm(
                request, message: "服务器无法保存上传的文件（临时目录不可写或磁盘已满），未导入任何数据 (could not store the upload)", failed: true,
                status: .internalServerError)
        }
        let actor = session?.user.username ?? "?"
        if let source = form.text("source"), source.count > ImportLimits.textLength {
            return try await importForm(
                request, message: "数据来源说明最多 \(ImportLimits.textLength) 个字符，未导入任何数据 (source note too long)", failed: true, status: .badRequest)
        }
        let provenance = Provenance(description: form.text("source"))
        let given = crs
        do {
            let report = try await service.run { registry in
                try registry.importLayer(ImportRequest(layer: layer, path: path, crs: given, provenance: provenance, actor: actor))
            }
            return try await importForm(
                request, message: "已导入 \(report.fileName)：\(report.featureCount) 个要素（新增 \(report.added)，更新 \(report.updated)，未变 \(report.unchanged)）",
                failed: false)
        } catch let error as ImportError {
            // Messages name the file as the reader saw it; the server's temporary directory is
            // none of the client's business.
            let message = "\(error)".replacingOccurrences(of: directory + "/", with: "").replacingOccurrences(of: directory, with: "")
            return try await importForm(request, message: message, failed: true, status: .badRequest)
        }
    }
}
