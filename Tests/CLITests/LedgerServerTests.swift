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
        #expect(try s.curl("/api/progress").status == 403)
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
}
