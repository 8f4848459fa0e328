import Foundation
import JSON
import Testing
import TestSupport

/// The half-yearly reports through the real binary, read back as a person's tools read them:
/// openpyxl for the workbook, pdftotext for the PDF.
struct ReportCommandTests {
    let scratch = Scratch()

    func photo(_ name: String) -> String {
        let path = scratch.file(name)
        FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(name.utf8)))
        return path
    }

    /// Two departments' cases; the 住建局 one is closed out in March 2024, the 农业农村局 one is overdue.
    func seeded() throws -> String {
        let db = scratch.file("r.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        func run(_ args: [String]) throws {
            let r = try CLI.run(args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        try run(["abnormal", "add", "1", "--reason", "超标排放", "--at", "2023-05-01"])
        try run(["abnormal", "add", "2", "--reason", "旱天直排", "--at", "2023-05-01"])
        try run(["case", "open", "1", "--class", "规范整治", "--department", "住房城乡建设局", "--deadline", "2024-06-30", "--at", "2023-05-02"])
        try run(["case", "open", "2", "--class", "清理合并", "--department", "农业农村局", "--deadline", "2024-03-31", "--at", "2023-05-02"])
        try run(["case", "advance", "1", "--to", "in_progress", "--at", "2023-06-01", "--user", "住建局"])
        try run([
            "case", "advance", "1", "--to", "awaiting_check", "--evidence", "before=" + photo("b.jpg"), "--evidence", "during=" + photo("d.jpg"),
            "--evidence", "after=" + photo("a.jpg"), "--at", "2024-02-01", "--user", "住建局",
        ])
        try run(["case", "advance", "1", "--to", "county_closed", "--checked-by", "王五", "--checked-on", "2024-02-20", "--on-site", "--at", "2024-02-20", "--user", "县局"])
        try run(["case", "advance", "1", "--to", "closed", "--at", "2024-03-10", "--user", "市局"])
        return db
    }

    func cells(_ xlsx: String, sheet: String) throws -> [[String]] {
        let script = """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
            print(json.dumps([["" if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)], ensure_ascii=False))
            """
        let out = try Shell.run("python3", ["-c", script, xlsx, sheet])
        #expect(out.status == 0, "\(out.stderr)")
        return try JSONParser().parse(out.stdout).arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
    }

    @Test func departmentReportInExcelAndPDFWithTheRightFigures() throws {
        let db = try seeded()
        let xlsx = scratch.file("住建局-2024H1.xlsx")
        let made = try CLI.run(["report", "--department", "住房城乡建设局", "--period", "2024H1", "--format", "xlsx", "-o", xlsx, "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        let summary = try cells(xlsx, sheet: "概况")
        func value(_ key: String) -> String? { summary.first { $0.first == key }?[1] }
        let title = summary.dropFirst().first?.first ?? ""  // under the header row
        #expect(title.contains("住房城乡建设局") && title.contains("2024年上半年"))
        #expect(value("截至")?.hasPrefix("2024-06-25") == true)
        #expect(value("异常排污口") == "1" && value("已销号") == "1" && value("完成比例") == "100.0%")
        #expect(value("年末目标") == "70%" && value("进度") == "正常")
        let cases = try cells(xlsx, sheet: "案件")
        #expect(cases.count == 2 && cases[1][4] == "已销号" && cases[1][8] == "是")

        let pdf = scratch.file("农业农村局-2024H1.pdf")
        #expect(try CLI.run(["report", "--department", "农业农村局", "--period", "2024H1", "--format", "pdf", "-o", pdf, "--db", db]).status == 0)
        let text = try Shell.run("pdftotext", ["-layout", pdf, "-"])
        #expect(text.status == 0)
        for expected in ["柳城县入河排污口整治工作进展报告", "农业农村局", "逾期", "已超过完成时限 2024-03-31", "第1页/共", "示意数据"] {
            #expect(text.stdout.contains(expected), "missing \(expected)")
        }
    }

    /// As of 25 December 2023 nothing was closed yet; the county summary lists both departments.
    @Test func theCountySummaryAsOfTheEndOf2023() throws {
        let db = try seeded()
        let xlsx = scratch.file("全县-2023.xlsx")
        #expect(try CLI.run(["report", "--period", "2023", "--format", "xlsx", "-o", xlsx, "--db", db]).status == 0)
        let summary = try cells(xlsx, sheet: "概况")
        #expect(summary.first { $0.first == "已销号" }?[1] == "0")
        #expect(summary.first { $0.first == "截至" }?[1].hasPrefix("2023-12-25") == true)
        let departments = try cells(xlsx, sheet: "各部门").dropFirst().map { $0.first ?? "" }.sorted()
        #expect(departments == ["住房城乡建设局", "农业农村局"])

        let bad = try CLI.run(["report", "--department", "不存在局", "--period", "2024H1", "--format", "xlsx", "-o", xlsx, "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("住房城乡建设局"))
        #expect(try CLI.run(["report", "--period", "2024H3", "--format", "xlsx", "-o", xlsx, "--db", db]).status == 1)
    }
}
