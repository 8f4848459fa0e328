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

/// Layer downloads in every export format, public fields only for visitors.
extension Pages {
    static let downloadFormats: [(format: String, ext: String, label: String, type: String)] = [
        ("geojson", "geojson", "GeoJSON", "application/geo+json"), ("kml", "kml", "KML", "application/vnd.google-earth.kml+xml"),
        ("kmz", "kmz", "KMZ（奥维、Google Earth）", "application/vnd.google-earth.kmz"), ("gpkg", "gpkg", "GeoPackage", "application/geopackage+sqlite3"),
        ("shp", "zip", "Shapefile", "application/zip"), ("csv", "csv", "CSV（Excel）", "text/csv; charset=utf-8"),
    ]

    func downloads(_ request: Request) async throws -> Response {
        var (context, session) = try await common(request, title: "图层下载")
        let summaries = try await service.run { registry in try registry.layerSummaries() }
        context["signedIn"] = session != nil
        context["formats"] = Self.downloadFormats.map { ["label": $0.label] }
        context["layers"] = summaries.map { s -> [String: Any] in
            [
                "label": s.layer.chineseName, "count": s.count,
                "links": Self.downloadFormats.map { ["href": "/downloads/\(s.layer.rawValue).\($0.ext)", "ext": $0.ext] },
            ]
        }
        context["allLinks"] = Self.downloadFormats.filter { ["kml", "kmz", "gpkg", "shp"].contains($0.format) }.map {
            ["href": "/downloads/all.\($0.ext)", "label": $0.label]
        }
        context["ogc"] = PublicBase(configured: configuration.publicURL).url(for: request) + "/ogc"
        return render("downloads", context)
    }

    func download(_ request: Request, file: String) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let format = Self.downloadFormats.first(where: { $0.ext == parts[1] }) else {
            throw ClientError.notFound("没有这个下载 \(file) (no such download)")
        }
        let layers: [LayerKind]
        if parts[0] == "all", ["kml", "kmz", "gpkg", "shp"].contains(format.format) {
            layers = LayerKind.allCases
        } else if let layer = LayerKind(rawValue: parts[0]) {
            layers = [layer]
        } else {
            throw ClientError.notFound("没有这个下载 \(file) (no such download)")
        }
        let publicOnly = try await sessions.current(request) == nil
        let directory = NSTemporaryDirectory() + "outfalls-download-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + file
        _ = try await service.run { registry in
            try registry.export(ExportRequest(layers: layers, format: format.format, path: path, publicOnly: publicOnly))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(status: .internalServerError, message: "导出失败 (export failed)") }
        var headers = HTTPFields()
        headers[.contentType] = format.type
        headers[.contentDisposition] = "attachment; filename=\"\(file)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
