import Foundation
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// 一口一档 and derived fields on the bundled sample registry, with ledger documents added
/// through ``Ledger/change(actor:at:_:)``: known answers from the sample layers.
struct DossierTests {
    let scratch = TemporaryDirectory()
    /// In the sample, O-30 lies inside the 融江 drinking-water level-1 zone (禁止设置), 大埔镇.
    static let flagged = "liucheng-sample:O-30"

    func sampleLedger() throws -> Ledger {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        try sample.loadRules(into: registry, actor: "tester")
        return Ledger(registry: registry)
    }

    /// A file, a unit and a trace for O-30, entered on two dates.
    @discardableResult
    func seed(_ ledger: Ledger, id: Int64) throws -> Int64 {
        let file = OutfallFile(id: id, lifecycle: .verified, nationalPlatform: .unknown, enteredResponsible: "柳城县大埔镇人民政府")
        try ledger.change(actor: "张三", at: "2024-03-01T02:00:00.000Z") { tx in try tx.save(file) }
        var unit = DischargingUnit(name: "柳城县甲糖厂", creditCode: "91450222MA5K00000X", industry: "制糖")
        try ledger.change(actor: "李四", at: "2024-07-01T02:00:00.000Z") { tx in
            try tx.create(&unit)
            var updated = file
            updated.lifecycle = .existing
            updated.temporaryNumber = "LC-2024-007"
            updated.nationalPlatform = .no
            try tx.save(updated, reason: "现场核实后登记为存量")
            var trace = Trace(outfallID: id, tracedOn: "2024-07-01", method: .manual, unitIDs: [unit.id ?? 0], result: .oneSource)
            try tx.create(&trace, related: [EntityRef(.outfall, id)])
        }
        return unit.id ?? 0
    }

    @Test func dossierGathersFileVerdictTraceUnitAndTheRuleDerivedParty() throws {
        let ledger = try sampleLedger()
        let outfall = try ledger.outfall(Self.flagged)
        let id = try #require(outfall.id)
        let unitID = try seed(ledger, id: id)
        var other = DischargingUnit(name: "柳城县乙养殖场")
        try ledger.change(actor: "李四") { tx in
            try tx.create(&other)
            var channel = DrainageChannel(name: "乙场排水沟", kind: .ditch, unitID: other.id, outfallID: id, coordinates: [[109.22, 24.68], [109.2278, 24.6884]])
            try tx.create(&channel)
        }
        let dossier = try ledger.dossier(outfall: id)
        #expect(dossier.outfall.name == "柳城县大埔镇水源地上游某村生活污水散排口（示意）")
        #expect(dossier.channels.map(\.name) == ["乙场排水沟"])
        #expect(dossier.units.map(\.name).sorted() == ["柳城县乙养殖场", "柳城县甲糖厂"])
        #expect(dossier.siting?.verdict == .prohibited)
        #expect(dossier.siting?.findings.contains { $0.feature.name.contains("一级保护区") } == true)
        #expect(dossier.responsible.kind == .unit && dossier.responsible.party == "柳城县甲糖厂" && dossier.responsible.unitIDs == [unitID])
        #expect(dossier.responsibleDisagrees)
        #expect(dossier.isSchematic)
        let json = try #require(dossier.json.objectValue)
        let identity = try #require(json["identity"]?.objectValue)
        #expect(identity["temporary_number"] == "LC-2024-007")
        #expect(identity["township"] == "大埔镇")
        #expect(identity["river"] == "融江")
        #expect(json["lifecycle"]?.objectValue?["lifecycle_label"] == "存量")
        #expect(json["lifecycle"]?.objectValue?["national_platform_label"] == "否")
        #expect(json["siting"]?.objectValue?["verdict"] == "prohibited")
        #expect(json["responsible"]?.objectValue?["kind"] == "unit")
        #expect(json["responsible"]?.objectValue?["party"] == "柳城县甲糖厂")
        #expect(json["units"]?.arrayValue?.count == 2)
        #expect(json["channels"]?.arrayValue?.first?.objectValue?["kind_label"] == "明渠/沟渠")
        #expect(json["traces"]?.arrayValue?.first?.objectValue?["result_label"] == "1口对1源")
        #expect(json["schematic"] == .bool(true))
    }

    @Test func historyHasFieldLevelChangesAndRebuildsTheFileAsOfAPastDate() throws {
        let ledger = try sampleLedger()
        let id = try #require(try ledger.outfall(Self.flagged).id)
        try seed(ledger, id: id)
        let events = try ledger.outfallHistory(id: id)
        // The file's create, its update, the trace (found by its outfallID), in time order; then
        // the map feature's own insert (the sample was imported when the test began).
        #expect(events.map { "\($0.entity.kind.rawValue) \($0.action)" } == ["outfall create", "outfall update", "trace create", "layer.outfalls insert"])
        let update = events[1]
        #expect(update.actor == "李四" && update.reason == "现场核实后登记为存量")
        #expect(update.changes.contains(FieldChange(field: "lifecycle", before: "verified", after: "existing")))
        #expect(update.changes.contains(FieldChange(field: "temporaryNumber", before: nil, after: "LC-2024-007")))
        #expect(update.changes.contains(FieldChange(field: "nationalPlatform", before: "unknown", after: "no")))
        let json = JSONWriter.compact(HistoryJSON.event(update))
        #expect(json.contains(#"{"field":"lifecycle","before":"verified","after":"existing"}"#))
        #expect(json.contains(#""at":"2024-07-01T02:00:00.000Z""#))

        // A duplicate merged into it brings its own history along.
        let duplicate = try #require(try ledger.outfall("liucheng-sample:O-31").id)
        try ledger.change(actor: "赵六", at: "2024-02-01T02:00:00.000Z") { tx in
            try tx.save(OutfallFile(id: duplicate, lifecycle: .suspected, note: "重复点位"))
        }
        try ledger.change(actor: "赵六", at: "2024-08-01T02:00:00.000Z") { tx in
            guard var file = try tx.load(OutfallFile.self, id: id) else { return }
            file.mergedIDs = [duplicate]
            try tx.save(file, action: "merge")
        }
        let merged = try ledger.outfallHistory(id: id)
        #expect(merged.first?.entity == EntityRef(.outfall, duplicate))
        #expect(merged.filter { $0.entity.kind == .outfall }.last?.action == "merge")

        let june = try ledger.outfallState(id: id, asOf: "2024-06-24T15:59:59.999Z")
        #expect(june.file?["lifecycle"] == "verified")
        #expect(june.file?["temporaryNumber"] == nil)
        let later = try ledger.outfallState(id: id, asOf: "2026-01-01T00:00:00.000Z")
        #expect(later.file?["lifecycle"] == "existing")
        #expect(try ledger.outfallState(id: id, asOf: "2024-01-01T00:00:00.000Z").file == nil)
    }

    @Test func derivedFieldsComeFromTheLayersAndASurveyThatDisagreesIsListed() throws {
        let ledger = try sampleLedger()
        let id = try #require(try ledger.outfall(Self.flagged).id)
        // Before any survey, the sample's own 受纳水体 agrees with the snap.
        let before = try #require(try ledger.derivedFields(ids: [id]).first)
        #expect(before.township == "大埔镇")
        #expect(before.receivingWater == "融江")
        #expect(before.bank == "left" || before.bank == "right")
        #expect(before.waterFunctionZone != nil)
        #expect(before.waterFunctionTarget == "II类")
        #expect(before.downstreamSection == "凤山糖厂断面（示意位置）")
        #expect((before.downstreamDistance ?? 0) > 1000)
        #expect(before.disagreements.isEmpty)

        let record = SurveyRecord(
            recordNumber: "PC-001", outfallID: id, surveyedOn: "2024-05-03", name: "某村排口", lon: 109.24, lat: 24.65,
            township: "龙头镇", receivingWater: "龙江", outfallType: "rural_domestic", review: .accepted)
        var stored = record
        try ledger.change(actor: "王五") { tx in try tx.create(&stored) }
        let after = try #require(try ledger.derivedFields(ids: [id]).first)
        #expect(after.township == "大埔镇")  // derived, not overwritten
        #expect(after.disagreements.map(\.field).sorted() == ["receiving_water", "township"])
        #expect(after.disagreements.first { $0.field == "township" }?.entered == "龙头镇")
        #expect(after.disagreements.first { $0.field == "township" }?.source == "排查记录 PC-001（2024-05-03）")
        // A pending record is not a hand-entered value yet.
        var pending = SurveyRecord(
            recordNumber: "PC-002", outfallID: id, surveyedOn: "2024-06-03", name: "某村排口", lon: 109.24, lat: 24.65,
            township: "沙埔镇", outfallType: "rural_domestic")
        try ledger.change(actor: "王五") { tx in try tx.create(&pending) }
        #expect(try ledger.derivedFields(ids: [id]).first?.disagreements.contains { $0.entered == "沙埔镇" } == false)
    }

    @Test func dossierPDFAndHTMLCarryTheNameTheResponsiblePartyAndTheVerdict() throws {
        let ledger = try sampleLedger()
        let id = try #require(try ledger.outfall(Self.flagged).id)
        try seed(ledger, id: id)
        try ledger.change(actor: "张三") { tx in
            guard var file = try tx.load(OutfallFile.self, id: id) else { return }
            file.note = "<script>alert(1)</script> & 备注"
            try tx.save(file)
        }
        let outline = try ledger.dossier(outfall: id).outline(photoPath: ledger.attachmentPath)
        let pdf = scratch.file("dossier.pdf")
        try DossierPDF.write(outline, to: pdf)
        let text = try Shell.run("pdftotext", [pdf, "-"])
        #expect(text.status == 0)
        let flat = text.stdout.replacingOccurrences(of: "\n", with: "")
        #expect(flat.contains("柳城县大埔镇水源地上游某村生活污水散排口"))
        #expect(text.stdout.contains("责任主体"))
        #expect(text.stdout.contains("柳城县甲糖厂"))
        #expect(text.stdout.contains("禁止设置"))
        #expect(text.stdout.contains("示意数据"))
        #expect(flat.replacingOccurrences(of: " ", with: "").contains("第1页/共"))

        let html = DossierHTML.render(outline)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 备注"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("禁止设置"))
        #expect(html.contains("<html lang=\"zh-CN\">"))
    }

    @Test func surveyPhotosAreListedInTheJSONAndDrawnInThePDF() throws {
        let ledger = try sampleLedger()
        let id = try #require(try ledger.outfall(Self.flagged).id)
        let png = scratch.file("near.png"), jpeg = scratch.file("far.jpg")
        let made = try Shell.run("python3", ["-c", "from PIL import Image; Image.new('RGB',(80,60),(20,120,200)).save('\(png)'); Image.new('RGB',(8,8)).save('\(jpeg)')"])
        #expect(made.status == 0, "\(made.stderr)")
        var photos: [SurveyPhoto] = []
        for (path, caption) in [(png, "近景1"), (jpeg, "远景")] {
            let staged = try ledger.attachments.stage(contentsOf: path, fileName: (path as NSString).lastPathComponent)
            try ledger.attachments.publish(staged)
            photos.append(SurveyPhoto(caption: caption, sha256: staged.sha256, fileName: staged.fileName))
        }
        var record = SurveyRecord(
            recordNumber: "PC-009", outfallID: id, surveyedOn: "2024-05-03", name: "某村排口", lon: 109.2278, lat: 24.6884,
            outfallType: "rural_domestic", photos: photos, review: .accepted)
        try ledger.change(actor: "王五") { tx in try tx.create(&record) }
        let dossier = try ledger.dossier(outfall: id)
        let listed = dossier.json.objectValue?["surveys"]?.arrayValue?.first?.objectValue?["photos"]?.arrayValue ?? []
        #expect(listed.compactMap { $0.objectValue?["caption"]?.stringValue } == ["近景1", "远景"])
        let pdf = scratch.file("photos.pdf")
        try DossierPDF.write(dossier.outline(photoPath: ledger.attachmentPath), to: pdf)
        let images = try Shell.run("pdfimages", ["-list", pdf]).stdout.split(separator: "\n").dropFirst(2)
        #expect(images.count == 1)  // the PNG; the JPEG is listed by name
        let text = try Shell.run("pdftotext", [pdf, "-"]).stdout
        #expect(text.contains("PC-009 近景1") && text.contains("far.jpg"))
    }

    @Test func ledgerExportReadsBackWithOpenpyxlAndCSV() throws {
        let ledger = try sampleLedger()
        let outfall = try ledger.outfall(Self.flagged)
        let id = try #require(outfall.id)
        try seed(ledger, id: id)
        let mapping = try LedgerMapping.bundled()
        let xlsx = scratch.file("台账.xlsx"), csv = scratch.file("台账.csv")
        #expect(try ledger.exportLedger(format: .xlsx, to: xlsx, mapping: mapping) == 42)
        #expect(try ledger.exportLedger(format: .csv, to: csv, mapping: mapping) == 42)
        let script = """
            import csv, json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["台账"]
            rows = [[c.value for c in r] for r in ws.iter_rows()]
            head = rows[0]
            row = next(r for r in rows[1:] if r[head.index("登记键")] == sys.argv[3])
            with open(sys.argv[2], encoding="utf-8-sig", newline="") as f:
                crow = [r for r in csv.reader(f)]
            cr = next(r for r in crow[1:] if r[crow[0].index("登记键")] == sys.argv[3])
            pick = lambda names: {n: row[head.index(n)] for n in names}
            print(json.dumps({"rows": len(rows) - 1, "csv_rows": len(crow) - 1, "head": head[:4],
                "x": pick(["排污口名称", "临时编号", "纳入国家平台", "排查状态", "责任主体", "责任主体认定类型", "所在乡镇", "受纳水体", "设置核查结论", "下游最近国控断面"]),
                "lon_is_number": isinstance(row[head.index("经度")], float), "lon": row[head.index("经度")],
                "distance_is_number": isinstance(row[head.index("距国控断面距离（米）")], (int, float)),
                "csv_name": cr[crow[0].index("排污口名称")], "csv_party": cr[crow[0].index("责任主体")]}, ensure_ascii=False))
            """
        let result = try Shell.run("python3", ["-c", script, xlsx, csv, Self.flagged])
        #expect(result.status == 0, "\(result.stderr)")
        let out = try #require(try JSONParser().parse(result.stdout).objectValue)
        #expect(out["rows"] == 42 && out["csv_rows"] == 42)
        #expect(out["head"] == ["排污口名称", "国家编码", "本地编码", "临时编号"])
        let x = try #require(out["x"]?.objectValue)
        #expect(x["排污口名称"] == .string(outfall.name))
        #expect(x["临时编号"] == "LC-2024-007")
        #expect(x["纳入国家平台"] == "否")
        #expect(x["排查状态"] == "存量")
        #expect(x["责任主体"] == "柳城县甲糖厂")
        #expect(x["所在乡镇"] == "大埔镇")
        #expect(x["受纳水体"] == "融江")
        #expect(x["设置核查结论"] == "禁止设置（违法设置）")
        #expect(x["下游最近国控断面"] == "凤山糖厂断面（示意位置）")
        #expect(out["lon_is_number"] == .bool(true))
        #expect(out["lon"]?.doubleValue == outfall.location.lon)
        #expect(out["distance_is_number"] == .bool(true))
        #expect(out["csv_name"] == .string(outfall.name))
        #expect(out["csv_party"] == "柳城县甲糖厂")
    }

    @Test func aMappingFileChoosesColumnsAndABadOneIsRefusedWithTheEntry() throws {
        let ledger = try sampleLedger()
        let mapping = try LedgerMapping.parse(Array(#"[{"column":"名称","field":"name"},{"column":"X","field":"lon"}]"#.utf8), source: "m.json")
        let table = try ledger.ledgerTable(mapping: mapping)
        #expect(table.columns.map(\.header) == ["名称", "X"])
        #expect(table.rows.count == 42)
        do {
            _ = try LedgerMapping.parse(Array(#"[{"column":"名称","field":"name"},{"column":"Y","field":"nope"}]"#.utf8), source: "m.json")
            Issue.record("expected a refusal")
        } catch {
            #expect("\(error)".contains("m.json 第 2 项"))
            #expect("\(error)".contains("未知字段“nope”"))
        }
    }

    @Test func outfallsAreFoundByKeyOrIdAndAnUnknownOneIsNotFound() throws {
        let ledger = try sampleLedger()
        let byKey = try ledger.outfall(Self.flagged)
        let byID = try ledger.outfall(String(byKey.id ?? 0))
        #expect(byKey.id == byID.id && byKey.key == byID.key)
        #expect(throws: LedgerError.notFound(.layer("outfalls"), "nope")) { try ledger.outfall("nope") }
    }
}

/// Mapping files that are refused whole, each with its reason.
struct LedgerMappingRefusalTests {
    @Test(arguments: [
        (#"{"column":"名称","field":"name"}"#, "应为数组"),
        ("[]", "应有 1–200 列"),
        (#"[{"column":"名称"}]"#, "第 1 项"),
        (#"[{"column":"  ","field":"name"}]"#, "表头应为 1–200 个字符"),
        (#"[{"column":"名称","field":"name"},{"column":"名称","field":"lon"}]"#, "表头“名称”重复"),
        (#"[{"column":"名称","field":"name"}"#, "不是有效的 JSON"),
        ("[" + String(repeating: #"{"column":"c","field":"name"},"#, count: 201) + "]", "不是有效的 JSON"),
    ])
    func refused(text: String, reason: String) {
        do {
            _ = try LedgerMapping.parse(Array(text.utf8), source: "m.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func tooManyColumnsOrTooLargeAFileIsRefused() throws {
        let entries = (0..<201).map { #"{"column":"c\#($0)","field":"name"}"# }.joined(separator: ",")
        #expect(throws: LedgerError.self) { try LedgerMapping.parse(Array("[\(entries)]".utf8), source: "m.json") }
        let scratch = TemporaryDirectory()
        let big = scratch.write("big.json", "[" + String(repeating: " ", count: LedgerMapping.maximumBytes) + "]")
        do {
            _ = try LedgerMapping.load(path: big)
            Issue.record("accepted a file over the limit")
        } catch {
            #expect("\(error)".contains("KiB"))
        }
    }

    @Test func theBundledMappingNamesOnlyKnownFieldsAndLeadsWithTheName() throws {
        let mapping = try LedgerMapping.bundled()
        #expect(mapping.columns.first == LedgerMapping.Column(column: "排污口名称", field: .name))
        #expect(mapping.columns.contains(LedgerMapping.Column(column: "纳入国家平台", field: .nationalPlatform)))
        #expect(mapping.source.contains("非国家平台模板"))
    }
}
