import Foundation
import JSON
import Testing
import TestSupport

/// The application pages on a running server of their own (approvals add outfalls, which the
/// shared server's tests count): internal pages for signed-in staff, forms with CSRF, the
/// state machine's refusals as 409, and the public list without a person's name.
@Suite(.serialized)
struct ApplicationServerTests {
    static let server = Result { try RunningServer() }

    var server: RunningServer {
        get throws { try Self.server.get() }
    }

    /// A valid 统一社会信用代码 (GB 32100 check character computed here).
    static let code = "91450222MA5KCNPQ1N"

    @Test func fileConsultDecidePublishInTheBrowsersPlace() throws {
        let s = try server
        #expect(try s.curl("/applications").status == 403)
        // Programs are told to authenticate (401), pages to sign in (403).
        #expect(try s.curl("/api/applications").status == 401)
        _ = try s.signIn("viewer1", client: "app-viewer")
        #expect(try s.curl("/applications", client: "app-viewer").status == 200)
        #expect(try s.curl("/applications/new", client: "app-viewer").status == 403)

        _ = try s.signIn("planner1", client: "app-planner")
        let form = try s.curl("/applications/new", client: "app-planner")
        #expect(form.status == 200 && form.body.contains("工矿企业排污口（审批）") && form.body.contains("城镇雨洪排口（登记）"))
        let token = try s.csrf(client: "app-planner")
        #expect(try s.curl("/applications", client: "app-planner", form: [("kind", "new"), ("type", "industrial_enterprise")]).status == 403, "no CSRF token")
        let filed = try s.curl("/applications", client: "app-planner", form: [
            ("csrf", token), ("kind", "new"), ("type", "industrial_enterprise"), ("applicant", Self.code), ("applicant_name", "柳城某纸业有限公司"), ("lon", "109.23466"),
            ("lat", "24.64872"), ("capacity", "1200"), ("receiving_water", "融江"),
        ])
        #expect(filed.status == 303, "\(filed.body)")
        let location = try #require(filed.headers.range(of: #"/applications/\d+"#, options: .regularExpression).map { String(filed.headers[$0]) })
        let id = String(location.dropFirst("/applications/".count))
        #expect(try s.curl("/applications", client: "app-planner", form: [("csrf", token), ("kind", "new"), ("type", "other"), ("applicant", "x"), ("lon", "abc"), ("lat", "24.6")]).status == 400)

        let page = try s.curl(location, client: "app-viewer")
        #expect(page.status == 200)
        #expect(page.body.contains("受理时核查（存档）") && page.body.contains("河道管理范围内设置排污口须经水行政主管部门同意") && page.body.contains("尚缺"))
        #expect(!page.body.contains("id=\"decide-form\""), "a viewer gets no decision form")
        let planner = try s.curl(location, client: "app-planner")
        #expect(planner.body.contains("id=\"decide-form\"") && planner.body.contains("id=\"consult-form\""))

        let early = try s.curl(location + "/decide", client: "app-planner", form: [("csrf", token), ("decision", "approve"), ("reason", "符合规划")])
        #expect(early.status == 409 && early.body.contains("水利局"))
        let viewerToken = try s.csrf(client: "app-viewer")
        #expect(try s.curl(location + "/consult", client: "app-viewer", form: [("csrf", viewerToken), ("authority", "water"), ("opinion", "同意")]).status == 403)
        #expect(try s.curl(location + "/consult", client: "app-planner", form: [("csrf", token), ("authority", "water"), ("opinion", "同意，不得影响行洪")]).status == 303)
        #expect(try s.curl(location + "/decide", client: "app-planner", form: [("csrf", token), ("decision", "approve"), ("reason", "水利局同意")]).status == 303)
        #expect(try s.curl(location + "/explode", client: "app-planner", form: [("csrf", token)]).status == 404)

        let api = try s.json("/api/applications/\(id)", client: "app-viewer")
        #expect(api.objectValue?["state"]?.stringValue == "decided")
        #expect(api.objectValue?["decision"]?.objectValue?["decided_by"]?.stringValue == "planner1")
        #expect(try s.json("/public/api/applications").arrayValue?.isEmpty == true, "not published yet")

        #expect(try s.curl(location + "/publish", client: "app-planner", form: [("csrf", token)]).status == 303)
        let publicPage = try s.curl("/public/applications")
        #expect(publicPage.status == 200 && publicPage.body.contains("柳城某纸业有限公司") && publicPage.body.contains("同意"))
        #expect(!publicPage.body.contains("planner1"), "no staff names in public")
        let publicJSON = try s.json("/public/api/applications")
        let entry = try #require(publicJSON.arrayValue?.first?.objectValue)
        #expect(entry["applicant"]?.stringValue == "柳城某纸业有限公司" && entry["result"]?.stringValue == "同意")
        #expect(entry["filed_by"] == nil && entry["consultation_records"] == nil && entry["history"] == nil)
        #expect(!JSONWriter.compact(publicJSON).contains("planner1"))
        #expect(entry["applicant_credit_code"]?.stringValue == Self.code)
    }
}

extension ApplicationServerTests {
    /// The filing form as a browser sends it with a file: multipart, the document stored as
    /// the track's filing document and served back to signed-in staff.
    @Test func filingWithADocumentUpload() throws {
        let s = try server
        _ = try s.signIn("planner1", client: "app-upload")
        let token = try s.csrf(client: "app-upload")
        let form = s.scratch.write("登记表.pdf", "%PDF-1.4\n% 入河排污口登记表（测试）\n")
        let filed = try s.curl("/applications", client: "app-upload", extra: [
            "-F", "csrf=\(token)", "-F", "kind=new", "-F", "type=urban_storm", "-F", "applicant=柳城县住房城乡建设局", "-F", "lon=109.24121",
            "-F", "lat=24.61717", "-F", "document=@\(form)",
        ])
        #expect(filed.status == 303, "\(filed.body)")
        let location = try #require(filed.headers.range(of: #"/applications/\d+"#, options: .regularExpression).map { String(filed.headers[$0]) })
        let page = try s.curl(location, client: "app-upload")
        #expect(page.body.contains("登记表") && page.body.contains("id=\"register-form\""))
        let sha = try #require(page.body.range(of: #"/attachments/[0-9a-f]{64}"#, options: .regularExpression).map { String(page.body[$0]) })
        let served = try s.curl(sha, client: "app-upload")
        #expect(served.status == 200 && served.body.contains("入河排污口登记表"))
        #expect(try s.curl(sha).status == 403, "documents are internal")
        let noToken = try s.curl("/applications", client: "app-upload", extra: ["-F", "kind=new", "-F", "type=urban_storm", "-F", "document=@\(form)"])
        #expect(noToken.status == 403)
    }
}
