import Foundation
import JSON
import Testing
import TestSupport

/// `outfalls application` end to end with the real binary on the sample registry. Places found
/// with `outfalls check`: inside the 融江 first-level drinking-water zone (prohibited), in the
/// 融江 river management area (water authority), and a clear bank of the 融江.
struct ApplicationCLITests {
    let scratch = Scratch()

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try CLI.run(arguments)
        return (result.status, result.stdout, result.stderr)
    }

    func json(_ arguments: [String]) throws -> JSONObject {
        let result = try CLI.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONParser().parse(result.stdout).objectValue)
    }

    func sample() throws -> String {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        return db
    }

    @Test func aProhibitedSiteIsRefusedAndARiverSiteWaitsForTheWaterAuthority() throws {
        let db = try sample()
        let report = scratch.write("论证报告.pdf", "%PDF-1.4\n% 论证报告（测试）\n")
        let prohibited = try json([
            "application", "file", "--kind", "new", "--type", "工矿企业排污口", "--lon", "109.23025", "--lat", "24.68662",
            "--applicant", "柳城某糖业有限公司", "--capacity", "800", "--receiving-water", "融江", "--document", report, "--db", db, "--user", "窗口甲",
        ])
        #expect(prohibited["track"]?.stringValue == "approval")
        #expect(prohibited["verdict"]?.stringValue == "prohibited")
        #expect(prohibited["documents"]?.arrayValue?.first?.objectValue?["kind"]?.stringValue == "report")
        let pid = String(Int(prohibited["id"]?.doubleValue ?? 0))
        let approve = try run(["application", "decide", pid, "--approve", "--reason", "企业承诺达标", "--db", db, "--user", "局长"])
        #expect(approve.status == 1)
        #expect(approve.stderr.contains("禁止设置") && approve.stderr.contains("饮用水水源一级、二级保护区内禁止设置排污口"), "\(approve.stderr)")
        let refuse = try json(["application", "decide", pid, "--refuse", "--reason", "位于饮用水水源一级保护区", "--db", db, "--user", "局长"])
        #expect(refuse["decision"]?.objectValue?["outcome"]?.stringValue == "refused")

        let river = try json([
            "application", "file", "--kind", "change", "--type", "industrial_enterprise", "--lon", "109.23466", "--lat", "24.64872",
            "--applicant", "柳城某糖业有限公司", "--name", "柳城某糖业改设排污口", "--db", db, "--user", "窗口甲",
        ])
        #expect(river["consultations"]?.arrayValue?.compactMap(\.stringValue) == ["water"])
        let rid = String(Int(river["id"]?.doubleValue ?? 0))
        let early = try run(["application", "decide", rid, "--approve", "--reason", "符合规划", "--db", db, "--user", "局长"])
        #expect(early.status == 1 && early.stderr.contains("水利局"), "\(early.stderr)")
        #expect(try run(["application", "consult", rid, "--authority", "water", "--opinion", "同意，不得影响行洪", "--on", "2026-11-30", "--db", db, "--user", "窗口甲"]).status == 0)
        let approved = try json(["application", "decide", rid, "--approve", "--reason", "水利局同意", "--db", db, "--user", "局长"])
        #expect(approved["state"]?.stringValue == "decided")
        let outfall = Int(try #require(approved["outfall_id"]?.doubleValue))
        let listed = try run(["list", "--db", db])
        #expect(listed.stdout.contains("柳城某糖业改设排污口") && listed.stdout.contains("拟设置"))
        #expect(try run(["application", "publish", rid, "--db", db, "--user", "局长"]).status == 0)
        let published = try CLI.run(["application", "list", "--state", "published", "--format", "json", "--db", db])
        #expect((try JSONParser().parse(published.stdout).arrayValue ?? []).compactMap { $0.objectValue?["outfall_id"]?.doubleValue } == [Double(outfall)])

        let shown = try json(["application", "show", rid, "--db", db])
        let actions = shown["history"]?.arrayValue?.compactMap { $0.objectValue?["action"]?.stringValue }
        #expect(actions == ["application.file", "application.consult", "application.approve", "application.publish"])
        let actors = shown["history"]?.arrayValue?.compactMap { $0.objectValue?["actor"]?.stringValue }
        #expect(actors == ["窗口甲", "窗口甲", "局长", "局长"])
        let text = try run(["application", "show", rid, "--db", db])
        #expect(text.stdout.contains("受理时核查") && text.stdout.contains("防洪法") && text.stdout.contains("〔待核实〕"))
    }

    @Test func registrationOverdueByTheCalendarAndWithdrawal() throws {
        let db = try sample()
        let filed = try json([
            "application", "file", "--kind", "new", "--type", "城镇雨洪排口", "--lon", "109.24121", "--lat", "24.61717", "--applicant", "柳城县住房城乡建设局",
            "--at", "2026-12-01", "--db", db,
        ])
        #expect(filed["track"]?.stringValue == "registration" && filed["state"]?.stringValue == "submitted")
        #expect(filed["deadline"]?.stringValue == "2026-12-29")
        let id = String(Int(filed["id"]?.doubleValue ?? 0))
        #expect(try run(["application", "calendar", "add-holiday", "2026-12-25", "--db", db, "--user", "管理员"]).status == 0)
        #expect(try run(["application", "calendar", "add-holiday", "2026-12-32", "--db", db]).status == 1)
        func overdue(on day: String) throws -> [String] {
            let listed = try CLI.run(["application", "list", "--overdue", "--on", day, "--format", "json", "--db", db])
            #expect(listed.status == 0, "\(listed.stderr)")
            return (try JSONParser().parse(listed.stdout).arrayValue ?? []).compactMap { $0.objectValue?["id"]?.doubleValue.map { String(Int($0)) } }
        }
        #expect(try overdue(on: "2026-12-30").isEmpty)  // the 25th is off: the 20th working day is the 30th
        #expect(try overdue(on: "2026-12-31") == [id])
        #expect(try run(["application", "list", "--on", "2026-12-31", "--db", db]).stdout.contains("逾期"))
        let registered = try json(["application", "register", id, "--db", db, "--user", "股长"])
        #expect(registered["state"]?.stringValue == "registered" && registered["outfall_id"]?.doubleValue != nil)
        #expect(try overdue(on: "2026-12-31").isEmpty)

        let other = try json([
            "application", "file", "--kind", "new", "--type", "rural_domestic_scattered", "--lon", "109.24121", "--lat", "24.61717", "--crs", "gcj02",
            "--applicant", "某村委会", "--db", db,
        ])
        let oid = String(Int(other["id"]?.doubleValue ?? 0))
        #expect(other["given"]?.objectValue?["crs"]?.stringValue?.uppercased().contains("GCJ") == true)
        #expect(try run(["application", "withdraw", oid, "--reason", "改为接入污水管网", "--db", db]).status == 0)
        let again = try run(["application", "register", oid, "--db", db])
        #expect(again.status == 1 && again.stderr.contains("已撤回"))
        #expect(try run(["application", "decide", "999", "--approve", "--reason", "x", "--db", db]).status == 1)
        #expect(try run(["application", "file", "--kind", "grow", "--type", "other", "--lon", "109.24", "--lat", "24.61", "--applicant", "x", "--db", db]).status == 1)
        #expect(try run(["application", "file", "--kind", "new", "--type", "暂无法确定", "--lon", "109.24", "--lat", "24.61", "--applicant", "x", "--db", db]).status == 1)
        #expect(try run(["application", "file", "--kind", "new", "--type", "other", "--lon", "109.24", "--lat", "24.61", "--applicant", String(repeating: "长", count: 201), "--db", db]).status == 1)
    }
}
