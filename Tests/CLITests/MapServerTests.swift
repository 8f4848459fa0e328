import Foundation
import JSON
import Testing
import TestSupport

/// The slippy map's data (`/api/map/…`), the home page that loads it, basemap settings,
/// the OGC API contract (queryables, 400s, short CRS names, forwarded links, 405s), the
/// outfall list with search/sort/pages and its exports, the flagged list, and the check
/// report's map sheet: all against `outfalls serve` over HTTP, read back with curl, GDAL
/// and openpyxl.
@Suite(.serialized)
struct MapServerTests {
    static let server = Result { try RunningServer() }

    var server: RunningServer {
        get throws { try Self.server.get() }
    }

    // MARK: The map's data

    @Test func mapStylesCarryTheZoneFillsAndTheCaseStatePalette() throws {
        let styles = try #require(try server.json("/api/map/styles").objectValue)
        let zones = try #require(styles["layers"]?.objectValue?["zones"]?.objectValue)
        let level1 = zones["classes"]?.arrayValue?.compactMap(\.objectValue).first { $0["value"]?.stringValue == "drinking_water/1" }
        #expect(level1?["fill_opacity"]?.doubleValue == 0.45 && level1?["color"]?.stringValue == "#08519c")
        #expect(zones["title"]?.stringValue == "保护区与功能区" || (zones["title"]?.stringValue ?? "").isEmpty == false)
        #expect(styles["layers"]?.objectValue?["rivers"]?.objectValue?["label"]?.objectValue?["italic"]?.boolValue == true)
        let states = styles["case_states"]?.arrayValue?.compactMap { $0.objectValue?["value"]?.stringValue } ?? []
        #expect(Set(states) == ["pending", "in_progress", "returned", "awaiting_check", "county_closed", "closed", "none"])
        #expect(styles["order"]?.arrayValue?.last?.stringValue == "outfalls")
    }

    @Test func mapLayersAreGeoJSONWithStyleClassesAndVisitorsSeeOnlyPublicFields() throws {
        let s = try server
        let anonymous = try s.curl("/api/map/layers/outfalls")
        #expect(anonymous.status == 200 && anonymous.headers.lowercased().contains("application/geo+json"))
        let features = try JSONParser().parse(anonymous.body).objectValue?["features"]?.arrayValue ?? []
        #expect(features.count == 43)
        let classes = Set(features.compactMap { $0.objectValue?["properties"]?.objectValue?["style_class"]?.stringValue })
        #expect(classes.contains("prohibited") && classes.isSubset(of: ["prohibited", "restricted", "review", "notice", "clear", "unscreened"]))
        #expect(features.allSatisfy { !($0.objectValue?["properties"]?.objectValue?["label"]?.stringValue ?? "").isEmpty })
        #expect(!anonymous.body.contains("内部备注不公开"))
        _ = try s.signIn("planner1", client: "map-planner")
        #expect(try s.curl("/api/map/layers/outfalls", client: "map-planner").body.contains("内部备注不公开"))
        let zones = try JSONParser().parse(try s.curl("/api/map/layers/zones").body).objectValue?["features"]?.arrayValue ?? []
        #expect(zones.contains { $0.objectValue?["properties"]?.objectValue?["style_class"]?.stringValue == "drinking_water/1" })
        #expect(try s.curl("/api/map/layers/nope").status == 404)
    }

    @Test func theDensityGridCountsEveryOutfallOnceAndRefusesBadCellSizes() throws {
        let s = try server
        let grid = try #require(try s.json("/api/map/density?cell_km=2").objectValue)
        let cells = grid["features"]?.arrayValue?.compactMap { $0.objectValue?["properties"]?.objectValue } ?? []
        let counts = cells.compactMap { $0["count"]?.doubleValue }
        #expect(counts.reduce(0, +) == 43 && grid["total"]?.doubleValue == 43)
        #expect(cells.allSatisfy { abs(($0["per_km2"]?.doubleValue ?? 0) - ($0["count"]?.doubleValue ?? 0) / 4) < 0.001 })
        // Cells are squares of 2 km in EPSG:4545: the first one's corners, back in metres with PROJ's cs2cs.
        let ring = try #require(grid["features"]?.arrayValue?.first?.objectValue?["geometry"]?.objectValue?["coordinates"]?.arrayValue?.first?.arrayValue)
        let input = ring.prefix(2).compactMap(\.arrayValue).map { "\($0[1].doubleValue ?? 0) \($0[0].doubleValue ?? 0)" }.joined(separator: "\n") + "\n"
        let metres = try Shell.run("cs2cs", ["-d", "2", "EPSG:4490", "EPSG:4545"], input: input).stdout
            .split(whereSeparator: { $0 == "\n" }).map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) } }
        try #require(metres.count == 2 && metres[0].count >= 2 && metres[1].count >= 2)
        #expect(abs(abs(metres[1][1] - metres[0][1]) - 2000) < 1, "\(metres)")
        for bad in ["cell_km=0", "cell_km=50", "cell_km=abc", "cell_km="] {
            #expect(try s.curl("/api/map/density?\(bad)").status == 400, "\(bad)")
        }
    }

    @Test func reachesCarryOutfallsPerRiverKm() throws {
        let rows = try server.json("/api/map/reaches").arrayValue?.compactMap(\.objectValue) ?? []
        #expect(rows.compactMap { $0["count"]?.doubleValue }.reduce(0, +) == 43)
        let rivers = try JSONParser().parse(try server.curl("/api/map/layers/rivers").body).objectValue?["features"]?.arrayValue ?? []
        let reachIDs = Set(rivers.compactMap { $0.objectValue?["properties"]?.objectValue?["reach_id"]?.stringValue })
        let measured = rows.filter { $0["length_km"]?.doubleValue != nil }
        // Every reach of the rivers layer has its figure, and the figure is count ÷ length.
        #expect(reachIDs.isSubset(of: Set(measured.compactMap { $0["reach_id"]?.stringValue })), "\(reachIDs)")
        for row in measured {
            let (count, km, perKm) = (row["count"]?.doubleValue ?? -1, row["length_km"]?.doubleValue ?? 0, row["per_km"]?.doubleValue ?? -1)
            #expect(km > 0 && abs(perKm - count / km) < 0.002, "\(row)")
        }
    }

    @Test func theHomePageIsTheLeafletMapWithNoInlineScript() throws {
        let s = try server
        let home = try s.curl("/").body
        #expect(home.contains(#"src="/static/leaflet/leaflet.js""#) && home.contains(#"src="/static/slippy-map.js""#))
        #expect(home.contains(#"id="map" class="slippy""#) && home.contains("leaflet.css"))
        let scripts = home.components(separatedBy: "<script").dropFirst()
        #expect(scripts.allSatisfy { $0.hasPrefix(" src=") && $0.contains("></script>") })
        #expect(home.contains("未配置底图"))
        // Visitors get no case colouring (cases are internal); a planner does.
        #expect(!home.contains(#"value="case""#))
        _ = try s.signIn("planner1", client: "home-planner")
        #expect(try s.curl("/", client: "home-planner").body.contains(#"value="case""#))
        let script = try s.curl("/static/slippy-map.js")
        #expect(script.status == 200 && script.headers.contains("text/javascript") && script.body.contains("L.control.scale"))
        #expect(try s.curl("/static/north-arrow.svg").status == 200)
    }

    // MARK: Basemaps

    @Test func shiftedTileServicesAreRefusedAndTiandituIsOfferedWithItsKey() throws {
        let scratch = TemporaryDirectory()
        let db = scratch.file("r.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let amap = try CLI.run(["serve", "--db", db, "--port", "0", "--basemap-url", "https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}"])
        #expect(amap.status == 1 && amap.stderr.contains("高德") && amap.stderr.contains("天地图"), "\(amap.stderr)")
        let badKey = try CLI.run(["serve", "--db", db, "--port", "0", "--tianditu-key", "not-a-key"])
        #expect(badKey.status == 1 && badKey.stderr.contains("天地图密钥"))
        let noXYZ = try CLI.run(["serve", "--db", db, "--port", "0", "--basemap-url", "https://tiles.example/tile.png"])
        #expect(noXYZ.status == 1 && noXYZ.stderr.contains("{z}"))
        let key = "0123456789abcdef0123456789abcdef"
        let s = try RunningServer(extraArguments: ["--tianditu-key", key])
        let home = try s.curl("/")
        #expect(home.body.contains(#"data-tianditu="\#(key)""#))
        #expect(home.headers.contains("https://*.tianditu.gov.cn"))
        #expect(!home.body.contains("未配置底图"))
    }

    // MARK: OGC API contract

    @Test func queryablesAreAJSONSchemaOfTheLayersProperties() throws {
        let s = try server
        let response = try s.curl("/ogc/collections/outfalls/queryables")
        #expect(response.status == 200 && response.headers.contains("application/schema+json"))
        let schema = try #require(try JSONParser().parse(response.body).objectValue)
        #expect(schema["type"]?.stringValue == "object" && schema["$schema"]?.stringValue?.contains("json-schema.org") == true)
        let properties = try #require(schema["properties"]?.objectValue)
        #expect(properties["name"]?.objectValue?["type"]?.stringValue == "string")
        #expect(properties["verdict"] != nil && properties["geometry"] != nil)
        #expect(properties["内部备注"] == nil && properties["说明"] == nil)
        let collection = try s.curl("/ogc/collections/outfalls").body
        #expect(collection.contains("/ogc/collections/outfalls/queryables") && collection.contains("ogc/1.0/queryables"))
    }

    @Test func badPagingAndBBoxesAre400AndShortCRSNamesWork() throws {
        let s = try server
        for bad in ["offset=-1", "limit=0", "limit=", "limit=-5", "bbox=109.5,24,109.2,25", "bbox=109,25,110,24", "bbox=1,2,3", "bbox=1,2,x,4", "crs="] {
            let r = try s.curl("/ogc/collections/outfalls/items?\(bad)")
            #expect(r.status == 400 && r.body.contains("\"error\""), "\(bad): \(r.status)")
        }
        // Above the maximum is served as the maximum (Part 1), not refused.
        #expect(try s.curl("/ogc/collections/outfalls/items?limit=999999").status == 200)
        let short = try s.curl("/ogc/collections/outfalls/items?limit=1&crs=EPSG:4490")
        #expect(short.status == 200 && short.headers.contains("<http://www.opengis.net/def/crs/EPSG/0/4490>"))
        #expect(try s.curl("/ogc/collections/outfalls/items?limit=1&bbox-crs=%5BEPSG:4545%5D&bbox=400000,2700000,500000,2800000").status == 200)
        // One intake: its extent is a small box, not a point GIS clients read as empty.
        let intakes = try #require(try s.json("/ogc/collections/intakes").objectValue)
        let box = intakes["extent"]?.objectValue?["spatial"]?.objectValue?["bbox"]?.arrayValue?.first?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(box.count == 4 && box[2] > box[0] && box[3] > box[1], "\(box)")
    }

    @Test func linksFollowTheProxyHeadersOnlyWhenTheyArePlainHosts() throws {
        let s = try server
        func selfLink(_ headers: [String]) throws -> String {
            let body = try s.curl("/ogc", extra: headers.flatMap { ["-H", $0] }).body
            return try JSONParser().parse(body).objectValue?["links"]?.arrayValue?.first?.objectValue?["href"]?.stringValue ?? ""
        }
        #expect(try selfLink(["X-Forwarded-Proto: https", "X-Forwarded-Host: outfalls.example.gov.cn"]) == "https://outfalls.example.gov.cn/ogc")
        #expect(try selfLink([#"Forwarded: for=10.0.0.1;proto=https;host="gis.example.gov.cn:8443""#]) == "https://gis.example.gov.cn:8443/ogc")
        #expect(try selfLink(["X-Forwarded-Host: evil.example/\"><script>", "X-Forwarded-Proto: javascript"]) == "http://127.0.0.1:\(s.port)/ogc")
        #expect(try selfLink(["Host: a b"]).hasPrefix("http://127.0.0.1"))
        let configured = try RunningServer(extraArguments: ["--public-url", "https://pub.example.gov.cn/"])
        let body = try configured.curl("/ogc", extra: ["-H", "X-Forwarded-Host: other.example"]).body
        #expect(body.contains("https://pub.example.gov.cn/ogc/collections") && !body.contains("other.example"))
        let spec = try configured.json("/api/openapi.json").objectValue?["servers"]?.arrayValue?.first?.objectValue?["url"]?.stringValue
        #expect(spec == "https://pub.example.gov.cn")
    }

    @Test func methodsThatAreNotRoutedAre405WithAllowAndHeadIsAGetWithoutBody() throws {
        let s = try server
        for (method, path) in [("TRACE", "/ogc"), ("PUT", "/api/check"), ("DELETE", "/ogc/collections/outfalls/items"), ("POST", "/api/outfalls"), ("TRACE", "/")] {
            let r = try s.curl(path, extra: ["-X", method])
            #expect(r.status == 405 && r.headers.lowercased().contains("allow: get"), "\(method) \(path): \(r.status)")
        }
        let head = try s.curl("/ogc/collections", extra: ["-I"])
        #expect(head.status == 200 && head.headers.contains("application/json"))
        #expect(try s.curl("/api/outfalls?type=").status == 400)
        #expect(try s.curl("/api/outfalls?verdicts=prohibited").status == 400)  // not a parameter of the operation
        #expect(try s.curl("/api/navigate?outfall=1&direction=down").status == 200)
        #expect(try s.curl("/api/navigate?outfall=1&section=1.5").status == 400)  // checked even when not the start
        #expect(try s.curl("/api/check?lon=109.45&lat=24.75&crs=4491").status == 400)
    }

    @Test func gisClientsSignInWithHTTPBasicAndSeeEveryField() throws {
        let s = try server
        let anonymous = try s.curl("/ogc/collections/outfalls/items?limit=100").body
        #expect(!anonymous.contains("内部备注不公开"))
        let basic = try s.curl("/ogc/collections/outfalls/items?limit=100", extra: ["-u", "viewer1:correct-horse-battery"])
        #expect(basic.status == 200 && basic.body.contains("内部备注不公开") && basic.headers.lowercased().contains("cache-control: no-store"))
        let wrong = try s.curl("/ogc/collections/outfalls/items", extra: ["-u", "viewer1:wrong-password"])
        #expect(wrong.status == 401 && wrong.headers.contains("WWW-Authenticate: Basic"))
        #expect(try s.curl("/api/units", extra: ["-u", "viewer1:correct-horse-battery"]).status == 200)
        // GDAL's OAPIF driver, as QGIS uses it, with the bureau's account.
        let gdal = try Shell.run("ogrinfo", ["-ro", "-al", "--config", "GDAL_HTTP_USERPWD", "viewer1:correct-horse-battery", "OAPIF:\(s.base)/ogc", "outfalls"])
        #expect(gdal.status == 0 && gdal.stdout.contains("responsible: String"), "\(gdal.stderr)")
        // Basic sends the password each time: refused over plain HTTP to a non-local name.
        let remote = try s.curl("/ogc/collections", extra: ["-u", "viewer1:correct-horse-battery", "-H", "Host: gis.example.gov.cn"])
        #expect(remote.status == 401 && remote.body.contains("HTTPS"))
    }

    // MARK: Lists

    @Test func theOutfallListSearchesSortsAndPages() throws {
        let s = try server
        let found = try s.curl("/outfalls?q=" + percent("污水处理厂")).body
        let rows = found.components(separatedBy: "<tr><td>").count - 1
        #expect(rows >= 1 && found.contains("污水处理厂"))
        #expect(found.contains("共 \(rows) 个排污口"))
        let page1 = try s.curl("/outfalls?per_page=20&sort=name").body
        #expect(page1.components(separatedBy: "<tr><td>").count - 1 == 20)
        #expect(page1.contains("第 1/3 页") && page1.contains(#"id="page-next""#))
        let page3 = try s.curl("/outfalls?per_page=20&sort=name&page=3").body
        #expect(page3.components(separatedBy: "<tr><td>").count - 1 == 3)
        let byVerdict = try s.curl("/outfalls?sort=verdict").body
        let first = byVerdict.range(of: "verdict-cell verdict-").map { String(byVerdict[$0.upperBound...].prefix(10)) } ?? ""
        #expect(first.hasPrefix("prohibited"), "\(first)")
        #expect(try s.curl("/outfalls?sort=nope").status == 400)
        #expect(try s.curl("/outfalls?per_page=7").status == 400)
    }

    @Test func theFilteredListExportsAsCSVXLSXAndGeoJSONWithFormulasNeutralised() throws {
        let s = try server
        let formula = s.scratch.write("formula.csv", "名称,类型,经度,纬度,本地编码\n=HYPERLINK(\"http://x\")排口,other,109.46,24.76,=1+1\n")
        #expect(try CLI.run(["import", "outfalls", formula, "--db", s.db]).status == 0)
        let csv = try s.curl("/outfalls.csv?type=other")
        #expect(csv.status == 200 && csv.headers.contains("text/csv") && csv.headers.contains("attachment"))
        #expect(csv.body.contains("'=HYPERLINK") && csv.body.contains("'=1+1"))
        let listed = try s.curl("/outfalls?type=other").body
        let count = listed.components(separatedBy: "<tr><td>").count - 1
        #expect(csv.body.split(whereSeparator: \.isNewline).count == count + 1)
        let xlsx = s.scratch.file("list.xlsx")
        #expect(try Shell.run("curl", ["-s", "-o", xlsx, s.base + "/outfalls.xlsx?type=other"]).status == 0)
        let read = try Shell.run("python3", [
            "-c",
            "import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1]).active; rows = list(ws.iter_rows(values_only=True)); "
                + "print(len(rows) - 1); print(rows[0][1]); print([r[1] for r in rows[1:] if 'HYPERLINK' in str(r[1])][0])",
            xlsx,
        ])
        let lines = read.stdout.split(separator: "\n").map(String.init)
        #expect(read.status == 0 && lines.count == 3, "\(read.stderr)")
        #expect(lines.first == String(count) && lines.dropFirst().first == "名称" && lines.last?.hasPrefix("'=") == true, "\(lines)")
        let geojson = s.scratch.file("list.geojson")
        #expect(try Shell.run("curl", ["-s", "-o", geojson, s.base + "/outfalls.geojson?type=other"]).status == 0)
        let info = try Shell.run("ogrinfo", ["-ro", "-al", "-so", geojson])
        #expect(info.stdout.contains("Feature Count: \(count)"), "\(info.stdout)")
        // GeoJSON keeps values exact.
        #expect(try String(contentsOfFile: geojson, encoding: .utf8).contains(#""=HYPERLINK(\"http://x\")排口""#))
    }

    @Test func theFlaggedListShowsChineseRuleTitlesAndStatus() throws {
        let page = try server.curl("/flagged").body
        #expect(page.contains("<th>状态</th>") && page.contains("问题（规则）"))
        #expect(page.contains("饮用水水源") && page.contains("在用") || page.contains("拟设置"))
        #expect(!page.contains("<td>R-"), "rule ids shown instead of titles")
    }

    // MARK: The printed check report

    @Test func theCheckReportHasAMapSheetWithLegendScaleBarNorthArrowAndIssuer() throws {
        let page = try server.curl("/check?lon=109.2294705&lat=24.6885747").body
        #expect(page.contains(#"id="map-sheet""#) && page.contains("附图：核查位置图"))
        #expect(page.contains(#"class="map-furniture""#) && page.contains(#"class="scale-label""#) && page.contains(">N</text>"))
        #expect(page.contains("饮用水水源一级保护区") && page.contains(#"id="issuing-unit">柳城县生态环境局"#))
        // The zones' fills keep their opacity (0.45 was rounded to 0).
        #expect(page.contains(#"fill-opacity="0.45""#))
    }
}

private func percent(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
