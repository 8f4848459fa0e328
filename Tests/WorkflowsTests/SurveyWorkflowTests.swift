import Digest
import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// Suspects → field survey with photos → review → outfall and its file, through the real
/// SQLite store, attachment folder and libexif; duplicates by river and bank.
@Suite(.serialized) struct SurveyWorkflowTests {
    /// A point on the schematic 融江 (reach RJ-3, flowing south) and the azimuth downstream.
    static let riverA = Coordinate(lon: 109.236, lat: 24.635)
    static let riverB = Coordinate(lon: 109.243, lat: 24.605)

    /// `metres` to the left (negative: right) of the 融江, looking downstream, `along` metres past the segment's middle.
    static func bankPoint(left metres: Double, along: Double = 0) -> Coordinate {
        let g = Geodesic.cgcs2000
        let (length, azimuth, _) = g.inverse(riverA, riverB)
        let middle = g.direct(from: riverA, azimuth: azimuth, distance: length / 2 + along)
        return g.direct(from: middle, azimuth: azimuth + (metres >= 0 ? -90 : 90), distance: abs(metres))
    }

    final class Fixture: @unchecked Sendable {
        let dir = TemporaryDirectory()
        let ledger: Ledger
        init() throws {
            let sample = try SampleData()
            let registry = try Registry.create(path: dir.file("r.sqlite"), settings: sample.settings)
            for entry in sample.layers where entry.layer == .rivers || entry.layer == .areas {
                _ = try registry.importLayer(ImportRequest(
                    layer: entry.layer, path: (sample.directory as NSString).appendingPathComponent(entry.file), provenance: entry.provenance, actor: "t"))
            }
            ledger = Ledger(registry: registry)
        }

        func sheet(_ rows: [[String: String]], name: String = "sheet.csv") -> String {
            let headers = SurveySheet.headers
            var lines = [headers.joined(separator: ",")]
            for row in rows { lines.append(headers.map { SurveySheetCSV.field(row[$0] ?? "") }.joined(separator: ",")) }
            return dir.write(name, "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n")
        }

        /// A folder's files and their SHA-256, to compare before and after.
        func snapshot(_ path: String) -> [String: String] {
            var result: [String: String] = [:]
            guard let walker = FileManager.default.enumerator(atPath: path) else { return result }
            while let name = walker.nextObject() as? String {
                let full = path + "/" + name
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                result[name] = isDirectory.boolValue ? "dir" : FileManager.default.contents(atPath: full).map { SHA256.hex([UInt8]($0)) } ?? "?"
            }
            return result
        }

        var databaseDigest: String { FileManager.default.contents(atPath: dir.file("r.sqlite")).map { SHA256.hex([UInt8]($0)) } ?? "" }
    }

    static func row(_ number: String, at point: Coordinate, photo: String? = nil, suspect: String? = nil, type: String = "工矿企业排污口") -> [String: String] {
        var row = [
            "记录编号": number, "排污口名称": "测试排口\(number)", "经度": String(point.lon), "纬度": String(point.lat), "排污口类型": type,
            "调查日期": "2024-06-25", "纳入国家平台": "否", "是否排放": "是", "COD": "85", "pH": "7.2", "问题类型": "污水应纳未纳",
        ]
        if let photo { row["近景1"] = photo }
        if let suspect { row["任务来源/疑似编号"] = suspect }
        return row
    }

    @Test func suspectSurveyReviewCreatesOutfallAndFileInOneGo() throws {
        let f = try Fixture()
        let point = Self.bankPoint(left: 12)
        let csv = f.dir.write("suspects.csv", "编号,经度,纬度,来源,描述\nUAV-7,\(point.lon),\(point.lat),无人机,疑似暗管\n")
        let imported = try f.ledger.importSuspects(file: csv, actor: "规划员")
        #expect(imported.suspectIDs.count == 1)
        let listing = try f.ledger.suspects(openOnly: true)
        #expect(listing.count == 1 && listing[0].placement.river == "融江" && listing[0].placement.bank == "left")
        #expect(listing[0].placement.township != nil)

        let photos = f.dir.file("photos")
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        // Near (5 m away, same day) and far (about 500 m away, 10 days off).
        let near = Geodesic.cgcs2000.direct(from: point, azimuth: 0, distance: 5)
        try TestPhotos.jpeg(at: photos + "/near.jpg", latitude: near.lat, longitude: near.lon, takenAt: "2024:06:25 10:00:00")
        let far = Geodesic.cgcs2000.direct(from: point, azimuth: 90, distance: 500)
        try TestPhotos.jpeg(at: photos + "/far.jpg", width: 80, latitude: far.lat, longitude: far.lon, takenAt: "2024:06:15 10:00:00")
        var first = Self.row("FS-1", at: point, photo: "near.jpg", suspect: "UAV-7")
        first["远景"] = "far.jpg"
        let report = try f.ledger.importSurveys(sheet: f.sheet([first]), photos: .folder(photos), actor: "调查员")
        #expect(report.surveyIDs.count == 1 && report.photos == 2 && report.flagged == 1)
        let surveyID = report.surveyIDs[0]
        var survey = try f.ledger.survey(surveyID)
        #expect(survey.review == .pending && survey.suspectID == imported.suspectIDs[0])
        #expect(survey.flags.count == 2)
        #expect(survey.flags.contains { $0.contains("远景") && $0.contains("米") })
        #expect(survey.flags.contains { $0.contains("远景") && $0.contains("10 天") })
        #expect(survey.quickTests.cod == 85 && survey.quickTests.pH == 7.2)
        let attachments = try f.ledger.attachments(of: EntityRef(.survey, surveyID))
        #expect(attachments.count == 2)
        let nearPhoto = try #require(attachments.first { $0.fileName == "near.jpg" })
        #expect(abs((nearPhoto.lat ?? 0) - near.lat) < 1e-6 && nearPhoto.width == 64 && nearPhoto.takenAt == "2024-06-25 10:00:00")
        #expect(f.ledger.attachments.contains(nearPhoto.sha256))
        // Its thumbnail was made from the staged photo and published with it.
        #expect(FileManager.default.fileExists(atPath: f.ledger.attachments.thumbnailPath(of: nearPhoto.sha256)))

        // A return needs a note; then accepting a returned record is refused by the review state machine.
        #expect(throws: LedgerError.self) { try f.ledger.review(survey: surveyID, .return, note: nil, actor: "审核员") }
        _ = try f.ledger.review(survey: surveyID, .return, note: "照片位置不符", actor: "审核员")
        #expect(try f.ledger.survey(surveyID).review == .returned)
        #expect(throws: LedgerError.illegalTransition(entity: "排查记录 \(surveyID)", from: "退回", event: "通过", reason: "已退回，请修改后重新提交")) {
            try f.ledger.review(survey: surveyID, .accept, note: nil, actor: "审核员")
        }
        // Resubmitted by importing the corrected row again (退回 → 待审核), without the far photo.
        let again = try f.ledger.importSurveys(sheet: f.sheet([Self.row("FS-1", at: point, photo: "near.jpg", suspect: "UAV-7")], name: "fixed.csv"), photos: .folder(photos), actor: "调查员")
        #expect(again.surveyIDs == [surveyID] && again.resubmitted == 1)
        survey = try f.ledger.survey(surveyID)
        #expect(survey.review == .pending && survey.flags.isEmpty)

        let outcome = try f.ledger.review(survey: surveyID, .accept, note: "核实无误", actor: "审核员")
        let outfallID = try #require(outcome.outfallID)
        #expect(outcome.createdOutfall)
        let outfall = try #require(try f.ledger.registry.store.fetch(Outfall.self, id: outfallID))
        #expect(outfall.name == "测试排口FS-1" && outfall.type == .industrialEnterprise)
        let file = try #require(try f.ledger.read { try $0.document(EntityRef(.outfall, outfallID)) }.map { try OutfallFile.decode($0) })
        #expect(file.lifecycle == .existing && file.surveyIDs == [surveyID] && file.suspectID == imported.suspectIDs[0])
        #expect(file.temporaryNumber == "450222-T" + String(repeating: "0", count: 6 - String(outfallID).count) + String(outfallID))
        #expect(file.nationalPlatform == .no)
        let suspect = try #require(try f.ledger.suspects().first?.suspect)
        #expect(suspect.status == .verified && suspect.outfallID == outfallID)
        // History on all three, with the reviewer and the note.
        let events = try f.ledger.history(of: EntityRef(.survey, surveyID))
        #expect(events.map(\.action) == ["import", "return", "resubmit", "accept"])
        #expect(events.last?.actor == "审核员" && events.last?.reason == "核实无误")
        #expect(try f.ledger.history(of: EntityRef(.outfall, outfallID)).last?.reason == "核实无误")
        #expect(try f.ledger.history(of: EntityRef(.suspect, suspect.id ?? 0)).map(\.action) == ["import", "verify"])
        // Snaps refreshed: the new outfall is on the 融江's left bank.
        let snap = try #require(try f.ledger.registry.outfallSnaps()[outfallID])
        #expect(snap.river == "融江" && snap.bank == "left")
        // An accepted record cannot be reviewed again.
        #expect(throws: LedgerError.self) { try f.ledger.review(survey: surveyID, .return, note: "x", actor: "审核员") }
    }

    @Test func aTownshipOrRiverThatDisagreesWithTheLayersIsFlaggedNotChanged() throws {
        let f = try Fixture()
        let point = Self.bankPoint(left: 12)
        let township = try #require(try f.ledger.placements(of: [point]).first?.township)
        var wrong = Self.row("W-1", at: point)
        wrong["乡镇"] = "凤山镇"
        wrong["受纳水体"] = "龙江"
        var right = Self.row("W-2", at: point)
        right["乡镇"] = String(township.prefix(3))
        right["受纳水体"] = "融江"
        let report = try f.ledger.importSurveys(sheet: f.sheet([wrong, right]), photos: nil, actor: "t")
        let first = try f.ledger.survey(report.surveyIDs[0]), second = try f.ledger.survey(report.surveyIDs[1])
        #expect(first.township == "凤山镇" && first.flags.contains { $0.contains("凤山镇") && $0.contains(township) })
        #expect(first.flags.contains { $0.contains("龙江") && $0.contains("融江") })
        #expect(second.flags.isEmpty)
    }

    @Test func aNotOutfallSurveySettlesItsSuspect() throws {
        let f = try Fixture()
        let point = Self.bankPoint(left: 20)
        let csv = f.dir.write("s.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","id":"P1","properties":{"来源":"影像解译"},"geometry":{"type":"Point","coordinates":[\(point.lon),\(point.lat)]}}]}
            """)
        let suspects = try f.ledger.importSuspects(file: csv, actor: "t")
        let report = try f.ledger.importSurveys(
            sheet: f.sheet([Self.row("N-1", at: point, suspect: String(suspects.suspectIDs[0]), type: "非排污口")]), photos: nil, actor: "t")
        let outcome = try f.ledger.review(survey: report.surveyIDs[0], .accept, note: "涵洞，无排放", actor: "审核员")
        #expect(outcome.outfallID == nil && outcome.suspect?.status == .notOutfall)
        #expect(try f.ledger.registry.store.fetchAll(Outfall.self).isEmpty)
        #expect(try f.ledger.suspects(openOnly: true).isEmpty)
    }

    @Test func aRefusedImportLeavesDatabaseAndAttachmentFolderByteIdentical() throws {
        let f = try Fixture()
        let photos = f.dir.file("photos")
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        let point = Self.bankPoint(left: 12)
        try TestPhotos.jpeg(at: photos + "/good.jpg", latitude: point.lat, longitude: point.lon, takenAt: "2024:06:25 10:00:00")
        // A first import so the attachment folder exists with a published photo in it.
        _ = try f.ledger.importSurveys(sheet: f.sheet([Self.row("OK-1", at: point, photo: "good.jpg")], name: "ok.csv"), photos: .folder(photos), actor: "t")
        let before = (f.databaseDigest, f.snapshot(f.ledger.attachments.directory))
        #expect(before.1.count >= 2)

        // The second row's photo is HTML renamed .jpg: the first row's photo is staged, then everything is dropped.
        try TestPhotos.jpeg(at: photos + "/other.jpg", width: 70, latitude: point.lat, longitude: point.lon, takenAt: "2024:06:25 10:00:00")
        FileManager.default.createFile(atPath: photos + "/page.jpg", contents: Data("<html><body>not a photo</body></html>".utf8))
        let bad = f.sheet([Self.row("B-1", at: point, photo: "other.jpg"), Self.row("B-2", at: point, photo: "page.jpg")], name: "bad.csv")
        #expect(throws: LedgerError.self) { try f.ledger.importSurveys(sheet: bad, photos: .folder(photos), actor: "t") }
        // A 50,000 × 50,000 PNG header.
        FileManager.default.createFile(atPath: photos + "/bomb.png", contents: Data(Self.pngHeader(50_000, 50_000)))
        #expect(throws: LedgerError.self) {
            try f.ledger.importSurveys(sheet: f.sheet([Self.row("B-3", at: point, photo: "other.jpg"), Self.row("B-4", at: point, photo: "bomb.png")], name: "bomb.csv"), photos: .folder(photos), actor: "t")
        }
        // A photo the folder does not have, a path in a photo cell, bad coordinates, a missing column.
        for rows in [
            [Self.row("C-1", at: point, photo: "nothere.jpg")], [Self.row("C-2", at: point, photo: "../good.jpg")],
            [Self.row("C-3", at: Coordinate(lon: 200, lat: 24.6))], [Self.row("C-4", at: Coordinate(lon: 100.0, lat: 24.6))],
        ] {
            #expect(throws: LedgerError.self) { try f.ledger.importSurveys(sheet: f.sheet(rows, name: "c.csv"), photos: .folder(photos), actor: "t") }
        }
        let noDate = f.dir.write("nodate.csv", "记录编号,排污口名称,经度,纬度,排污口类型\nD-1,x,\(point.lon),\(point.lat),其他排口\n")
        #expect(throws: LedgerError.self) { try f.ledger.importSurveys(sheet: noDate, photos: nil, actor: "t") }

        #expect(f.databaseDigest == before.0)
        #expect(f.snapshot(f.ledger.attachments.directory) == before.1)
        #expect(try f.ledger.surveys().count == 1)
    }

    @Test func aRefusedFirstImportLeavesNoAttachmentFolder() throws {
        let f = try Fixture()
        let photos = f.dir.file("photos")
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        let point = Self.bankPoint(left: 12)
        try TestPhotos.jpeg(at: photos + "/a.jpg")
        FileManager.default.createFile(atPath: photos + "/b.jpg", contents: Data("<html></html>".utf8))
        let sheet = f.sheet([Self.row("A-1", at: point, photo: "a.jpg"), Self.row("A-2", at: point, photo: "b.jpg")])
        #expect(throws: LedgerError.self) { try f.ledger.importSurveys(sheet: sheet, photos: .folder(photos), actor: "t") }
        #expect(!FileManager.default.fileExists(atPath: f.ledger.attachments.directory))
    }

    @Test func photosFromAZipAndAZipWithEscapingPathsIsRefused() throws {
        let f = try Fixture()
        let point = Self.bankPoint(left: 12)
        let staging = f.dir.file("z")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try TestPhotos.jpeg(at: staging + "/p.jpg", latitude: point.lat, longitude: point.lon, takenAt: "2024:06:25 10:00:00")
        let zip = f.dir.file("photos.zip")
        let made = try Shell.run("python3", ["-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z: z.write(sys.argv[2], 'photos/p.jpg')
            with zipfile.ZipFile(sys.argv[3], 'w', zipfile.ZIP_DEFLATED) as z: z.write(sys.argv[2], '../p.jpg')
            """, zip, staging + "/p.jpg", f.dir.file("evil.zip")])
        #expect(made.status == 0, "\(made.stderr)")
        let report = try f.ledger.importSurveys(sheet: f.sheet([Self.row("Z-1", at: point, photo: "p.jpg")]), photos: .zip(zip), actor: "t")
        let photo = try #require(try f.ledger.attachments(of: EntityRef(.survey, report.surveyIDs[0])).first)
        let original = try #require(FileManager.default.contents(atPath: staging + "/p.jpg"))
        #expect(photo.sha256 == SHA256.hex([UInt8](original)))
        #expect(FileManager.default.contents(atPath: f.ledger.attachments.path(of: photo.sha256)) == original)
        #expect(photo.lat != nil)
        #expect(throws: LedgerError.self) {
            try f.ledger.importSurveys(sheet: f.sheet([Self.row("Z-2", at: point, photo: "p.jpg")], name: "e.csv"), photos: .zip(f.dir.file("evil.zip")), actor: "t")
        }
    }

    /// Points 12 m left of the 融江, 10 m apart, are candidates; a point 12 m right, facing
    /// the first across the water (24 m away), is not: opposite banks are different outfalls.
    @Test func duplicatesNeedTheSameRiverAndTheSameBank() throws {
        let f = try Fixture()
        let a = Self.bankPoint(left: 12), b = Self.bankPoint(left: 12, along: 10), c = Self.bankPoint(left: -12)
        let features = [("A", a), ("B", b), ("C", c)].map { name, p in
            #"{"type":"Feature","properties":{"name":"排口\#(name)","type":"urban_storm"},"geometry":{"type":"Point","coordinates":[\#(p.lon),\#(p.lat)]}}"#
        }
        let file = f.dir.write("o.geojson", #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}")
        _ = try f.ledger.registry.importLayer(ImportRequest(layer: .outfalls, path: file, actor: "t"))
        let ids = Dictionary(uniqueKeysWithValues: try f.ledger.registry.store.fetchAll(Outfall.self).map { ($0.name, $0.id ?? 0) })
        // A pending survey record 5 m downstream of B on the same bank pairs with B (and A at 15 m).
        _ = try f.ledger.importSurveys(sheet: f.sheet([Self.row("D-1", at: Self.bankPoint(left: 12, along: 15))]), photos: nil, actor: "t")

        let report = try f.ledger.duplicates(withinMetres: 30)
        func pair(_ x: DuplicateItem, _ y: DuplicateItem) -> DuplicatePair? {
            report.pairs.first { ($0.first == x && $0.second == y) || ($0.first == y && $0.second == x) }
        }
        let outA = DuplicateItem.outfall(id: ids["排口A"] ?? 0, name: "排口A"), outB = DuplicateItem.outfall(id: ids["排口B"] ?? 0, name: "排口B")
        let outC = DuplicateItem.outfall(id: ids["排口C"] ?? 0, name: "排口C")
        let ab = try #require(pair(outA, outB))
        #expect(ab.river == "融江" && ab.bank == "left" && abs(ab.distance - 10) < 0.5)
        #expect(pair(outA, outC) == nil && pair(outB, outC) == nil)
        #expect(Geodesic.cgcs2000.distance(a, c) < 30)
        #expect(report.pairs.contains { $0.first == outB || $0.second == outB ? ($0.first.label + $0.second.label).contains("D-1") : false })
        #expect(try f.ledger.duplicates(withinMetres: 4).pairs.isEmpty)

        // Merge B into A: B cancelled and pointing at A, both histories kept.
        try f.ledger.merge(keep: ids["排口A"] ?? 0, other: ids["排口B"] ?? 0, note: "同一排口重复登记", actor: "审核员")
        let fileB = try #require(try f.ledger.read { try $0.document(EntityRef(.outfall, ids["排口B"] ?? 0)) }.map { try OutfallFile.decode($0) })
        let fileA = try #require(try f.ledger.read { try $0.document(EntityRef(.outfall, ids["排口A"] ?? 0)) }.map { try OutfallFile.decode($0) })
        #expect(fileB.lifecycle == .cancelled && fileB.mergedInto == ids["排口A"] && fileA.mergedIDs == [ids["排口B"] ?? 0])
        #expect(try f.ledger.history(of: EntityRef(.outfall, ids["排口B"] ?? 0)).last?.related == [EntityRef(.outfall, ids["排口A"] ?? 0)])
        #expect(try f.ledger.history(of: EntityRef(.outfall, ids["排口A"] ?? 0)).last?.related == [EntityRef(.outfall, ids["排口B"] ?? 0)])
        #expect(try f.ledger.duplicates(withinMetres: 30).pairs.allSatisfy { $0.first != outB && $0.second != outB })
        #expect(throws: LedgerError.self) { try f.ledger.merge(keep: ids["排口A"] ?? 0, other: ids["排口B"] ?? 0, note: "again", actor: "t") }
    }

    @Test func theTemplateIsTheSheetTheImporterReads() throws {
        let csv = SurveySheetCSV.template()
        #expect(csv.hasPrefix("记录编号,任务来源/疑似编号,排污口名称,国家编码,经度,纬度,"))
        #expect(SurveySheet.headers.suffix(4) == ["近景1", "近景2", "标识牌", "远景"])
        #expect(SurveySheet.headers.count == SurveySheet.exampleRow.count)
        let f = try Fixture()
        // The example row as written is refused as the example, with its reason.
        let path = f.dir.write("t.csv", "\u{FEFF}" + csv)
        #expect {
            try f.ledger.importSurveys(sheet: path, photos: nil, actor: "t")
        } throws: { error in
            "\(error)".contains("示例行")
        }
    }

    /// docs/cli.md shows the columns exactly as the template and the importer use them.
    @Test func theDocumentationListsTheSheetsColumnsAsTheCodeDoes() throws {
        let docs = try String(contentsOfFile: Shell.repositoryRoot + "/docs/cli.md", encoding: .utf8)
        #expect(docs.contains(SurveySheet.markdownNotes), "regenerate with: outfalls survey template --notes")
    }

    /// If any step of an acceptance is refused, nothing of it is written: here the outfall's
    /// file is cancelled (merged away), so the lifecycle refuses after the feature was updated.
    @Test func aRefusedAcceptanceWritesNothingAtAll() throws {
        let f = try Fixture()
        let a = Self.bankPoint(left: 12), b = Self.bankPoint(left: 12, along: 200)
        let file = f.dir.write("o.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"甲","type":"urban_storm","national_code":"NC-1"},"geometry":{"type":"Point","coordinates":[\(a.lon),\(a.lat)]}},
            {"type":"Feature","properties":{"name":"乙","type":"urban_storm"},"geometry":{"type":"Point","coordinates":[\(b.lon),\(b.lat)]}}]}
            """)
        _ = try f.ledger.registry.importLayer(ImportRequest(layer: .outfalls, path: file, actor: "t"))
        let ids = Dictionary(uniqueKeysWithValues: try f.ledger.registry.store.fetchAll(Outfall.self).map { ($0.name, $0.id ?? 0) })
        try f.ledger.merge(keep: ids["乙"] ?? 0, other: ids["甲"] ?? 0, note: "重复", actor: "t")
        var row = Self.row("X-1", at: a)
        row["国家编码"] = "NC-1"
        let report = try f.ledger.importSurveys(sheet: f.sheet([row]), photos: nil, actor: "t")
        let id = report.surveyIDs[0]
        #expect(try f.ledger.survey(id).outfallID == ids["甲"])
        let historyBefore = try f.ledger.recentHistory(limit: 1000).count
        let digest = f.databaseDigest
        #expect {
            try f.ledger.review(survey: id, .accept, note: "ok", actor: "审核员")
        } throws: { error in
            guard let error = error as? LedgerError, case .illegalTransition = error else { return false }
            return error.isInputProblem
        }
        #expect(try f.ledger.survey(id).review == .pending)
        #expect(try f.ledger.registry.store.fetch(Outfall.self, id: ids["甲"] ?? 0)?.name == "甲")
        #expect(try f.ledger.recentHistory(limit: 1000).count == historyBefore)
        #expect(f.databaseDigest == digest)
    }

    /// An XLSX sheet (written by openpyxl, read through GDAL): numbers and a real date cell.
    @Test func anXLSXSheetImportsLikeTheCSV() throws {
        let f = try Fixture()
        let p = Self.bankPoint(left: 12)
        let path = f.dir.file("sheet.xlsx")
        let made = try Shell.run("python3", ["-c", """
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["记录编号", "排污口名称", "经度", "纬度", "排污口类型", "调查日期", "COD", "pH"])
            ws.append([101, "表格排口", float(sys.argv[2]), float(sys.argv[3]), "城镇雨洪排口", datetime.date(2024, 6, 25), 85, 7.2])
            ws.append(["102", "表格排口二", float(sys.argv[2]), float(sys.argv[3]), "其他排口", "2024-06-26", None, None])
            wb.save(sys.argv[1])
            """, path, String(p.lon), String(p.lat)])
        #expect(made.status == 0, "\(made.stderr)")
        let report = try f.ledger.importSurveys(sheet: path, photos: nil, actor: "t")
        #expect(report.surveyIDs.count == 2)
        let first = try f.ledger.survey(report.surveyIDs[0])
        #expect(first.recordNumber == "101" && first.surveyedOn == "2024-06-25" && first.quickTests.cod == 85 && first.outfallType == "urban_storm")
        #expect(try f.ledger.survey(report.surveyIDs[1]).surveyedOn == "2024-06-26")
    }

    @Test func suspectsFromKML() throws {
        let f = try Fixture()
        let p = Self.bankPoint(left: 30)
        let kml = f.dir.write("s.kml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
            <Placemark><name>无人机疑似点1</name><Point><coordinates>\(p.lon),\(p.lat)</coordinates></Point></Placemark>
            </Document></kml>
            """)
        let report = try f.ledger.importSuspects(file: kml, defaultSource: "无人机", actor: "t")
        let listed = try f.ledger.suspects()
        #expect(report.suspectIDs.count == 1 && listed[0].suspect.source == "无人机" && listed[0].suspect.description == "无人机疑似点1")
        #expect(listed[0].placement.river == "融江")
        // The same list again: every point carries no number, so nothing says it is a repeat — but a numbered list is refused the second time.
        let csv = f.dir.write("n.csv", "编号,经度,纬度\nN-1,\(p.lon),\(p.lat)\n")
        _ = try f.ledger.importSuspects(file: csv, actor: "t")
        #expect(throws: LedgerError.self) { try f.ledger.importSuspects(file: csv, actor: "t") }
    }

    static func pngHeader(_ width: UInt32, _ height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + be(width) + be(height) + [8, 2, 0, 0, 0, 0, 0, 0, 0]
    }
}
