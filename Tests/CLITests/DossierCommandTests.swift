import Foundation
import JSON
import Registry
import Supervision
import Testing
import TestSupport
import Workflows

/// `outfalls history`, `dossier`, `derived` and `export --layer ledger` on a sample registry
/// whose ledger documents the test adds through the Workflows facade.
struct DossierCommandTests {
    let scratch = Scratch()
    static let flagged = "liucheng-sample:O-30"

    func seededRegistry() throws -> (db: String, id: Int64) {
        let db = scratch.file("o.sqlite")
        let created = try CLI.run(["init", "--sample", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        let ledger = Ledger(registry: try Registry.open(path: db))
        let id = try #require(try ledger.outfall(Self.flagged).id)
        try ledger.change(actor: "张三", at: "2024-03-01T02:00:00.000Z") { tx in
            try tx.save(OutfallFile(id: id, lifecycle: .verified))
        }
        try ledger.change(actor: "李四", at: "2024-07-01T02:00:00.000Z") { tx in
            var unit = DischargingUnit(name: "柳城县甲糖厂")
            try tx.create(&unit)
            try tx.save(OutfallFile(id: id, lifecycle: .existing, temporaryNumber: "LC-2024-007", nationalPlatform: .yes), reason: "登记为存量")
            var trace = Trace(outfallID: id, tracedOn: "2024-07-01", method: .records, unitIDs: [unit.id ?? 0], result: .oneSource)
            try tx.create(&trace)
        }
        return (db, id)
    }

    @Test func historyJSONHasFieldLevelChangesAndTextIsInChinaTime() throws {
        let (db, id) = try seededRegistry()
        let result = try CLI.run(["history", Self.flagged, "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let events = try #require(try JSONParser().parse(result.stdout).arrayValue)
        #expect(events.count == 4)  // the file's create and update, the trace, the map feature's insert
        let update = try #require(events[1].objectValue)
        #expect(update["action"] == "update")
        #expect(update["actor"] == "李四")
        #expect(update["at"] == "2024-07-01T02:00:00.000Z")
        #expect(update["reason"] == "登记为存量")
        #expect(update["recorded_at"]?.stringValue != nil)
        let changes = try #require(update["changes"]?.arrayValue)
        #expect(changes.contains(["field": "lifecycle", "before": "verified", "after": "existing"]))
        #expect(changes.contains(["field": "temporaryNumber", "before": nil, "after": "LC-2024-007"]))

        let text = try CLI.run(["history", String(id), "--db", db])
        #expect(text.status == 0)
        #expect(text.stdout.contains("2024-07-01 10:00"))  // 02:00 UTC is 10:00 in Beijing
        #expect(text.stdout.contains("排查状态 lifecycle：已核实 → 存量"))

        let asOf = try CLI.run(["history", Self.flagged, "--db", db, "--as-of", "2024-06-25", "--format", "json"])
        #expect(asOf.status == 0, "\(asOf.stderr)")
        let state = try #require(try JSONParser().parse(asOf.stdout).objectValue)
        #expect(state["file"]?.objectValue?["lifecycle"] == "verified")
        #expect(try CLI.run(["history", "no-such-outfall", "--db", db]).status == 1)
    }

    @Test func dossierInThreeFormats() throws {
        let (db, _) = try seededRegistry()
        let json = try CLI.run(["dossier", Self.flagged, "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONParser().parse(json.stdout).objectValue)
        #expect(object["identity"]?.objectValue?["temporary_number"] == "LC-2024-007")
        #expect(object["lifecycle"]?.objectValue?["national_platform_label"] == "是")
        #expect(object["responsible"]?.objectValue?["party"] == "柳城县甲糖厂")
        #expect(object["siting"]?.objectValue?["verdict"] == "prohibited")

        let pdf = scratch.file("档案.pdf")
        let written = try CLI.run(["dossier", Self.flagged, "--db", db, "--format", "pdf", "-o", pdf])
        #expect(written.status == 0, "\(written.stderr)")
        let text = try Shell.run("pdftotext", [pdf, "-"]).stdout
        #expect(text.replacingOccurrences(of: "\n", with: "").contains("柳城县大埔镇水源地上游某村生活污水散排口"))
        #expect(text.contains("责任主体") && text.contains("柳城县甲糖厂") && text.contains("禁止设置"))

        let html = scratch.file("档案.html")
        #expect(try CLI.run(["dossier", Self.flagged, "--db", db, "--format", "html", "-o", html]).status == 0)
        let page = String(decoding: scratch.bytes("档案.html") ?? Data(), as: UTF8.self)
        #expect(page.contains("一口一档") && page.contains("禁止设置") && page.contains("示意数据"))
        #expect(try CLI.run(["dossier", Self.flagged, "--db", db, "--format", "pdf"]).status == 1)
    }

    @Test func ledgerExportAndDerivedDisagreements() throws {
        let (db, id) = try seededRegistry()
        // An accepted survey that puts O-30 in another township: a disagreement to list.
        let ledger = Ledger(registry: try Registry.open(path: db))
        try ledger.change(actor: "王五") { tx in
            var record = SurveyRecord(
                recordNumber: "PC-001", outfallID: id, surveyedOn: "2024-05-03", name: "某村排口", lon: 109.2278, lat: 24.6884,
                township: "龙头镇", outfallType: "rural_domestic", review: .accepted)
            try tx.create(&record)
        }
        let xlsx = scratch.file("台账.xlsx")
        let result = try CLI.run(["export", "--layer", "ledger", "--format", "xlsx", "-o", xlsx, "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("42 个排污口"))
        let read = try Shell.run("python3", ["-c", """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["台账"]
            rows = list(ws.iter_rows(values_only=True))
            h = rows[0]
            r = next(r for r in rows if r[h.index("登记键")] == "\(Self.flagged)")
            print(len(rows) - 1, r[h.index("纳入国家平台")], r[h.index("责任主体")], type(r[h.index("纬度")]).__name__)
            """, xlsx])
        #expect(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "42 是 柳城县甲糖厂 float", "\(read.stderr)")
        let mapping = scratch.write("m.json", #"[{"column":"名称","field":"name"},{"column":"国家平台","field":"national_platform"}]"#)
        let csv = scratch.file("台账.csv")
        #expect(try CLI.run(["export", "--layer", "ledger", "--format", "csv", "-o", csv, "--mapping", mapping, "--db", db]).status == 0)
        let lines = String(decoding: scratch.bytes("台账.csv") ?? Data(), as: UTF8.self).split(separator: "\r\n")
        #expect(lines.first == "\u{FEFF}名称,国家平台")
        #expect(lines.count == 43)
        #expect(try CLI.run(["export", "--layer", "ledger", "--format", "kml", "-o", csv, "--db", db]).status == 1)
        // The map-layer formats are unchanged.
        #expect(try CLI.run(["export", "--layer", "outfalls", "--format", "geojson", "-o", scratch.file("o.geojson"), "--db", db]).status == 0)

        let derived = try CLI.run(["derived", "--db", db, "--format", "json"])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(try JSONParser().parse(derived.stdout).arrayValue?.count == 42)
        let disagreements = try CLI.run(["derived", "--disagreements", "--db", db, "--format", "json"])
        #expect(disagreements.status == 0)
        let list = try #require(try JSONParser().parse(disagreements.stdout).arrayValue)
        #expect(list.count == 1)
        let listed = try #require(list.first?.objectValue)
        #expect(listed["outfall_id"]?.doubleValue == Double(id))
        #expect(listed["disagreements"] == [["field": "township", "label": "乡镇", "derived": "大埔镇", "entered": "龙头镇", "source": "排查记录 PC-001（2024-05-03）"]])
        let text = try CLI.run(["derived", "--disagreements", "--db", db])
        #expect(text.stdout.contains("乡镇：登记“龙头镇”≠推算“大埔镇”"))
    }
}
