import Foundation
import JSON
import Testing
import TestSupport

/// The survey workflow through the real binary: template read back by Python's csv module,
/// suspects, a sheet with a ZIP of photos, review, and the listings in JSON.
struct SurveyCLITests {
    let scratch = Scratch()

    @Test func templateIsUTF8WithBOMAndTheNationalSheetsHeaders() throws {
        let path = scratch.file("sheet.csv")
        let result = try CLI.run(["survey", "template", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let read = try Shell.run("python3", ["-c", "import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))))", path])
        let rows = try #require(try JSONParser().parse(read.stdout).arrayValue)
        #expect(rows.count == 2)
        let headers = rows[0].arrayValue?.compactMap(\.stringValue) ?? []
        for wanted in ["记录编号", "任务来源/疑似编号", "排污口名称", "国家编码", "经度", "纬度", "乡镇", "村", "受纳水体", "排污口类型", "入河方式", "纳入国家平台",
            "是否排放", "感官描述", "责任主体", "问题类型", "流量", "水温", "pH", "电导率", "COD", "氨氮", "总磷", "总氮", "送检", "组长", "电话", "组员", "调查日期",
            "近景1", "近景2", "标识牌", "远景"]
        {
            #expect(headers.contains(wanted), "missing \(wanted)")
        }
        #expect(rows[1].arrayValue?.first?.stringValue?.hasPrefix("示例") == true)
    }

    @Test func suspectsThenSurveyWithZipThenAcceptance() throws {
        let db = scratch.file("r.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let suspects = scratch.write("s.csv", "编号,经度,纬度\nUAV-1,109.2393,24.6200\nUAV-2,109.2440,24.6000\n")
        let imported = try CLI.run(["suspects", "import", suspects, "--db", db, "--user", "规划员"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let open = try CLI.run(["suspects", "list", "--open", "--format", "json", "--db", db])
        let list = try #require(try JSONParser().parse(open.stdout).arrayValue)
        #expect(list.count == 2 && list.allSatisfy { $0.objectValue?["river"]?.stringValue == "融江" })

        let photoDir = scratch.file("p")
        try FileManager.default.createDirectory(atPath: photoDir, withIntermediateDirectories: true)
        try TestPhotos.jpeg(at: photoDir + "/a.jpg", latitude: 24.6200, longitude: 109.2393, takenAt: "2024:06:25 09:00:00")
        let zip = scratch.file("photos.zip")
        #expect(try Shell.run("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED); z.write(sys.argv[2],'a.jpg'); z.close()", zip, photoDir + "/a.jpg"]).status == 0)
        let sheet = scratch.write("sheet.csv", "\u{FEFF}记录编号,任务来源/疑似编号,排污口名称,经度,纬度,排污口类型,调查日期,近景1\nR1,UAV-1,东岸排口,109.2393,24.6200,城镇雨洪排口,2024-06-25,a.jpg\n")
        let survey = try CLI.run(["survey", "import", sheet, "--photos", zip, "--db", db, "--user", "调查员", "--format", "json"])
        #expect(survey.status == 0, "\(survey.stderr)")
        let id = try #require(try JSONParser().parse(survey.stdout).objectValue?["survey_ids"]?.arrayValue?.first?.doubleValue)
        let pending = try CLI.run(["survey", "list", "--state", "pending", "--format", "json", "--db", db])
        #expect(try JSONParser().parse(pending.stdout).arrayValue?.count == 1)

        let noNote = try CLI.run(["survey", "review", String(Int(id)), "--return", "--db", db])
        #expect(noNote.status == 1)
        let accepted = try CLI.run(["survey", "review", String(Int(id)), "--accept", "--note", "属实", "--db", db, "--user", "审核员"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let again = try CLI.run(["survey", "review", String(Int(id)), "--accept", "--db", db])
        #expect(again.status == 1 && again.stderr.contains("已审核通过"))
        let show = try CLI.run(["survey", "show", String(Int(id)), "--format", "json", "--db", db])
        let shown = try #require(try JSONParser().parse(show.stdout).objectValue)
        #expect(shown["review"]?.stringValue == "accepted")
        #expect(shown["attachments"]?.arrayValue?.first?.objectValue?["lat"]?.doubleValue.map { abs($0 - 24.62) < 1e-6 } == true)
        let remaining = try CLI.run(["suspects", "list", "--open", "--format", "json", "--db", db])
        #expect(try JSONParser().parse(remaining.stdout).arrayValue?.count == 1)
        let outfalls = try CLI.run(["list", "--format", "json", "--name", "东岸排口", "--db", db])
        #expect(try JSONParser().parse(outfalls.stdout).arrayValue?.count == 1)
        let duplicates = try CLI.run(["duplicates", "--format", "json", "--db", db])
        #expect(duplicates.status == 0, "\(duplicates.stderr)")
        #expect(try JSONParser().parse(duplicates.stdout).objectValue?["within_m"]?.doubleValue == 30)
    }

    @Test func aZipBombOfPhotosIsRefusedWithNothingChanged() throws {
        let db = scratch.file("r.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let bomb = scratch.file("bomb.zip")
        #expect(try Shell.run("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED); z.writestr('a.jpg', b'\\xff\\xd8\\xff' + bytes(60_000_000)); z.close()", bomb]).status == 0)
        let sheet = scratch.write("sheet.csv", "记录编号,排污口名称,经度,纬度,排污口类型,调查日期,近景1\nR1,排口,109.2395,24.6200,城镇雨洪排口,2024-06-25,a.jpg\n")
        let before = FileManager.default.contents(atPath: db)
        let result = try CLI.run(["survey", "import", sheet, "--photos", bomb, "--db", db])
        #expect(result.status == 1 && result.stderr.contains("压缩炸弹"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: db) == before)
        #expect(!FileManager.default.fileExists(atPath: db + ".attachments"))
    }
}
