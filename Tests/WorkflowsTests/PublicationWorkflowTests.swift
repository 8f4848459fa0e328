import Foundation
import JSON
import Registry
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// The public site's use cases on the sample registry: what is published follows the setting,
/// a person's name typed as the responsible party is never published, tips go through their
/// states into the abnormal set, and only a handler reads the tipster.
struct PublicationWorkflowTests {
    let scratch = TemporaryDirectory()

    func sampleLedger() throws -> Ledger {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return Ledger(registry: registry)
    }

    @Test func publishedFieldsFollowTheSettingAndTheTypedContactNeverShows() throws {
        let ledger = try sampleLedger()
        let first = try #require(try ledger.publicOutfalls().first)
        #expect(first.name != nil && first.typeLabel != nil && first.lon != nil && first.receivingWater != nil)
        #expect(first.responsibleUnit == "暂无法确定，正在溯源")  // no trace yet
        #expect(first.supervisionPhone == "（待公布）")
        #expect(first.approvals == [] && first.inspections == [])

        try ledger.updatePublicationSettings(actor: "bureau") { $0.supervisionPhone = "0772-7612345" }
        try ledger.setPublished(.location, false, actor: "bureau", reason: "test")
        let again = try #require(try ledger.publicOutfall(id: first.id))
        #expect(again.lon == nil && again.lat == nil && again.township == nil && again.feature == nil)
        #expect(again.supervisionPhone == "0772-7612345")
        let text = JSONWriter.compact(again.json)
        #expect(!text.contains("\"lon\"") && !text.contains("\"township\""))
        try ledger.setPublished(.location, true, actor: "bureau")
        #expect(try ledger.publicationSettings().fields == PublicField.allCases)
        #expect(try ledger.history(of: EntityRef(PublicationSettings.kind, 1)).count == 3)

        for field in PublicField.allCases { try ledger.setPublished(field, false, actor: "bureau") }
        let bare = try #require(try ledger.publicOutfall(id: first.id))
        #expect(bare == PublicOutfall(id: first.id, schematic: first.schematic))
    }

    @Test func theFilesNotesAndTypedContactStayInternalAndNonOutfallsAreNotPublished() throws {
        let ledger = try sampleLedger()
        let all = try ledger.publicOutfalls()
        let (kept, dropped, merged) = (all[0].id, all[1].id, all[2].id)
        try ledger.change(actor: "tester") { tx in
            try tx.save(OutfallFile(id: kept, lifecycle: .verified, enteredResponsible: "王五 13912345678", note: "内部备注：业主不配合"))
            try tx.save(OutfallFile(id: dropped, lifecycle: .notOutfall))
            try tx.save(OutfallFile(id: merged, lifecycle: .verified, mergedInto: kept))
        }
        let published = try ledger.publicOutfalls()
        #expect(published.count == all.count - 2)
        #expect(try ledger.publicOutfall(id: dropped) == nil && ledger.publicOutfall(id: merged) == nil)
        let text = JSONWriter.compact(.array(published.map(\.json)))
        for secret in ["王五", "13912345678", "内部备注"] { #expect(!text.contains(secret)) }
        #expect(try ledger.publicOutfall(id: kept)?.name == all[0].name)
    }

    @Test func aUnitWithoutACreditCodeIsNotNamed() {
        let party = ResponsibleParty(kind: .unit, party: "张三", unitIDs: [7], reason: "", basis: "")
        #expect(Ledger.publicUnit(party, units: [7: DischargingUnit(id: 7, name: "张三")]) == "（责任单位信息待核实）")
        #expect(Ledger.publicUnit(party, units: [7: DischargingUnit(id: 7, name: "柳城县某糖厂", creditCode: "91450222MA5XXXXXXX")]) == "柳城县某糖厂")
        let government = ResponsibleParty(kind: .government, party: "柳城县人民政府", unitIDs: [], reason: "", basis: "")
        #expect(Ledger.publicUnit(government, units: [:]) == "柳城县人民政府（兜底）")
    }

    @Test func aTipFromReceivedToConfirmedAddsAnAbnormalReasonAndOnlyAHandlerSeesTheTipster() throws {
        let ledger = try sampleLedger()
        let photo = scratch.file("tip.jpg")
        try TestPhotos.jpeg(at: photo, width: 800, height: 600, latitude: 24.62, longitude: 109.24, takenAt: "2026:11:30 10:00:00")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: photo)))
        let tip = try ledger.submitTip(TipSubmission(
            lon: 109.2393, lat: 24.6200, locationSource: "gps", description: "河边暗管排出黑水，有臭味", name: "李四", phone: "13800001111",
            address: "10.0.0.7", photos: [("IMG_0001.jpg", bytes)]))
        let id = try #require(tip.id)
        #expect(tip.state == .received && tip.trackingNumber.count == 12 && tip.nearestOutfallID != nil)
        #expect(tip.photos.count == 1 && tip.photos[0].lat.map { abs($0 - 24.62) < 1e-4 } == true && tip.photos[0].width == 800)
        #expect(ledger.attachments.contains(tip.photos[0].sha256))
        // The tip's document and its history hold nothing of the tipster.
        let stored = JSONWriter.compact(.object(try tip.document()))
        let history = try ledger.history(of: EntityRef(Tip.kind, id))
        #expect(history.first?.actor == "public")
        for text in [stored] + history.map({ "\($0.changes)" }) {
            #expect(!text.contains("李四") && !text.contains("13800001111") && !text.contains("10.0.0.7"))
        }
        #expect(throws: LedgerError.self) { try ledger.tipIdentity(of: id, for: .viewer) }
        #expect(throws: LedgerError.self) { try ledger.tipIdentity(of: id, for: .planner) }
        #expect(try ledger.tipIdentity(of: id, for: .handler)?.name == "李四")
        #expect(try ledger.tipIdentity(of: id, for: .admin)?.phone == "13800001111")

        let status = try #require(try ledger.publicTipStatus(trackingNumber: tip.trackingNumber.lowercased()))
        #expect(status.state == .received && status.answer == nil)
        #expect(throws: LedgerError.self) { try ledger.advanceTip(String(id), to: .verifying, actor: "planner1", role: .planner) }
        try ledger.advanceTip(String(id), to: .verifying, actor: "handler1", role: .handler)
        #expect(throws: LedgerError.self) { try ledger.advanceTip(String(id), to: .resolved, confirm: true, actor: "handler1", role: .handler) }
        let resolved = try ledger.advanceTip(String(id), to: .resolved, answer: "经现场核查属实，已责令整改", confirm: true, actor: "handler1", role: .handler)
        #expect(resolved.state == .resolved && resolved.outfallID == tip.nearestOutfallID && resolved.abnormalReasonID != nil)
        let nearest = try #require(tip.nearestOutfallID)
        let reasons = try #require(try ledger.manualAbnormalReasons()[nearest])
        #expect(reasons.contains { $0.source == .tip && $0.reason.contains(tip.trackingNumber) && !$0.reason.contains("李四") })
        #expect(try ledger.publicTipStatus(trackingNumber: tip.trackingNumber)?.answer == "经现场核查属实，已责令整改")
        #expect(throws: LedgerError.self) { try ledger.advanceTip(String(id), to: .verifying, actor: "handler1", role: .handler) }  // reopen needs a note
    }

    @Test func aTipIsRefusedOutsideTheCountyWithTooManyPhotosOrAPDF() throws {
        let ledger = try sampleLedger()
        #expect(throws: LedgerError.self) {
            try ledger.submitTip(TipSubmission(lon: 116.4, lat: 39.9, locationSource: "map", description: "x", address: "a"))
        }
        #expect(throws: LedgerError.self) {
            try ledger.submitTip(TipSubmission(lon: 109.24, lat: 24.62, locationSource: "map", description: String(repeating: "字", count: 2_001), address: "a"))
        }
        let pdf = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 32, count: 100)
        #expect(throws: LedgerError.self) {
            try ledger.submitTip(TipSubmission(lon: 109.24, lat: 24.62, locationSource: "map", description: "x", address: "a", photos: [("a.pdf", pdf)]))
        }
        let four = (0..<4).map { (fileName: "p\($0).png", bytes: [UInt8]([0x89, 0x50, 0x4E, 0x47])) }
        #expect(throws: LedgerError.self) {
            try ledger.submitTip(TipSubmission(lon: 109.24, lat: 24.62, locationSource: "map", description: "x", address: "a", photos: four))
        }
        // A JPEG libjpeg cannot decode, and a PNG claiming 100,000 × 100,000 pixels (a decompression bomb).
        let broken: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x41, count: 500)
        var bomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bomb += [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        for (photo, why) in [(broken, "照片 1"), (bomb, "100000×100000 像素")] {
            let error = #expect(throws: LedgerError.self) {
                try ledger.submitTip(TipSubmission(lon: 109.24, lat: 24.62, locationSource: "map", description: "x", address: "a", photos: [("p", photo)]))
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains(why), "\(String(describing: error))")
        }
        #expect(try ledger.tips().isEmpty)
        let staging = ledger.attachments.directory + "/.staging"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)
    }
}
