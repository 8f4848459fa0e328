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

/// The map with the siting check: the home page, the check form and its printable report.
extension Pages {
    func map(focus: Coordinate?, publicOnly: Bool, furniture: Bool = false) async throws -> String {
        let layers = try await service.exportLayers()
        let shown = publicOnly ? layers.map(Disclosure.publicView) : layers
        var svg = MapSVG(layers: shown, styles: styles)
        svg.focus = focus
        svg.furniture = furniture
        if let basemap = configuration.basemapURL {
            svg.epsg = 3857
            svg.basemapURL = basemap
        }
        return try svg.render()
    }

    /// The signed-in and public home page: the slippy map (Leaflet, `/static/slippy-map.js`),
    /// which fetches its layers and styles from `/api/map/…`; the page passes only settings
    /// in data- attributes (the CSP allows no inline script).
    func home(_ request: Request) async throws -> Response {
        var (context, session) = try await common(request, title: "地图与核查")
        context["types"] = OutfallType.allCases.map { ["value": $0.rawValue, "label": $0.label] }
        context["canReadCases"] = session?.user.role.can(.read) ?? false
        context["basemapURL"] = configuration.basemapURL ?? ""
        context["basemapName"] = configuration.basemapName ?? ""
        context["tiandituKey"] = configuration.tiandituKey ?? ""
        let summaries = try await service.run { registry in try registry.layerSummaries() }
        context["counts"] = summaries.map { ["label": $0.layer.chineseName, "count": $0.count] }
        return render("home", context)
    }

    func legend() -> [[String: Any]] {
        var items: [[String: Any]] = []
        for layer in [LayerKind.outfalls, .zones, .rivers, .intakes, .sections] {
            for c in styles.style(layer).classes {
                items.append(["label": c.label, "swatch": StyleDocuments.swatch(layer, c)])
            }
        }
        return items
    }

    func check(_ request: Request) async throws -> Response {
        let query = Query(request)
        let point: GivenPoint
        if let x = try query.double("x"), let y = try query.double("y") {
            // A click on the map: metres in the map's CRS (EPSG:4545, or 3857 under a basemap).
            let epsg = try query.int("crs") ?? 4545
            guard [4545, 3857].contains(epsg) else { throw ClientError.badRequest("crs 应为 4545 或 3857 (map CRS)") }
            point = GivenPoint(Coordinate(x: x, y: y), crs: .epsg(epsg))
        } else {
            let lon = try query.requiredDouble("lon")
            let lat = try query.requiredDouble("lat")
            let datum: CRS = switch query["datum"] ?? "cgcs2000" {
                case "gcj02": .gcj02
                case "bd09": .bd09
                default: .cgcs2000
            }
            point = GivenPoint(Coordinate(x: lon, y: lat), crs: datum)
        }
        let type = try JSONAPI.outfallType(query["type"])
        let report = try await service.check(point, type: type)
        let downstreamKm = 30.0
        var downstream: [NavigationHit] = []
        var downstreamProblem = ""
        if report.snap.status == .ok || report.snap.status == .ambiguous {
            let start = GivenPoint(report.location)
            do {
                downstream = try await service.run { registry in
                    try registry.navigate(from: .point(start), direction: .downstream, distance: downstreamKm * 1000).features
                }.filter { $0.layer == .intakes || $0.layer == .sections }
            } catch {
                downstreamProblem = "下游查询未能完成：\(error)"
            }
        }
        var (context, session) = try await common(request, title: "核查报告")
        context.merge(checkContext(report, downstream: downstream, downstreamKm: downstreamKm)) { $1 }
        context["downstreamProblem"] = downstreamProblem
        context["map"] = try await map(focus: report.location, publicOnly: session == nil, furniture: true)
        context["legend"] = legend()
        context["issuingUnit"] = configuration.issuingUnit
        context["mapProjection"] = configuration.basemapURL == nil ? "EPSG:4545 高斯-克吕格投影" : "EPSG:3857 Web 墨卡托投影"
        context["jsonLink"] = "/api/check?lon=\(report.location.lon)&lat=\(report.location.lat)" + (type.map { "&type=\($0.rawValue)" } ?? "")
        // From a map click or a typed point to the filing form, prefilled (审批/登记).
        context["canFile"] = session?.user.role.can(.editRegistry) == true
        context["fileLink"] = "/applications/new?lon=\(report.location.lon)&lat=\(report.location.lat)" + (type.map { "&type=\($0.rawValue)" } ?? "")
        return render("check", context)
    }

    func checkContext(_ r: CheckReport, downstream: [NavigationHit], downstreamKm: Double) -> [String: Any] {
        let receiving: String
        if let best = r.snap.best, r.snap.status == .ok || r.snap.status == .ambiguous {
            receiving = "河流：\(best.river)　河段：\(best.reach.displayID)　里程：\(CheckReportText.metres(best.measure))（距河流下游端）　岸别：\(best.bank?.label ?? "河道中心线上")　离中心线：\(CheckReportText.metres(best.offset))"
                + (r.snap.status == .ambiguous ? "　注意：附近还有其他河段，所属河段需人工确认。" : "")
        } else if let best = r.snap.best {
            receiving = "最近河段 \(best.river) \(best.reach.displayID) 相距 \(CheckReportText.metres(best.offset))，超过最大吸附距离：未能确定受纳水体，与河流相关的规则未核查。"
        } else {
            receiving = "附近没有河段：未能确定受纳水体，与河流相关的规则未核查。"
        }
        let input = r.input.crs != .cgcs2000 && r.input.crs != .wgs84 ? "\(r.input.coordinate.x), \(r.input.coordinate.y)（\(r.input.crs)，已换算）" : ""
        return [
            "time": PageText.time(Date()), "rulesTitle": r.rulesTitle, "rulesVersion": r.rulesVersion, "schematicData": r.usesSchematicData,
            "verdict": r.verdict.verdict.rawValue, "verdictLabel": r.verdict.verdict.label,
            "lon": JSONWriter.format(number: r.location.lon, decimals: 7), "lat": JSONWriter.format(number: r.location.lat, decimals: 7),
            "inputNote": input, "township": r.township ?? "未能确定（无乡镇图层覆盖）",
            "typeLabel": r.type.map { "\($0.label)（\($0.category.label)）" } ?? "未指定", "track": r.type?.approvalTrack.label ?? "",
            "receiving": receiving, "findings": r.verdict.findings.map(findingContext),
            "downstream": downstream.map { hit in
                ["layer": hit.layer.chineseName, "name": hit.name, "distance": CheckReportText.metres(hit.networkDistance)]
            },
            "downstreamKm": Int(downstreamKm), "noSnap": r.snap.status != .ok && r.snap.status != .ambiguous,
            "steps": CheckReportText.nextSteps(r), "unconfirmed": r.verdict.findings.contains { !$0.rule.basisConfirmed },
        ]
    }

    func findingContext(_ f: Finding) -> [String: Any] {
        let place = f.distance == 0 ? "位于区内" : (f.feature.layer == .zones ? "相距 \(CheckReportText.metres(f.distance))" : "河网距离 \(CheckReportText.metres(f.distance))")
        return [
            "severity": f.severity.rawValue, "severityLabel": f.severity.label, "title": f.rule.title, "rule": f.rule.id,
            "feature": "\(f.feature.name)（\(f.feature.label)）", "place": place, "basis": f.rule.basis, "note": f.note ?? "",
            "action": f.rule.action ?? "",
        ]
    }
}
