import Foundation
import JSON
import Testing
import TestSupport

/// The supervision pages and their API on the running server: internal, so signed-in
/// readers only; progress as of a date from the history written by the CLI.
extension ServerTests {
    @Test func progressDashboardAndAPIForSignedInReadersOnly() throws {
        let s = try server
        #expect(try CLI.run(["abnormal", "add", "1", "--reason", "旱天直排", "--at", "2023-05-01", "--db", s.db]).status == 0)
        let opened = try CLI.run([
            "case", "open", "1", "--class", "规范整治", "--department", "住房城乡建设局", "--deadline", "2023-08-31", "--at", "2023-05-02",
            "--format", "json", "--db", s.db,
        ])
        #expect(opened.status == 0, "\(opened.stderr)")
        let caseID = Int(try JSONParser().parse(opened.stdout).objectValue?["id"]?.doubleValue ?? 0)

        #expect(try s.curl("/progress").status == 403)
        #expect(try s.curl("/api/progress").status == 401)  // APIs: nobody signed in is 401
        #expect(try s.curl("/ledger").status == 403)
        _ = try s.signIn("viewer1", client: "ledger-viewer")
        let page = try s.curl("/progress?as_of=2023-12-31", client: "ledger-viewer")
        #expect(page.status == 200)
        #expect(page.body.contains("整治进度") && page.body.contains("全县") && page.body.contains("<svg class=\"bar\""))
        #expect(page.body.contains("#\(caseID)"))  // overdue on 31 December: past its 31 August deadline
        let progress = try JSONParser().parse(try s.curl("/api/progress?as_of=2023-12-31&by=river", client: "ledger-viewer").body)
        let groups = progress.objectValue?["groups"]?.arrayValue ?? []
        #expect(groups.contains { $0.objectValue?["abnormal"]?.doubleValue == 1 && $0.objectValue?["closed"]?.doubleValue == 0 })
        #expect(try s.curl("/api/progress?as_of=yesterday", client: "ledger-viewer").status == 400)
        #expect(try s.curl("/api/progress?by=colour", client: "ledger-viewer").status == 400)
        let cases = try JSONParser().parse(try s.curl("/api/cases?as_of=2023-12-31", client: "ledger-viewer").body).arrayValue ?? []
        #expect(cases.contains { $0.objectValue?["state"]?.stringValue == "pending" && $0.objectValue?["state_label"]?.stringValue == "待整治" && $0.objectValue?["overdue"]?.boolValue == true })
        let ledger = try s.curl("/ledger", client: "ledger-viewer")
        #expect(ledger.status == 200 && ledger.body.contains("排查台账"))
        #expect(try s.curl("/attachments/" + String(repeating: "0", count: 64), client: "ledger-viewer").status == 404)
        #expect(try s.curl("/attachments/..%2F..%2Fetc%2Fpasswd", client: "ledger-viewer").status == 404)
    }

    /// A survey with a photo imported by an inspector, read and reviewed in the browser's
    /// place by curl: viewers see it and its thumbnail, only a reviewer sees the form and may
    /// post it, and the accepted record is in the ledger. (The point is found not to be an
    /// outfall, so the shared server's outfall count, which other tests check, stays as it is.)
    @Test func surveyPageShowsPhotosAndAReviewerAcceptsIt() throws {
        let s = try server
        for (name, role) in [("reviewer1", "reviewer"), ("inspector1", "inspector")] {
            let added = try Shell.run(CLI.binary, ["user", "add", name, "--role", role, "--password-stdin", "--db", s.db], input: "correct-horse-battery\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        let photos = s.scratch.file("survey-photos")
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        try TestPhotos.jpeg(at: photos + "/near.jpg", width: 1600, height: 1200, latitude: 24.6200, longitude: 109.2393, takenAt: "2024:06:25 09:00:00")
        let sheet = s.scratch.write("web-sheet.csv", "\u{FEFF}记录编号,排污口名称,经度,纬度,排污口类型,调查日期,近景1\nW1,网页审核排口,109.2393,24.6200,非排污口,2024-06-25,near.jpg\n")
        let imported = try CLI.run(["survey", "import", sheet, "--photos", photos, "--db", s.db, "--user", "inspector1", "--format", "json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let id = Int(try JSONParser().parse(imported.stdout).objectValue?["survey_ids"]?.arrayValue?.first?.doubleValue ?? 0)

        #expect(try s.curl("/surveys/\(id)").status == 403)
        _ = try s.signIn("viewer1", client: "survey-viewer")
        let page = try s.curl("/surveys/\(id)", client: "survey-viewer")
        #expect(page.status == 200 && page.body.contains("网页审核排口") && page.body.contains("待审核"))
        #expect(!page.body.contains("id=\"accept\""), "a viewer gets no review form")
        let sha = try #require(page.body.range(of: #"/attachments/[0-9a-f]{64}"#, options: .regularExpression).map { String(page.body[$0].dropFirst("/attachments/".count)) })
        let original = try s.curl("/attachments/\(sha)", client: "survey-viewer")
        #expect(original.status == 200 && original.headers.lowercased().contains("content-type: image/jpeg"))
        #expect(original.headers.lowercased().contains("x-content-type-options: nosniff"))
        let thumbnail = try s.curl("/attachments/\(sha)?thumb=1", client: "survey-viewer")
        #expect(thumbnail.status == 200 && thumbnail.body.utf8.count < original.body.utf8.count)
        #expect(try s.curl("/attachments/\(sha)").status == 403, "attachments are internal")

        // A viewer cannot post a review; a reviewer can, with the CSRF token.
        let viewerToken = try s.csrf(client: "survey-viewer")
        #expect(try s.curl("/surveys/\(id)/review", client: "survey-viewer", form: [("csrf", viewerToken), ("decision", "accept")]).status == 403)
        _ = try s.signIn("reviewer1", client: "survey-reviewer")
        let form = try s.curl("/surveys/\(id)", client: "survey-reviewer")
        #expect(form.body.contains("id=\"accept\""))
        let token = try s.csrf(client: "survey-reviewer")
        #expect(try s.curl("/surveys/\(id)/review", client: "survey-reviewer", form: [("csrf", token), ("decision", "return")]).status == 409, "a return needs a note")
        let accepted = try s.curl("/surveys/\(id)/review", client: "survey-reviewer", form: [("csrf", token), ("decision", "accept"), ("note", "照片与位置一致")])
        #expect(accepted.status == 303)
        let shown = try CLI.run(["survey", "show", String(id), "--format", "json", "--db", s.db])
        #expect(try JSONParser().parse(shown.stdout).objectValue?["review"]?.stringValue == "accepted")
        #expect(try s.curl("/surveys/\(id)", client: "survey-reviewer").body.contains("通过"))
    }
}
