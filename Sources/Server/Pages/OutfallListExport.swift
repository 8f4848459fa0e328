import Foundation
import GeoKit
import Hummingbird
import HTTPTypes
import JSON
import LayerFormats
import OutfallModel
import Registry
import Reports
import Supervision

/// The outfall list as filtered and sorted on the page, every page of it, as a file:
/// `/outfalls.csv`, `/outfalls.xlsx` (text cells that could start a formula neutralised
/// by Reports' CSVTable and XLSXWorkbook) and `/outfalls.geojson` (values exact, public
/// fields only for visitors, like the downloads).
extension Pages {
    func outfallsExport(_ request: Request, format: String) async throws -> Response {
        let query = Query(request)
        let filter = try JSONAPI.filter(query)
        let list = try OutfallListQuery(query)
        let session = try await sessions.current(request)
        let listings = list.apply(try await service.run { registry in try registry.outfalls(matching: filter) })
        // File names carry the China-local date and minute the list was taken.
        let stamp = ChinaTime.display(ChinaTime.utcString(Date())).filter { $0.isNumber }
        switch format {
        case "geojson":
            let layer = try await service.exportLayers().first { $0.kind == .outfalls }
            let shown = session == nil ? layer.map(Disclosure.publicView) : layer
            let byID = Dictionary((shown?.features ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let features: [JSONValue] = listings.compactMap { l in
                guard let id = l.outfall.id, let f = byID[id] else { return nil }
                return .object(JSONObject([("type", "Feature"), ("id", .number(Double(id))), ("properties", .object(f.properties)), ("geometry", f.geometry.geoJSON)]))
            }
            let body = JSONWriter.compact(.object(JSONObject([("type", "FeatureCollection"), ("name", "outfalls"), ("features", .array(features))])))
            return file(Array(body.utf8), name: "outfalls-\(stamp).geojson", type: "application/geo+json")
        case "csv", "xlsx":
            let table = Self.listTable(listings)
            if format == "csv" { return file(CSVTable.render(table), name: "outfalls-\(stamp).csv", type: "text/csv; charset=utf-8") }
            let path = NSTemporaryDirectory() + "outfalls-list-\(UUID().uuidString).xlsx"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try XLSXWorkbook(tables: [table]).write(to: path)
            guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(status: .internalServerError, message: "导出失败 (export failed)") }
            return file([UInt8](data), name: "outfalls-\(stamp).xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        default:
            throw ClientError.notFound("没有这种导出格式 (no such export)")
        }
    }

    static func listTable(_ listings: [OutfallListing]) -> SpreadsheetTable {
        SpreadsheetTable(
            name: "排污口",
            columns: [
                .init("本地编码", width: 14), .init("名称", width: 32), .init("类型", width: 22), .init("状态", width: 10),
                .init("乡镇", width: 12), .init("河流", width: 10), .init("岸别", width: 8), .init("核查结论", width: 18),
                .init("经度", width: 13), .init("纬度", width: 13),
            ],
            rows: listings.map { l in
                [
                    .text(l.outfall.localCode), .text(l.outfall.name), .text(l.outfall.type.label), .text(l.outfall.status?.label ?? "未填"),
                    .text(l.township), .text(l.snap?.river), .text(l.snap?.bankLabel), .text(l.verdict?.label ?? "未核查"),
                    .number(l.outfall.location.lon), .number(l.outfall.location.lat),
                ]
            })
    }

    private func file(_ bytes: [UInt8], name: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

