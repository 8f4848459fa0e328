import Foundation
import JSON
import TestSupport
import Testing

/// The monitoring pages, the XLSX exports (CLI and download, read back with openpyxl), and
/// remediation cases by department and township, through the real binary and a running server.
@Suite(.serialized)
struct MonitoringPagesTests {
    static let samples = """
        point,sampled_at,parameter,value,unit,kind
        O-01,2024-06-24 08:00,COD,50,mg/L,composite
        O-01,2024-06-25 08:00,COD,75,mg/L,composite
        O-01,2024-06-25 08:00,NH3-N,<0.05,mg/L,composite
        融江大埔断面（示意）,2024-06-25 09:00,DO,5.5,mg/L,spot
        融江大埔断面（示意）,2024-06-25 09:00,NH3-N,1.2,mg/L,spot
        融江大埔断面（示意）,2024-06-25 09:00,TP,0.15,mg/L,spot
        """

    /// Rows of a workbook's sheet as JSON lists, read by openpyxl.
    func sheet(_ path: String, _ name: String) throws -> [[JSONValue]] {
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb[sys.argv[2]]
            print(json.dumps([[c for c in row] for row in ws.iter_rows(values_only=True)], ensure_ascii=False, default=str))
            """
        let result = try Shell.run("python3", ["-c", script, path, name])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONParser().parse(result.stdout).arrayValue?.map { $0.arrayValue ?? [] } ?? []
    }

    @Test func pagesChartsAndDownloadsForSignedInStaff() throws {
        let s = try RunningServer()
        #expect(try CLI.run(["samples", "import", s.scratch.write("s.csv", Self.samples), "--db", s.db]).status == 0)
        #expect(try s.curl("/monitoring").status == 403)
        #expect(try s.curl("/monitoring/outfalls/1").status == 403)
        _ = try s.signIn("viewer1", client: "v")

        let overview = try s.curl("/monitoring", client: "v")
        #expect(overview.status == 200)
        for text in ["按河流", "按乡镇", "融江", "模型假设", "评价口径", "〔待核实〕"] { #expect(overview.body.contains(text), "\(text)") }
        #expect(!overview.body.contains("<script>"))
        let sectionID = try #require(
            overview.body.range(of: #"/monitoring/sections/(\d+)">融江大埔断面"#, options: .regularExpression).map {
                String(overview.body[$0].dropFirst("/monitoring/sections/".count).prefix { $0.isNumber })
            })

        let outfall = try s.curl("/monitoring/outfalls/1", client: "v")
        #expect(outfall.status == 200)
        for text in ["GB 18918-2002", "限值 60", "超标", "0.25", "<svg", "<polyline", "下载评价结果（XLSX）", "超标排放", "模型假设", "water-standards.json"] {
            #expect(outfall.body.contains(text), "\(text)")
        }
        #expect(outfall.body.contains("超标 1 项"))
        #expect(try s.curl("/monitoring/outfalls/9999", client: "v").status == 404)
        #expect(try s.curl("/monitoring/outfalls/1?from=yesterday", client: "v").status == 400)
        // The outfall page links to it.
        #expect(try s.curl("/outfalls/1", client: "v").body.contains("/monitoring/outfalls/1"))

        let section = try s.curl("/monitoring/sections/\(sectionID)", client: "v")
        #expect(section.status == 200)
        for text in ["IV类", "未达标", "模型假设", "<svg", "溶解氧"] { #expect(section.body.contains(text), "\(text)") }
        #expect(try s.curl("/monitoring/sections/\(sectionID)", client: "anonymous").status == 403)
        #expect(!section.body.contains("/work/") && !section.body.contains("GeoData/"))  // no server folders
        let sectionXLSX = s.scratch.file("section.xlsx")
        #expect(try s.curl("/monitoring/sections/\(sectionID)/assessment.xlsx", client: "v", extra: ["-o", sectionXLSX]).status == 200)
        let classed = try sheet(sectionXLSX, "断面评价")
        #expect(classed.last?[6].stringValue == "IV类" && classed.last?[8].stringValue == "未达标")
        #expect(classed.contains { $0[1].stringValue == "氨氮" && $0[2].doubleValue == 1.2 && $0[6].stringValue == "IV类" })

        let xlsx = s.scratch.file("assessment.xlsx")
        let download = try s.curl("/monitoring/outfalls/1/assessment.xlsx", client: "v", extra: ["-o", xlsx])
        #expect(download.status == 200 && download.headers.contains("spreadsheetml"))
        let rows = try sheet(xlsx, "评价结果")
        #expect(rows.first?.first?.stringValue == "排污口")
        let cod = try #require(rows.first { $0.count > 13 && $0[4].stringValue == "2024-06-25" && $0[5].stringValue?.contains("化学需氧量") == true })
        #expect(cod[6].doubleValue == 75 && cod[9].doubleValue == 60 && cod[12].stringValue == "超标" && cod[13].doubleValue == 0.25)
        #expect(try sheet(xlsx, "执行标准").dropFirst().first?[3].stringValue?.contains("GB 18918-2002") == true)
        let samples = s.scratch.file("samples.xlsx")
        #expect(try s.curl("/monitoring/samples.xlsx", client: "v", extra: ["-o", samples]).status == 200)
        #expect(try sheet(samples, "监测数据").count == 7)
    }

    @Test func cliExportsSamplesAndAssessmentsAsXLSX() throws {
        let scratch = TemporaryDirectory()
        let db = scratch.file("r.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        #expect(try CLI.run(["samples", "import", scratch.write("s.csv", Self.samples), "--db", db]).status == 0)
        let samples = scratch.file("samples.xlsx")
        let exported = try CLI.run(["samples", "export", "--format", "xlsx", "-o", samples, "--point", "O-01", "--db", db])
        #expect(exported.status == 0, "\(exported.stderr)")
        let rows = try sheet(samples, "监测数据")
        #expect(rows.count == 4)
        #expect(rows.dropFirst().compactMap { $0[3].doubleValue }.sorted() == [0.05, 50, 75])
        #expect(rows.contains { $0[3].doubleValue == 0.05 && $0[4].stringValue == "是" })  // below the detection limit
        // No overwriting, and the extension must match.
        #expect(try CLI.run(["samples", "export", "--format", "xlsx", "-o", samples, "--db", db]).status == 1)
        #expect(try CLI.run(["samples", "export", "--format", "xlsx", "-o", scratch.file("x.csv"), "--db", db]).status == 1)

        let assessment = scratch.file("o1.xlsx")
        let assessed = try CLI.run(["assess", "--outfall", "O-01", "--format", "xlsx", "-o", assessment, "--db", db])
        #expect(assessed.status == 0, "\(assessed.stderr)")
        let judged = try sheet(assessment, "评价结果")
        #expect(judged.count == 4)
        #expect(judged.contains { $0[12].stringValue == "超标" && $0[13].doubleValue == 0.25 })
        #expect(judged.contains { $0[7].stringValue == "低于检出限" && $0[6].doubleValue == 0.05 })
        #expect(try CLI.run(["assess", "--outfall", "O-01", "--format", "xlsx", "--db", db]).status != 0)
        let section = scratch.file("section.xlsx")
        let classed = try CLI.run(["assess", "--section", "融江大埔断面（示意）", "--format", "xlsx", "-o", section, "--db", db])
        #expect(classed.status == 0, "\(classed.stderr)")
        #expect(try sheet(section, "断面评价").last?[6].stringValue == "IV类")
    }

    @Test func casesByDepartmentAndTownshipInTheCLIAndTheServer() throws {
        let s = try RunningServer()
        for (o, reason) in [("1", "旱天有污水排出"), ("2", "群众举报")] {
            #expect(try CLI.run(["abnormal", "add", o, "--reason", reason, "--at", "2024-01-05", "--db", s.db]).status == 0)
        }
        #expect(try CLI.run(["case", "open", "1", "--class", "规范整治", "--department", "住建局", "--deadline", "2024-12-31", "--db", s.db]).status == 0)
        #expect(try CLI.run(["case", "open", "2", "--class", "清理合并", "--department", "农业农村局", "--deadline", "2024-12-31", "--db", s.db]).status == 0)
        for (name, role, department) in [("住建员", "inspector", "住建局"), ("农业员", "inspector", "农业农村局"), ("核查员", "verifier", "")] {
            var arguments = ["user", "add", name, "--role", role, "--password-stdin", "--db", s.db]
            if !department.isEmpty { arguments += ["--department", department] }
            #expect(try Shell.run(CLI.binary, arguments, input: "correct-horse-battery\n").status == 0)
        }

        // CLI: --user names the account, whose scope and role decide.
        let listed = try CLI.run(["case", "list", "--user", "住建员", "--format", "json", "--db", s.db])
        let ids = try JSONParser().parse(listed.stdout).arrayValue?.compactMap { $0.objectValue?["department"]?.stringValue }
        #expect(ids == ["住建局"])
        let refused = try CLI.run(["case", "advance", "2", "--to", "in_progress", "--user", "住建员", "--db", s.db])
        #expect(refused.status == 1 && refused.stderr.contains("无权操作") && refused.stderr.contains("农业农村局"), "\(refused.stderr)")
        #expect(try CLI.run(["case", "show", "2", "--user", "住建员", "--db", s.db]).status == 1)
        let notPermitted = try CLI.run(["case", "advance", "1", "--to", "in_progress", "--user", "核查员", "--db", s.db])
        #expect(notPermitted.status == 1 && notPermitted.stderr.contains("录入排查、溯源"), "\(notPermitted.stderr)")
        #expect(try CLI.run(["case", "advance", "2", "--to", "in_progress", "--user", "农业员", "--db", s.db]).status == 0)
        let progress = try CLI.run(["progress", "--as-of", "2024-06-30", "--by", "department", "--user", "住建员", "--format", "json", "--db", s.db])
        let groups = try JSONParser().parse(progress.stdout).objectValue?["groups"]?.arrayValue?.compactMap { $0.objectValue?["group"]?.stringValue }
        #expect(groups?.allSatisfy { $0 == "住建局" } == true)

        // Server: the same scope on the API and the pages.
        _ = try s.signIn("住建员", client: "h")
        let cases = try s.json("/api/cases", client: "h").arrayValue ?? []
        #expect(cases.compactMap { $0.objectValue?["department"]?.stringValue } == ["住建局"])
        let other = try s.curl("/cases/2", client: "h")
        #expect(other.status == 403 && other.body.contains("农业农村局"))
        #expect(try s.curl("/api/cases/2", client: "h").status == 403)
        #expect(try s.curl("/cases/99", client: "h").status == 404)
        let own = try s.curl("/cases/1", client: "h")
        #expect(own.status == 200 && own.body.contains("开始整治") && !own.body.contains("县级预销号</button>"))
        let progressPage = try s.curl("/progress", client: "h")
        #expect(progressPage.status == 200 && progressPage.body.contains("本账号范围：住建局") && !progressPage.body.contains(">农业农村局<"))

        let token = try s.csrf(client: "h")
        let stepOther = try s.curl("/cases/2/advance", client: "h", form: [("csrf", token), ("to", "awaiting_check")])
        #expect(stepOther.status == 403)
        let step = try s.curl("/cases/1/advance", client: "h", form: [("csrf", token), ("to", "in_progress")])
        #expect(step.status == 303 || step.status == 302)
        #expect(try s.curl("/cases/1", client: "h").body.contains("当前状态：整治中"))
        #expect(try s.curl("/cases/1/advance", client: "h", form: [("csrf", "bad"), ("to", "awaiting_check")]).status == 403)
        // Hostile forms: each a 4xx that says why, and nothing changes.
        let long = try s.curl("/cases/1/advance", client: "h", form: [("csrf", token), ("to", "returned"), ("note", String(repeating: "长", count: 2_001))])
        #expect(long.status == 400 && long.body.contains("2000"))
        #expect(try s.curl("/cases/1/advance", client: "h", form: [("csrf", token), ("to", "pending")]).status == 400)
        #expect(try s.curl("/cases/1/advance", client: "h", form: [("csrf", token), ("to", "<script>")]).status == 400)
        let noCheck = try s.curl("/cases/1/advance", client: "h", form: [("csrf", token), ("to", "county_closed")])
        #expect(noCheck.status == 400 && noCheck.body.contains("核查人"))
        let noEvidence = try s.curl("/cases/1/advance", client: "h", form: [("csrf", token), ("to", "awaiting_check")])
        #expect(noEvidence.status == 409 && noEvidence.body.contains("缺少整治证据"))
        #expect(try s.curl("/cases/abc", client: "h").status == 404)
        #expect(try s.curl("/cases/1", client: "h").body.contains("当前状态：整治中"))

        // The bureau's viewer sees both, may advance neither.
        _ = try s.signIn("viewer1", client: "v")
        #expect(try s.json("/api/cases", client: "v").arrayValue?.count == 2)
        #expect(try s.curl("/cases/2", client: "v").body.contains("本账号当前没有可办理的步骤"))
        let viewerStep = try s.curl("/cases/2/advance", client: "v", form: [("csrf", try s.csrf(client: "v")), ("to", "awaiting_check")])
        #expect(viewerStep.status == 403 && viewerStep.body.contains("录入排查、溯源"))
    }
}
