import Dispatch
import Foundation
import JSON
import Testing
import TestSupport

/// `outfalls serve` on a copy of the sample registry, driven over HTTP with curl and GDAL's
/// OAPIF driver: independent clients, as a browser or QGIS would be.
final class RunningServer: @unchecked Sendable {
    let scratch = TemporaryDirectory()
    let process = Process()
    let db: String
    private(set) var port = 0

    /// A registry with the sample data, a planner and an admin, one outfall named with a
    /// script tag, and the server started on a free port.
    init(extraArguments: [String] = []) throws {
        db = scratch.file("registry.sqlite")
        guard try CLI.run(["init", "--sample", "--db", db]).status == 0 else { throw ServerTestError.setup("init") }
        for (name, role) in [("planner1", "planner"), ("admin1", "admin"), ("viewer1", "viewer")] {
            let added = try Shell.run(CLI.binary, ["user", "add", name, "--role", role, "--password-stdin", "--db", db], input: "correct-horse-battery\n")
            guard added.status == 0 else { throw ServerTestError.setup(added.stderr) }
        }
        let hostile = scratch.write("hostile.csv", "名称,类型,经度,纬度,说明\n<script>alert('x')</script>排口,other,109.45,24.75,内部备注不公开\n")
        guard try CLI.run(["import", "outfalls", hostile, "--db", db]).status == 0 else { throw ServerTestError.setup("import") }
        // Through a shell that stops the server when asked (deinit) or when the test
        // process is gone: a static server is never deinitialised, and must not outlive the
        // tests (it did, one orphaned server per run).
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            #""$0" "$@" </dev/null & server=$!; trap 'kill $server; wait $server; exit 0' TERM; "#
                + #"while kill -0 \#(getpid()) 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 0.2; done; kill $server; wait $server"#,
            CLI.binary, "serve", "--db", db, "--port", "0",
        ] + extraArguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The server prints its address once it listens.
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while port == 0 && Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { usleep(50_000); continue }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                port = Int(seen[range].dropFirst("127.0.0.1:".count).dropLast()) ?? 0
            }
        }
        guard port != 0 else { throw ServerTestError.setup("server did not start: \(seen)") }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// curl with a cookie jar per client name; returns status, headers and body.
    func curl(_ path: String, client: String = "anonymous", form: [(String, String)]? = nil, extra: [String] = []) throws -> (status: Int, headers: String, body: String) {
        let jar = scratch.file("cookies-\(client)")
        let headers = scratch.file("headers-\(client)")
        var arguments = ["-s", "-b", jar, "-c", jar, "-D", headers, "-w", "\n%{http_code}"]
        if let form {
            for (name, value) in form { arguments += ["--data-urlencode", "\(name)=\(value)"] }
        }
        let result = try Shell.run("curl", arguments + extra + [base + path])
        var lines = result.stdout.components(separatedBy: "\n")
        let status = Int(lines.popLast() ?? "") ?? 0
        let headerText = (try? String(contentsOfFile: headers, encoding: .utf8)) ?? ""
        return (status, headerText, lines.joined(separator: "\n"))
    }

    func json(_ path: String, client: String = "anonymous") throws -> JSONValue {
        try JSONParser().parse(try curl(path, client: client).body)
    }

    /// Signs `client` in as `user` through the login form (with its CSRF token).
    func signIn(_ user: String, client: String, password: String = "correct-horse-battery") throws -> (status: Int, headers: String, body: String) {
        let page = try curl("/login", client: client)
        let token = page.body.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression).map {
            String(page.body[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
        } ?? ""
        return try curl("/login", client: client, form: [("csrf", token), ("username", user), ("password", password)])
    }

    /// The CSRF token of a signed-in client's session, read from a page's forms.
    func csrf(client: String) throws -> String {
        let page = try curl("/", client: client).body
        return page.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression).map {
            String(page[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
        } ?? ""
    }
}

enum ServerTestError: Error {
    case setup(String)
}

@Suite(.serialized)
struct ServerTests {
    static let server = Result { try RunningServer() }

    var server: RunningServer {
        get throws { try Self.server.get() }
    }

    @Test func gdalOAPIFListsEveryCollectionAndPagesThroughAllOutfalls() throws {
        let s = try server
        let listing = try Shell.run("ogrinfo", ["-ro", "OAPIF:\(s.base)/ogc"])
        #expect(listing.status == 0, "\(listing.stderr)")
        for layer in ["rivers", "zones", "intakes", "sections", "areas", "outfalls"] {
            #expect(listing.stdout.contains(": \(layer) ("), "\(layer) missing: \(listing.stdout)")
        }
        let out = s.scratch.file("oapif.geojson")
        let copy = try Shell.run("ogr2ogr", ["-f", "GeoJSON", out, "OAPIF:\(s.base)/ogc", "outfalls", "-oo", "PAGE_SIZE=10"])
        #expect(copy.status == 0, "\(copy.stderr)")
        let features = try JSONParser().parse(try String(contentsOfFile: out, encoding: .utf8)).objectValue?["features"]?.arrayValue ?? []
        #expect(features.count == 43)  // 42 sample outfalls + the one imported for these tests
        let ids = Set(features.compactMap { $0.objectValue?["properties"]?.objectValue?["registry_key"]?.stringValue })
        #expect(ids.count == 43)
    }

    @Test func itemsPageWithLinksFiltersAndTheGaussKrugerCRS() throws {
        let s = try server
        let page = try #require(try s.json("/ogc/collections/outfalls/items?verdict=prohibited&limit=2").objectValue)
        #expect(page["numberMatched"]?.doubleValue == 3)
        #expect(page["numberReturned"]?.doubleValue == 2)
        let next = page["links"]?.arrayValue?.first { $0.objectValue?["rel"]?.stringValue == "next" }?.objectValue?["href"]?.stringValue
        #expect(next?.contains("offset=2") == true && next?.contains("verdict=prohibited") == true)
        // EPSG:4545 is northing-first; the export's projected CSV gives the same numbers.
        let projected = try s.curl("/ogc/collections/intakes/items?crs=http://www.opengis.net/def/crs/EPSG/0/4545")
        #expect(projected.headers.contains("Content-Crs: <http://www.opengis.net/def/crs/EPSG/0/4545>"))
        let coordinates = try JSONParser().parse(projected.body).objectValue?["features"]?.arrayValue?.first?
            .objectValue?["geometry"]?.objectValue?["coordinates"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        let csv = s.scratch.file("intakes.csv")
        #expect(try CLI.run(["export", "--db", s.db, "--layer", "intakes", "--format", "csv", "--crs", "4545", "-o", csv]).status == 0)
        // CSV lines end in CRLF (one Character in Swift): split on any newline.
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(whereSeparator: \.isNewline)
        try #require(lines.count == 2)
        let row = lines[1].split(separator: ",")
        try #require(row.count > 2)
        #expect(coordinates.count == 2 && abs(coordinates[0] - (Double(row[2]) ?? 0)) < 0.001 && abs(coordinates[1] - (Double(row[1]) ?? 0)) < 0.001, "\(coordinates) vs \(row)")
        #expect(try s.curl("/ogc/collections/nope/items").status == 404)
        #expect(try s.curl("/ogc/collections/outfalls/items?crs=EPSG:9999").status == 400)
    }

    @Test func checkAPIGivesTheVerdictWithItsLegalBasisAndRefusesBadInput() throws {
        let s = try server
        let report = try #require(try s.json("/api/check?lon=109.2294705&lat=24.6885747&type=industrial_enterprise").objectValue)
        #expect(report["verdict"]?.stringValue == "prohibited")
        let bases = report["findings"]?.arrayValue?.compactMap { $0.objectValue?["basis"]?.stringValue } ?? []
        #expect(bases.contains { $0.contains("第六十四条") })
        #expect(report["approval_track"]?.stringValue == "approval")
        let open = try #require(try s.json("/api/check?lon=109.45&lat=24.75").objectValue)
        #expect(open["verdict"]?.stringValue == "clear")
        let bad = try s.curl("/api/check?lon=abc&lat=24")
        #expect(bad.status == 400 && bad.body.contains("lon"))
        let outside = try s.curl("/api/check?lon=116.4&lat=39.9")
        #expect(outside.status == 400 && outside.body.contains("不在配置区域内"))
        let spec = try #require(try s.json("/api/openapi.json").objectValue)
        #expect(spec["openapi"]?.stringValue == "3.0.3")
        #expect(spec["paths"]?.objectValue?["/api/check"] != nil)
    }

    @Test func theWorkflowJSONEndpointsAreDescribedAndAnswerAsDescribed() throws {
        // Described, so schemathesis exercises them and a client can find them; public ones
        // answer anonymously with an array, internal ones ask for a sign-in.
        let s = try server
        let paths = try #require(try s.json("/api/openapi.json").objectValue?["paths"]?.objectValue)
        for path in ["/public/api/applications", "/public/api/inspections"] {
            #expect(paths[path] != nil, "\(path) is not in the OpenAPI description")
            let response = try s.curl(path)
            #expect(response.status == 200 && (try? JSONParser().parse(response.body).arrayValue) != nil, "\(path): \(response.status)")
        }
        for path in ["/api/applications", "/api/applications/{id}", "/api/inspections"] {
            #expect(paths[path]?.objectValue?["get"]?.objectValue?["responses"]?.objectValue?["403"] != nil, "\(path) is not described as restricted")
        }
        #expect(try s.curl("/api/applications").status == 401)
        #expect(try s.curl("/api/inspections").status == 401)
    }

    @Test func theCheckPageListsTheIntakeDownstreamWithItsNetworkDistance() throws {
        let s = try server
        // 3 km upstream of the county-seat intake (the CLI demo's point).
        let page = try s.curl("/check?lon=109.2261576&lat=24.7109361&datum=cgcs2000")
        #expect(page.status == 200)
        #expect(page.body.contains("饮用水取水口：柳城县城融江饮用水取水口（示意），河网距离 3,000 m"), "\(page.body.prefix(3000))")
        #expect(page.body.contains(#"data-verdict="prohibited""#))
        #expect(page.body.contains("打印报告"))
        // Typed as GCJ-02 (AMap), the same place gives the same verdict, and the report says it converted.
        let gcj = try s.curl("/check?lon=109.2319&lat=24.7080&datum=gcj02").body
        #expect(gcj.contains("（GCJ-02，已换算）"), "the report should show the original coordinates and datum")
    }

    @Test func thePublicSeesOnlyPublicFieldsAndNoHistory() throws {
        let s = try server
        let outfalls = try s.json("/api/outfalls").arrayValue ?? []
        #expect(outfalls.count == 43)
        for o in outfalls {
            let keys = Set(o.objectValue?.keys ?? [])
            #expect(!keys.contains("responsible") && !keys.contains("说明"), "\(keys)")
        }
        let one = try #require(try s.json("/api/outfalls/30").objectValue)
        #expect(one["history"] == nil)
        #expect(one["findings"]?.arrayValue?.isEmpty == false)
        let items = try s.curl("/ogc/collections/outfalls/items?limit=100").body
        #expect(!items.contains("内部备注不公开") && !items.contains("\"responsible\""))
        let page = try s.curl("/outfalls/43").body
        #expect(!page.contains("内部备注不公开"))
        // Signed in, the same endpoints show everything.
        #expect(try s.signIn("viewer1", client: "viewer").status == 303)
        let full = try s.json("/api/outfalls/43", client: "viewer").objectValue
        #expect(full?["说明"]?.stringValue == "内部备注不公开")
        #expect(full?["history"]?.arrayValue?.isEmpty == false)
    }

    @Test func rolesGuardThePlannerAndAdminPages() throws {
        let s = try server
        #expect(try s.curl("/import").status == 403)
        #expect(try s.curl("/admin/users").status == 403)
        #expect(try s.signIn("planner1", client: "planner").status == 303)
        #expect(try s.curl("/import", client: "planner").status == 200)
        #expect(try s.curl("/admin/users", client: "planner").status == 403)
        let wrong = try s.signIn("planner1", client: "stranger", password: "not-the-password")
        #expect(wrong.status == 401 && wrong.body.contains("用户名或密码不正确"))
        let signedIn = try s.signIn("admin1", client: "admin")
        #expect(signedIn.status == 303)
        let cookie = signedIn.headers.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("set-cookie: outfalls_session=") } ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        #expect(try s.curl("/admin/users", client: "admin").status == 200)
    }

    @Test func postsWithoutTheCSRFTokenAreRefused() throws {
        let s = try server
        #expect(try s.signIn("planner1", client: "csrf-planner").status == 303)
        let before = try #require(try s.json("/api/outfalls/1", client: "csrf-planner").objectValue?["status"]?.stringValue)
        let forged = try s.curl("/outfalls/1/status", client: "csrf-planner", form: [("status", "removed")])
        #expect(forged.status == 403)
        let wrongToken = try s.curl("/outfalls/1/status", client: "csrf-planner", form: [("csrf", String(repeating: "0", count: 64)), ("status", "removed")])
        #expect(wrongToken.status == 403)
        #expect(try s.json("/api/outfalls/1", client: "csrf-planner").objectValue?["status"]?.stringValue == before)
        // With the token, the edit goes through and is in the history.
        let token = try s.csrf(client: "csrf-planner")
        let edit = try s.curl("/outfalls/1/status", client: "csrf-planner", form: [("csrf", token), ("status", "inactive"), ("note", "现场核实已停用")])
        #expect(edit.status == 303)
        let after = try #require(try s.json("/api/outfalls/1", client: "csrf-planner").objectValue)
        #expect(after["status"]?.stringValue == "inactive")
        let notes = after["history"]?.arrayValue?.compactMap { $0.objectValue?["note"]?.stringValue } ?? []
        #expect(notes.contains("现场核实已停用"))
        #expect(try s.curl("/login", form: [("username", "planner1"), ("password", "correct-horse-battery")]).status == 403)
    }

    @Test func aNameWithAScriptTagRendersInert() throws {
        let s = try server
        for path in ["/outfalls", "/outfalls/43", "/", "/flagged"] {
            let page = try s.curl(path).body
            #expect(!page.contains("<script>alert"), "\(path) has a live script tag")
            // The home page's map gets its names as JSON and draws them as text nodes (slippy-map.js).
            if path != "/flagged" && path != "/" { #expect(page.contains("&lt;script&gt;alert"), "\(path) does not show the escaped name") }
        }
        let json = try s.curl("/api/outfalls/43").body
        #expect(json.contains("<script>alert"))  // JSON carries the text as data, served as application/json
    }

    @Test func layerDownloadsReadBackWithGDAL() throws {
        let s = try server
        for (file, layers) in [("outfalls.kml", 1), ("all.kmz", 6), ("zones.gpkg", 1), ("outfalls.geojson", 1)] {
            let path = s.scratch.file("dl-" + file)
            let result = try Shell.run("curl", ["-s", "-o", path, "-w", "%{http_code}", s.base + "/downloads/" + file])
            #expect(result.stdout == "200", "\(file)")
            let info = try Shell.run("ogrinfo", ["-ro", "-q", path])
            #expect(info.status == 0, "\(file): \(info.stderr)")
            #expect(info.stdout.components(separatedBy: "\n").filter { $0.contains(": ") && $0.first?.isNumber == true }.count >= layers, "\(file): \(info.stdout)")
        }
        let publicGeoJSON = try String(contentsOfFile: s.scratch.file("dl-outfalls.geojson"), encoding: .utf8)
        #expect(!publicGeoJSON.contains("内部备注不公开"))
    }

    @Test func underATileBasemapTheMapIsInWebMercatorAndClicksCheckThere() throws {
        let s = try RunningServer(extraArguments: ["--basemap-url", "http://tiles.local/{z}/{x}/{y}.png"])
        // The home page's slippy map lays the tiles itself; the check report's SVG map is
        // drawn in Web Mercator under them.
        let home = try s.curl("/")
        #expect(home.body.contains(#"data-basemap="http://tiles.local/{z}/{x}/{y}.png""#))
        #expect(home.headers.contains("img-src 'self' data: http://tiles.local"))
        let checkPage = try s.curl("/check?lon=109.45&lat=24.75").body
        #expect(checkPage.contains(#"data-crs="3857""#) && checkPage.contains(#"<g id="basemap">"#))
        // The level-1 point in Web Mercator, from PROJ's cs2cs; a map click sends these metres.
        let projected = try Shell.run("cs2cs", ["-d", "3", "EPSG:4490", "EPSG:3857"], input: "24.6885747 109.2294705\n")
        let xy = projected.stdout.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Double($0) }
        try #require(xy.count >= 2)
        let report = try s.curl("/check?x=\(xy[0])&y=\(xy[1])&crs=3857").body
        #expect(report.contains(#"data-verdict="prohibited""#))
        #expect(try s.curl("/check?x=1&y=1&crs=9999").status == 400)
    }

    /// The server reads while a CLI process writes: no request fails, and afterwards the
    /// server shows the new outfalls (its caches follow the data).
    @Test func serverRequestsDuringACLIImportAllSucceed() throws {
        let s = try RunningServer()
        var rows = ["名称,类型,经度,纬度"]
        for i in 0..<1500 { rows.append("并发服务\(i),other,\(108.86 + Double(i % 50) * 0.014),\(24.42 + Double(i / 50) * 0.014)") }
        let file = s.scratch.write("bulk.csv", rows.joined(separator: "\n") + "\n")
        let statuses = StatusLog()
        let group = DispatchGroup()
        for client in 0..<4 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for _ in 0..<15 {
                    for path in ["/api/outfalls?limit=5", "/ogc/collections/outfalls/items?limit=20", "/api/check?lon=109.45&lat=24.75", "/"] {
                        statuses.add((try? s.curl(path, client: "reader\(client)").status) ?? -1)
                    }
                }
            }
        }
        let imported = try CLI.run(["import", "outfalls", file, "--db", s.db])
        group.wait()
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(statuses.all.count == 4 * 15 * 4)
        #expect(statuses.all.allSatisfy { $0 == 200 }, "\(statuses.all.filter { $0 != 200 })")
        let total = try s.json("/ogc/collections/outfalls/items?limit=1").objectValue?["numberMatched"]?.doubleValue
        #expect(total == Double(43 + 1500))
    }
}

final class StatusLog: @unchecked Sendable {
    private var statuses: [Int] = []
    private let lock = NSLock()
    func add(_ status: Int) { lock.withLock { statuses.append(status) } }
    var all: [Int] { lock.withLock { statuses } }
}

/// The sign-in throttle on a server of its own (it locks accounts the other tests use).
@Suite(.serialized)
struct SignInThrottleTests {
    @Test func elevenWrongPasswordsGive429AndTheRightOneIsRefusedTooWhileAnotherAccountSignsIn() throws {
        let s = try RunningServer()
        for attempt in 1...10 {
            let wrong = try s.signIn("viewer1", client: "guesser", password: "wrong-password-\(attempt)")
            #expect(wrong.status == 401, "attempt \(attempt): \(wrong.status)")
        }
        let eleventh = try s.signIn("viewer1", client: "guesser", password: "wrong-password-11")
        #expect(eleventh.status == 429)
        #expect(eleventh.body.contains("登录失败次数过多"))
        #expect(eleventh.headers.lowercased().contains("retry-after:"))
        let right = try s.signIn("viewer1", client: "owner", password: "correct-horse-battery")
        #expect(right.status == 429, "a correct password for a throttled account is refused too")
        let other = try s.signIn("planner1", client: "colleague")
        #expect(other.status == 303, "another account is unaffected: \(other.status)")
        // Every failure is in the audit log, with the address it came from.
        let log = try CLI.run(["log", "--db", s.db, "--full"])
        #expect(log.stdout.components(separatedBy: "sign-in-failed").count - 1 >= 10, "\(log.stdout.suffix(2000))")
        #expect(log.stdout.contains("127.0.0.1"))
    }
}

/// What a hostile or clumsy client meets: security headers, timeouts, size limits, names that
/// need encoding, and errors that say what happened without the server's internals.
@Suite(.serialized)
struct ServerRobustnessTests {
    static let server = Result { try RunningServer(extraArguments: ["--idle-timeout", "2"]) }

    var server: RunningServer {
        get throws { try Self.server.get() }
    }

    @Test func everyResponseCarriesTheSecurityHeadersAndSignedInPagesAreNotCached() throws {
        let s = try server
        for path in ["/", "/outfalls", "/no-such-page", "/static/map.js", "/api/outfalls?limit=1"] {
            let headers = try s.curl(path).headers.lowercased()
            #expect(headers.contains("content-security-policy: default-src 'self'; script-src 'self'"), "\(path): \(headers)")
            #expect(headers.contains("frame-ancestors 'none'"), "\(path)")
            #expect(headers.contains("x-frame-options: deny"), "\(path)")
            #expect(headers.contains("x-content-type-options: nosniff"), "\(path)")
            #expect(headers.contains("referrer-policy: same-origin"), "\(path)")
            #expect(!headers.contains("no-store"), "public \(path) may be cached")
        }
        #expect(try s.signIn("planner1", client: "cache-planner").status == 303)
        for path in ["/", "/outfalls/1", "/api/outfalls/1"] {
            #expect(try s.curl(path, client: "cache-planner").headers.lowercased().contains("cache-control: no-store"), "\(path)")
        }
        // No inline script or handler for the CSP to block.
        for path in ["/", "/check?lon=109.45&lat=24.75", "/outfalls/1"] {
            let page = try s.curl(path, client: "cache-planner").body
            #expect(!page.contains("onclick=") && !page.contains("<script>"), "\(path)")
        }
    }

    @Test func aUserWhoseNameNeedsEncodingCanBeDisabledAndAnUnknownOneIsA404() throws {
        let s = try server
        let added = try Shell.run(CLI.binary, ["user", "add", "李明", "--role", "viewer", "--password-stdin", "--db", s.db], input: "correct-horse-battery\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try s.signIn("admin1", client: "users-admin").status == 303)
        let page = try s.curl("/admin/users", client: "users-admin").body
        #expect(page.contains("/admin/users/%E6%9D%8E%E6%98%8E/disable"), "the form action is percent-encoded")
        let token = try s.csrf(client: "users-admin")
        let disabled = try s.curl("/admin/users/%E6%9D%8E%E6%98%8E/disable", client: "users-admin", form: [("csrf", token)])
        #expect(disabled.status == 303, "\(disabled.status) \(disabled.body.prefix(300))")
        #expect(try s.signIn("李明", client: "liming").status == 401, "a disabled account cannot sign in")
        let unknown = try s.curl("/admin/users/nobody-here/disable", client: "users-admin", form: [("csrf", token)])
        #expect(unknown.status == 404)
        #expect(unknown.body.contains("没有用户"))
    }

    @Test func anOversizeBodyIs413() throws {
        let s = try server
        let big = s.scratch.write("big-form.txt", "username=" + String(repeating: "a", count: 2 << 20))
        let result = try s.curl("/login", extra: ["--data-binary", "@" + big, "-H", "Content-Type: application/x-www-form-urlencoded"])
        #expect(result.status == 413, "\(result.status)")
        #expect(result.body.contains("请求内容过大"))
    }

    @Test func uploadNamesThatArePathsAreRefusedAndErrorsShowNoServerPaths() throws {
        let s = try server
        #expect(try s.signIn("planner1", client: "uploader").status == 303)
        let token = try s.csrf(client: "uploader")
        let file = s.scratch.write("bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [")
        for name in ["..", "../evil.geojson", "a/b.geojson", ".hidden.geojson"] {
            let result = try s.curl("/import", client: "uploader", extra: [
                "-F", "csrf=\(token)", "-F", "layer=outfalls", "-F", "file=@\(file);filename=\(name)",
            ])
            #expect(result.status == 400, "\(name): \(result.status)")
            #expect(result.body.contains("文件名"), "\(name)")
        }
        let broken = try s.curl("/import", client: "uploader", extra: ["-F", "csrf=\(token)", "-F", "layer=outfalls", "-F", "file=@\(file);filename=bad.geojson"])
        #expect(broken.status == 400)
        #expect(broken.body.contains("bad.geojson"))
        #expect(!broken.body.contains("outfalls-upload-") && !broken.body.contains(NSTemporaryDirectory()), "\(broken.body)")
    }

    @Test func hostileMultipartBodiesAreRefusedWithAReason() throws {
        // A body of dashes posted with `boundary=-`: a million delimiters at once, none a part.
        let s = try server
        #expect(try s.signIn("planner1", client: "multipart").status == 303)
        let dashes = s.scratch.write("dashes.txt", String(repeating: "-", count: 3 << 20))
        let dashed = try s.curl("/import", client: "multipart", extra: [
            "--max-time", "60", "-H", "Content-Type: multipart/form-data; boundary=-", "--data-binary", "@" + dashes,
        ])
        #expect(dashed.status == 400, "\(dashed.status)")
        // Properly delimited but cut into a million empty parts: refused by count.
        let parts = s.scratch.write("parts.txt", String(repeating: "\r\n--x", count: 1 << 20) + "--\r\n")
        let many = try s.curl("/import", client: "multipart", extra: [
            "--max-time", "60", "-H", "Content-Type: multipart/form-data; boundary=x", "--data-binary", "@" + parts,
        ])
        #expect(many.status == 400 && many.body.contains("分段过多"), "\(many.status) \(many.body.prefix(300))")
        let long = try s.curl("/import", client: "multipart", extra: [
            "-H", "Content-Type: multipart/form-data; boundary=\(String(repeating: "b", count: 71))", "--data-binary", "x",
        ])
        #expect(long.status == 400 && long.body.contains("分隔符"), "\(long.status)")
    }

    @Test func aBadChunkedBodyIsA400WithoutInternals() throws {
        let s = try server
        let script = """
            import socket, sys
            c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            c.sendall(b"POST /login HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nabc\\r\\n0\\r\\n\\r\\n")
            c.settimeout(10)
            data = b""
            try:
                while True:
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            except socket.timeout:
                pass
            sys.stdout.write(data.decode("utf-8", "replace"))
            """
        let result = try Shell.run("python3", ["-c", script, String(s.port)])
        #expect(result.stdout.hasPrefix("HTTP/1.1 400"), "\(result.stdout.prefix(200))")
        #expect(result.stdout.contains("请求格式错误"))
        #expect(!result.stdout.contains("chunk size header"), "no parser internals")
    }

    @Test func aStalledBodyIsCutOff() throws {
        let s = try server
        // Headers complete, body promised and never sent: the handler must not wait forever.
        // The connection's idle timer or the body deadline (408) ends it, whichever is first.
        let script = """
            import socket, sys, time
            c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            c.sendall(b"POST /login HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\nContent-Length: 100\\r\\n\\r\\nusername=")
            c.settimeout(20)
            start = time.time()
            data = b""
            try:
                while b"\\r\\n" not in data:
                    chunk = c.recv(1024)
                    if not chunk:
                        break
                    data += chunk
            except socket.timeout:
                pass
            print(data.split(b"\\r\\n")[0].decode() or "nothing", "|", round(time.time() - start, 1))
            """
        let result = try Shell.run("python3", ["-c", script, String(s.port)])
        #expect(result.stdout.contains("408") || result.stdout.hasPrefix("nothing"), "\(result.stdout) \(result.stderr)")
        let seconds = Double(result.stdout.components(separatedBy: "|").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 99
        #expect(seconds < 10)
    }

    @Test func aHalfSentRequestIsCutOffAfterTheIdleTimeout() throws {
        let s = try server
        // Headers started and never finished: the server must close the connection.
        let script = """
            import socket, sys, time
            c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            c.sendall(b"GET / HTTP/1.1\\r\\nHost: x\\r\\nX-Slow: ")
            c.settimeout(20)
            start = time.time()
            try:
                data = c.recv(1024)
            except socket.timeout:
                data = None
            print("closed" if data == b"" or (data and b"408" in data) else "open", round(time.time() - start, 1))
            """
        let result = try Shell.run("python3", ["-c", script, String(s.port)])
        let words = result.stdout.split(separator: " ")
        #expect(words.first == "closed", "\(result.stdout) \(result.stderr)")
        #expect((Double(words.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 99) < 10)
    }
}

/// What a planner reads on the pages: Beijing time, Chinese labels, 是/否.
@Suite(.serialized)
struct PageTextTests {
    @Test func theDetailPageShowsChineseLabelsYesNoAndBeijingTime() throws {
        let s = try ServerRobustnessTests.server.get()
        #expect(try s.signIn("planner1", client: "reader").status == 303)
        let token = try s.csrf(client: "reader")
        #expect(try s.curl("/outfalls/1/status", client: "reader", form: [("csrf", token), ("status", "active"), ("note", "核实")]).status == 303)
        let page = try s.curl("/outfalls/1", client: "reader").body
        #expect(page.contains("<td>在用</td>"), "the status by its label")
        #expect(!page.contains("<td>active</td>"))
        #expect(page.contains("<th>示意数据</th><td>是</td>"))
        #expect(!page.contains("<td>true</td>"))
        #expect(page.contains("<td>城镇污水处理厂排污口</td>"))
        // History times as 2026-12-01 21:32, in Beijing time, never a UTC ISO string.
        let times = page.matches(of: /<td>(\d{4}-\d{2}-\d{2} \d{2}:\d{2})<\/td>/).map { String($0.output.1) }
        #expect(!times.isEmpty)
        #expect(!page.contains("Z</td>"))
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        let newest = try #require(times.compactMap { formatter.date(from: $0) }.max())
        #expect(abs(newest.timeIntervalSinceNow) < 600, "the edit just made, shown in UTC+8: \(times)")
    }
}

/// A session the database cannot read is an error page, never the public site.
@Suite(.serialized)
struct SessionFaultTests {
    @Test func aSessionLookupThatFailsIsA503NotASignOut() throws {
        let s = try RunningServer()
        #expect(try s.signIn("planner1", client: "victim").status == 303)
        #expect(try s.curl("/", client: "victim").body.contains("planner1"))
        // Break the sessions table under the running server, as a damaged database would.
        let broken = try Shell.run("python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TABLE sessions'); c.commit()", s.db])
        #expect(broken.status == 0, "\(broken.stderr)")
        let page = try s.curl("/", client: "victim")
        #expect(page.status == 503, "\(page.status)")
        #expect(page.body.contains("暂时无法读取登录状态"))
        let api = try s.curl("/api/outfalls/1", client: "victim")
        #expect(api.status == 503, "the API does not fall back to the public view either")
        // A visitor without a session cookie is not affected.
        #expect(try s.curl("/").status == 200)
    }
}
