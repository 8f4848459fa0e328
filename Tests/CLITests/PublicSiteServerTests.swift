import Foundation
import JSON
import Testing
import TestSupport

/// The public site on its own running server (its own registry: tips and the rate limit must
/// not disturb the shared server's counts): public pages and API show only the published
/// fields; a tip posted as a phone would, its tracking page, the handler's view with the
/// tipster, and neither the public nor a viewer ever seeing the tipster; the rate limit (429)
/// and the body limit (413).
@Suite(.serialized)
struct PublicSiteServerTests {
    static let server = Result { try RunningServer() }

    var server: RunningServer {
        get throws { try Self.server.get() }
    }

    /// The tip form's CSRF token for `client` (its cookie lands in the client's jar).
    func tipToken(_ s: RunningServer, client: String) throws -> String {
        let page = try s.curl("/public/tips/new", client: client)
        #expect(page.status == 200)
        return page.body.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression).map {
            String(page.body[$0].dropFirst(#"name="csrf" value=""#.count).dropLast())
        } ?? ""
    }

    func postTip(_ s: RunningServer, client: String, token: String, fields: [(String, String)], photos: [String] = []) throws -> (status: Int, headers: String, body: String) {
        var extra: [String] = []
        for (name, value) in [("csrf", token)] + fields { extra += ["--form-string", "\(name)=\(value)"] }
        for photo in photos { extra += ["-F", "photo=@\(photo);type=image/jpeg"] }
        return try s.curl("/public/tips", client: client, extra: extra)
    }

    @Test func publicPagesAndAPIShowOnlyPublishedFields() throws {
        let s = try server
        // An outfall whose responsible party was typed as a person's name and phone, with an internal note.
        let csv = s.scratch.write("person.csv", "名称,类型,经度,纬度,责任主体,说明\n私人养殖场排口,small_livestock,109.30,24.70,王小明 13912345678,内部备注勿公开\n")
        #expect(try CLI.run(["import", "outfalls", csv, "--db", s.db]).status == 0)
        // A survey photo in the ledger (internal).
        let photos = s.scratch.file("survey-photos")
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        try TestPhotos.jpeg(at: photos + "/near.jpg", latitude: 24.62, longitude: 109.2393, takenAt: "2024:06:25 09:00:00")
        let sheet = s.scratch.write("sheet.csv", "\u{FEFF}记录编号,排污口名称,经度,纬度,排污口类型,调查日期,近景1\nP1,公开测试排口,109.2393,24.6200,非排污口,2024-06-25,near.jpg\n")
        #expect(try CLI.run(["survey", "import", sheet, "--photos", photos, "--db", s.db, "--user", "planner1"]).status == 0)
        #expect(try CLI.run(["publication", "phone", "0772-7612345", "--db", s.db]).status == 0)

        let collection = try #require(try s.json("/public/api/outfalls").objectValue)
        let features = collection["features"]?.arrayValue ?? []
        #expect(features.count >= 42)
        #expect(collection["schematic"]?.boolValue == true)
        let person = try #require(features.first { $0.objectValue?["properties"]?.objectValue?["name"]?.stringValue == "私人养殖场排口" })
        let id = Int(person.objectValue?["id"]?.doubleValue ?? 0)
        let allowed: Set<String> = [
            "id", "name", "code", "type", "type_label", "township", "receiving_water", "responsible_unit", "discharge_standard", "supervision_phone",
            "remediation_state", "approvals", "inspections", "schematic",
        ]
        for feature in features {
            let keys = Set(feature.objectValue?["properties"]?.objectValue?.map(\.key) ?? [])
            #expect(keys.isSubset(of: allowed), "unexpected: \(keys.subtracting(allowed))")
        }
        let page = try s.curl("/public/outfalls/\(id)")
        #expect(page.status == 200)
        #expect(page.body.contains("私人养殖场排口") && page.body.contains("0772-7612345") && page.body.contains("暂无法确定"))
        let api = try s.curl("/public/api/outfalls/\(id)")
        let list = try s.curl("/public/outfalls?q=%E5%85%BB%E6%AE%96")  // 养殖
        #expect(list.body.contains("私人养殖场排口"))
        for body in [page.body, api.body, list.body, try s.curl("/public/api/outfalls").body, try s.curl("/public/map").body, try s.curl("/public").body,
                     try s.curl("/public/stats").body, try s.curl("/public/api/stats").body] {
            for secret in ["王小明", "13912345678", "内部备注", "/attachments/", "公开测试排口"] {
                #expect(!body.contains(secret), "\(secret) leaked")
            }
        }

        // Withdraw a field: it disappears from the page and the API.
        #expect(try CLI.run(["publication", "set", "supervision_phone", "off", "--db", s.db, "--reason", "电话更换中"]).status == 0)
        #expect(!(try s.curl("/public/outfalls/\(id)").body.contains("0772-7612345")))
        #expect(try s.json("/public/api/outfalls/\(id)").objectValue?["supervision_phone"] == nil)
        #expect(try CLI.run(["publication", "set", "supervision_phone", "on", "--db", s.db]).status == 0)
        let shown = try CLI.run(["publication", "show", "--format", "json", "--db", s.db])
        #expect(try JSONParser().parse(shown.stdout).objectValue?["unpublished"]?.arrayValue?.isEmpty == true)
        #expect(try CLI.run(["publication", "set", "colour", "on", "--db", s.db]).status == 1)

        #expect(try s.curl("/public/outfalls/999999").status == 404)
        #expect(try s.curl("/public/outfalls/abc").status == 404)
        #expect(try s.curl("/public/api/outfalls/999999").status == 404)
        #expect(try s.curl("/public/stats?as_of=soon").status == 400)
        let csp = try s.curl("/public/map").headers.lowercased()
        #expect(csp.contains("content-security-policy: default-src 'self'; script-src 'self'"))
    }

    @Test func aTipGetsATrackingNumberAndOnlyTheHandlerSeesTheTipster() throws {
        let s = try server
        let added = try Shell.run(CLI.binary, ["user", "add", "handler1", "--role", "handler", "--password-stdin", "--db", s.db], input: "correct-horse-battery\n")
        #expect(added.status == 0, "\(added.stderr)")
        let photo = s.scratch.file("tip.jpg")
        try TestPhotos.jpeg(at: photo, width: 640, height: 480, latitude: 24.62, longitude: 109.24, takenAt: "2026:11:30 10:00:00")

        // No token, or a token without its cookie: refused.
        let fields = [("lon", "109.2393"), ("lat", "24.6200"), ("source", "map"), ("description", "暗管排黑水"), ("name", "赵六"), ("phone", "13700002222")]
        #expect(try postTip(s, client: "nocookie", token: "abc", fields: fields).status == 403)
        let token = try tipToken(s, client: "phone")
        let posted = try postTip(s, client: "phone", token: token, fields: fields, photos: [photo])
        #expect(posted.status == 303, "\(posted.body)")
        let location = try #require(posted.headers.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("location:") })
        let number = String(try #require(location.range(of: #"[0-9A-Z]{12}"#, options: .regularExpression).map { location[$0] }))
        let tracking = try s.curl("/public/tips/\(number)?new=1", client: "phone")
        #expect(tracking.status == 200 && tracking.body.contains("已收到") && tracking.body.contains(number))
        #expect(try s.curl("/public/tips/\(number.lowercased())").status == 200)
        #expect(try s.curl("/public/tips/ZZZZZZZZZZZZ").status == 404)
        #expect(try s.curl("/public/tips?number=\(number)").status == 303)

        let listed = try CLI.run(["tips", "list", "--format", "json", "--db", s.db])
        let tip = try #require(try JSONParser().parse(listed.stdout).arrayValue?.first { $0.objectValue?["trackingNumber"]?.stringValue == number }?.objectValue)
        let id = Int(tip["id"]?.doubleValue ?? 0)
        #expect(tip["photos"]?.arrayValue?.count == 1)

        // The public and a viewer never see the tipster; the handler does.
        #expect(try s.curl("/tips").status == 403)
        #expect(try s.curl("/api/tips").status == 401)
        _ = try s.signIn("viewer1", client: "tip-viewer")
        _ = try s.signIn("planner1", client: "tip-planner")
        for client in ["tip-viewer", "tip-planner"] {
            let page = try s.curl("/tips/\(id)", client: client)
            #expect(page.status == 200 && page.body.contains("暗管排黑水"))
            for body in [page.body, try s.curl("/tips", client: client).body, try s.curl("/api/tips", client: client).body, try s.curl("/api/tips/\(id)", client: client).body] {
                #expect(!body.contains("赵六") && !body.contains("13700002222"), "\(client) saw the tipster")
            }
            #expect(!page.body.contains("id=\"tip-advance\""))
        }
        #expect(!(try s.curl("/public/tips/\(number)").body.contains("赵六")))
        let viewerToken = try s.csrf(client: "tip-viewer")
        #expect(try s.curl("/tips/\(id)/advance", client: "tip-viewer", form: [("csrf", viewerToken), ("to", "verifying")]).status == 403)
        let viewerShow = try CLI.run(["tips", "show", String(id), "--tipster", "--user", "viewer1", "--db", s.db])
        #expect(viewerShow.status == 1 && !viewerShow.stdout.contains("赵六"))

        _ = try s.signIn("handler1", client: "tip-handler")
        let handlerPage = try s.curl("/tips/\(id)", client: "tip-handler")
        #expect(handlerPage.body.contains("赵六") && handlerPage.body.contains("13700002222") && handlerPage.body.contains("id=\"tip-advance\""))
        #expect(try s.curl("/api/tips/\(id)", client: "tip-handler").body.contains("13700002222"))
        let handlerToken = try s.csrf(client: "tip-handler")
        #expect(try s.curl("/tips/\(id)/advance", client: "tip-handler", form: [("csrf", handlerToken), ("to", "verifying")]).status == 303)
        #expect(try s.curl("/tips/\(id)/advance", client: "tip-handler", form: [("csrf", handlerToken), ("to", "resolved")]).status == 409, "needs an answer")
        let resolved = try CLI.run([
            "tips", "advance", number, "--to", "resolved", "--answer", "经核查属实，已立案查处", "--confirmed", "--user", "handler1", "--db", s.db,
        ])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        let after = try s.curl("/public/tips/\(number)")
        #expect(after.body.contains("已办结") && after.body.contains("经核查属实，已立案查处"))
        let abnormal = try CLI.run(["abnormal", "list", "--format", "json", "--db", s.db])
        #expect(abnormal.stdout.contains("群众举报（查询码 \(number)）"))
        #expect(!abnormal.stdout.contains("赵六"))
        let shown = try CLI.run(["tips", "show", number, "--tipster", "--user", "handler1", "--db", s.db])
        #expect(shown.status == 0 && shown.stdout.contains("赵六"))
    }

    @Test func tipsAreRateLimitedPerAddressAndBodiesAreLimited() throws {
        let s = try server
        #expect(try CLI.run(["publication", "tips", "--per-hour", "2", "--per-day", "3", "--max-photos", "1", "--max-photo-mb", "1", "--db", s.db]).status == 0)
        defer { _ = try? CLI.run(["publication", "tips", "--per-hour", "5", "--per-day", "20", "--max-photos", "3", "--max-photo-mb", "8", "--db", s.db]) }
        // A body over the limit: 413 before anything is stored.
        let big = s.scratch.file("big.jpg")
        FileManager.default.createFile(atPath: big, contents: Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0, count: 1_200_000)))
        let token0 = try tipToken(s, client: "limited")
        let fields = [("lon", "109.25"), ("lat", "24.63"), ("source", "text"), ("description", "频繁举报测试")]
        #expect(try postTip(s, client: "limited", token: token0, fields: fields, photos: [big]).status == 413)
        // Bad input is a 400 with the form again; it does not count as a tip (only as an attempt).
        let outside = try postTip(s, client: "limited", token: token0, fields: [("lon", "116.4"), ("lat", "39.9"), ("description", "x")])
        #expect(outside.status == 400 && outside.body.contains("不在本县范围内"))
        #expect(outside.body.contains("value=\"116.4\""), "what was typed comes back")
        let long = try postTip(s, client: "limited", token: try tipToken(s, client: "limited"), fields: [("lon", "109.25"), ("lat", "24.63"), ("description", String(repeating: "长", count: 2_001))])
        #expect(long.status == 400 && long.body.contains("上限 2000 字"))
        #expect(try postTip(s, client: "limited", token: try tipToken(s, client: "limited"), fields: [("lon", "east"), ("lat", "24.63"), ("description", "x")]).body.contains("经度应为数字"))
        let malformed = try s.curl("/public/tips", client: "limited", extra: ["-H", "Content-Type: multipart/form-data; boundary=XYZ", "--data-binary", "no parts here"])
        #expect(malformed.status == 400)
        #expect(try s.curl("/public/tips", client: "limited", form: [("description", "x")]).status == 400, "not multipart")
        // The limit counts this client's earlier tips in this server run (the other test's one, if it ran first).
        var statuses: [Int] = []
        for _ in 0..<3 {
            let token = try tipToken(s, client: "limited")
            statuses.append(try postTip(s, client: "limited", token: token, fields: fields).status)
        }
        // Run alone: 303, 303, 429 (two tips an hour). After the other tests: attempts of any outcome
        // (the refused ones above, the other test's) reach four times the limit first, so all are 429.
        #expect(statuses.contains(429), "\(statuses)")
        #expect(statuses.drop { $0 == 303 }.allSatisfy { $0 == 429 }, "\(statuses)")
        let token = try tipToken(s, client: "limited")
        let refused = try postTip(s, client: "limited", token: token, fields: fields)
        #expect(refused.status == 429)
        #expect(refused.headers.lowercased().contains("retry-after:"))
        #expect(refused.body.contains("提交过于频繁"))
    }
}
