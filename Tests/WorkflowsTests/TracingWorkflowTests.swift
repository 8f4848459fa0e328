import Foundation
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision
import Testing
import TestSupport
@testable import Workflows

/// Units, channels and traces through the real SQLite store on the bundled sample registry.
struct TracingWorkflowTests {
    let scratch = TemporaryDirectory()

    func sampleLedger() throws -> Ledger {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        return Ledger(registry: registry)
    }

    /// The sample outfall with this id in its file (O-09 柳城糖厂排污口 …).
    func outfall(_ ledger: Ledger, _ sampleID: String) throws -> Outfall {
        try #require(try ledger.registry.store.fetchAll(Outfall.self).first { $0.key.hasSuffix(":" + sampleID) })
    }

    static let header = "单位名称,统一社会信用代码,排污许可证编号,行业,地址,经度,纬度\n"

    // MARK: Units

    @Test func unitImportIsAllOrNothingAndNamesEveryBadRow() throws {
        let ledger = try sampleLedger()
        let file = scratch.write("units.csv", Self.header + """
            柳城糖厂,91350100M000100Y43,91350100M000100Y43001P,制糖,大埔镇,109.236,24.629
            乙纸业,91350100M000100Y44,,造纸,,,
            丙厂,,,,,109.2,
            """)
        #expect {
            try ledger.importUnits(path: file, actor: "张三")
        } throws: { error in
            let text = "\(error)"
            return text.contains("第 3 行") && text.contains("校验码应为 3") && text.contains("第 4 行") && text.contains("未写入任何数据")
                && !text.contains("第 2 行")
        }
        #expect(try ledger.units().isEmpty)
        #expect(try ledger.recentHistory(kind: .unit).isEmpty)
    }

    @Test func gbkSheetImportsAndAReimportUpdatesByCreditCode() throws {
        let ledger = try sampleLedger()
        // Self.header + "柳城糖厂,91350100M000100Y43,P-1,制糖,大埔镇,109.236,24.629\n某建材企业,,,,,,\n" in GBK (Python's codec).
        let hex = "b5a5cebbc3fbb3c62ccdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2cc5c5cedbd0edbfc9d6a4b1e0bac52cd0d0d2b52cb5d8d6b72cbeadb6c82cceb3b6c80ac1f8b3c7ccc7b3a72c39313335303130304d3030303130305934332c502d312cd6c6ccc72cb4f3c6d2d5f22c3130392e3233362c32342e3632390ac4b3bda8b2c4c6f3d2b52c2c2c2c2c2c0a"
        var gbk: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            gbk.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        #expect(String(validating: gbk, as: UTF8.self) == nil)
        let path = scratch.file("units-gbk.csv")
        try Data(gbk).write(to: URL(fileURLWithPath: path))
        let first = try ledger.importUnits(path: path, actor: "张三")
        #expect(first.created.count == 2)
        let units = try ledger.units()
        #expect(units.map(\.name) == ["柳城糖厂", "某建材企业"])
        #expect(units[0].creditCode == "91350100M000100Y43" && units[0].lon == 109.236)

        let again = scratch.write("units2.csv", Self.header + "柳城糖厂（更名）,91350100M000100Y43,P-1,制糖,大埔镇,109.236,24.629\n某建材企业,,,,,,\n")
        let second = try ledger.importUnits(path: again, actor: "李四")
        #expect(second.created.isEmpty && second.updated == [units[0].id ?? 0] && second.unchanged == [units[1].id ?? 0])
        let events = try ledger.history(of: EntityRef(.unit, units[0].id ?? 0))
        #expect(events.map(\.action) == ["import.create", "import.update"])
        #expect(events[1].changes == [FieldChange(field: "name", before: "柳城糖厂", after: "柳城糖厂（更名）")])
    }

    @Test func editingAUnitIsRecordedAndABadCodeIsRefused() throws {
        let ledger = try sampleLedger()
        _ = try ledger.importUnits(path: scratch.write("u.csv", Self.header + "甲厂,,,,,,\n"), actor: "张三")
        let (unit, changes) = try ledger.editUnit("甲厂", UnitEdit(creditCode: "91450222MA5K00000C", industry: "制糖"), reason: "核对营业执照", actor: "李四")
        #expect(unit.creditCode == "91450222MA5K00000C")
        #expect(Set(changes.map(\.field)) == ["creditCode", "industry"])
        #expect(try ledger.history(of: EntityRef(.unit, unit.id ?? 0)).last?.reason == "核对营业执照")
        #expect(throws: LedgerError.self) { try ledger.editUnit("甲厂", UnitEdit(creditCode: "91450222MA5K00000D"), reason: nil, actor: "李四") }
        #expect(try ledger.unit(matching: "91450222MA5K00000C").industry == "制糖")
    }

    // MARK: Channels

    static func channelFile(_ features: [(name: String, outfall: String?, unit: String?, line: [[Double]])]) -> String {
        let items = features.map { f -> String in
            var properties = ["\"名称\":\"\(f.name)\"", "\"类型\":\"管道\""]
            if let o = f.outfall { properties.append("\"排污口\":\"\(o)\"") }
            if let u = f.unit { properties.append("\"排污单位\":\"\(u)\"") }
            let coordinates = f.line.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",")
            return "{\"type\":\"Feature\",\"properties\":{\(properties.joined(separator: ","))},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[\(coordinates)]}}"
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\(items.joined(separator: ","))]}"
    }

    @Test func aChannelMustEndWithinTheToleranceOfItsOutfall() throws {
        let ledger = try sampleLedger()
        _ = try ledger.importUnits(path: scratch.write("u.csv", Self.header + "柳城糖厂,91350100M000100Y43,,,,,\n"), actor: "张三")
        let o9 = try outfall(ledger, "O-09")
        let (lon, lat) = (o9.location.lon, o9.location.lat)
        // 0.0001° of latitude is about 11 m, 0.0004° about 44 m: inside and outside 30 m.
        let near = [[lon - 0.003, lat + 0.002], [lon, lat + 0.0001]]
        let far = [[lon - 0.003, lat + 0.002], [lon, lat + 0.0004]]
        let bad = scratch.write("bad.geojson", Self.channelFile([
            ("一号管", o9.key, "柳城糖厂", near), ("二号管", o9.key, "柳城糖厂", far),
        ]))
        #expect {
            try ledger.importChannels(path: bad, actor: "张三")
        } throws: { error in
            let text = "\(error)"
            return text.contains("第 2 个要素") && text.contains("超过容差 30 米") && !text.contains("第 1 个要素")
        }
        #expect(try ledger.channels().isEmpty)

        // A wider tolerance (a county setting, itself in the history) lets the same file in.
        try ledger.updateTracingSettings(government: nil, channelEndToleranceM: 60, actor: "管理员")
        let report = try ledger.importChannels(path: bad, actor: "张三")
        #expect(report.created.count == 2)
        #expect(try ledger.channels().allSatisfy { $0.outfallID == o9.id && $0.unitID != nil })
        #expect(try ledger.history(of: EntityRef(TracingSettings.kind, 1)).count == 1)
    }

    @Test func withoutANamedOutfallTheNearestWithinToleranceIsTakenOrTheFeatureRefused() throws {
        let ledger = try sampleLedger()
        let o9 = try outfall(ledger, "O-09")
        let (lon, lat) = (o9.location.lon, o9.location.lat)
        let good = scratch.write("nearest.geojson", Self.channelFile([("暗管", nil, nil, [[lon - 0.002, lat], [lon - 0.0001, lat]])]))
        let report = try ledger.importChannels(path: good, actor: "张三")
        let channel = try #require(try ledger.channels().first)
        #expect(channel.outfallID == o9.id)
        #expect(channel.flags.count == 2 && report.notices.count == 2)

        let nowhere = scratch.write("nowhere.geojson", Self.channelFile([("野管", nil, nil, [[109.30, 24.60], [109.301, 24.601]])]))
        #expect { try ledger.importChannels(path: nowhere, actor: "张三") } throws: { "\($0)".contains("第 1 个要素") && "\($0)".contains("没有排污口") }
        #expect(try ledger.channels().count == 1)
    }

    // MARK: Traces

    @Test func aTraceMustAgreeWithItsResultAndIsRecordedWithEvents() throws {
        let ledger = try sampleLedger()
        _ = try ledger.importUnits(path: scratch.write("u.csv", Self.header + "甲厂,91350100M000100Y43,,,,,\n乙厂,,,,,,\n"), actor: "张三")
        let o9 = try outfall(ledger, "O-09")
        #expect(throws: LedgerError.self) {
            try ledger.recordTrace(TraceRequest(outfall: o9.key, method: .manual, units: ["甲厂", "乙厂"], result: .oneSource), actor: "张三")
        }
        #expect(throws: LedgerError.self) {
            try ledger.recordTrace(TraceRequest(outfall: o9.key, method: .manual, units: ["甲厂", "乙厂"], result: .manySources), actor: "张三")
        }
        #expect(try ledger.traces().isEmpty)
        #expect(try ledger.responsibleParty(of: o9.key).party.kind == .undetermined)

        let trace = try ledger.recordTrace(
            TraceRequest(outfall: String(o9.id ?? 0), method: .manual, units: ["甲厂", "乙厂"], main: "乙厂", result: .manySources, on: "2024-06-20"),
            actor: "张三")
        #expect(trace.tracedOn == "2024-06-20" && trace.mainUnitID != nil)
        let events = try ledger.history(of: EntityRef(.trace, trace.id ?? 0))
        #expect(events.map(\.action) == ["create"])
        #expect(events[0].at.hasPrefix("2024-06-20"))
        #expect(events[0].related.contains(EntityRef(.outfall, o9.id ?? 0)))
        #expect(try ledger.history(of: EntityRef(.outfall, o9.id ?? 0)).map(\.action) == ["trace.record"])

        let report = try ledger.responsibleParty(of: o9.key)
        #expect(report.party.kind == .sharedMain && report.party.party == "乙厂")
        // The sample layer says 柳城糖厂: a hand-entered party that disagrees is flagged.
        #expect(report.disagrees)
    }

    @Test func evidenceIsStoredByDigestAndABadFileRefusesTheWholeTrace() throws {
        let ledger = try sampleLedger()
        let o10 = try outfall(ledger, "O-10")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)
        let photo = scratch.file("photo.png")
        try Data(png).write(to: URL(fileURLWithPath: photo))
        let text = scratch.write("notes.txt", "not a photo at all")

        #expect(throws: LedgerError.self) {
            try ledger.recordTrace(
                TraceRequest(outfall: o10.key, method: .manual, evidence: [photo, text], result: .undetermined, sewageFound: true), actor: "张三")
        }
        #expect(try ledger.traces().isEmpty)
        let staging = ledger.attachments.directory + "/.staging"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty)

        let trace = try ledger.recordTrace(
            TraceRequest(outfall: o10.key, method: .manual, evidence: [photo, photo], result: .undetermined, sewageFound: true), actor: "张三")
        #expect(trace.evidence.count == 1)
        let digest = try #require(trace.evidence.first)
        #expect(ledger.attachments.contains(digest))
        let records = try ledger.read { try $0.documents(.attachment) }.map { try AttachmentRecord.decode($0) }
        #expect(records.map(\.owner) == [EntityRef(.trace, trace.id ?? 0)])

        // O-10 is a storm outlet (工矿企业雨洪排口) with sewage found: 借道 evidence.
        let shared = try ledger.sharedDischarge()
        #expect(shared.findings.map(\.rule) == [.sewageInStormOutlet])
        #expect(shared.findings.first?.traceID == trace.id)
        // No unit after tracing: the government by the county setting.
        let party = try ledger.responsibleParty(of: o10.key).party
        #expect(party.kind == .government && party.party == "柳城县人民政府")
    }

    @Test func theChainGoesFromRiverToUnitAndBack() throws {
        let ledger = try sampleLedger()
        _ = try ledger.importUnits(path: scratch.write("u.csv", Self.header + "柳城糖厂,91350100M000100Y43,,,,,\n"), actor: "张三")
        let o9 = try outfall(ledger, "O-09")
        let line = [[o9.location.lon - 0.002, o9.location.lat], [o9.location.lon, o9.location.lat]]
        _ = try ledger.importChannels(path: scratch.write("c.geojson", Self.channelFile([("排水管", o9.key, "柳城糖厂", line)])), actor: "张三")
        _ = try ledger.recordTrace(TraceRequest(outfall: o9.key, method: .records, units: ["91350100M000100Y43"], result: .oneSource), actor: "张三")

        let chain = try ledger.chain(outfall: o9.key)
        #expect(chain.snap?.river == "融江")
        #expect(chain.channels.map(\.name) == ["排水管"])
        #expect(chain.units.map(\.name) == ["柳城糖厂"])
        #expect(chain.responsible.party.kind == .unit && !chain.responsible.disagrees)

        let back = try ledger.chain(unit: "柳城糖厂")
        #expect(back.links.map(\.outfall.id) == [o9.id])
        #expect(back.links.first?.snap?.river == "融江")
        #expect(back.links.first?.channelIDs.count == 1 && back.links.first?.traceIDs.count == 1)
    }

    @Test func aTraceDateMustBeADateAndNotInTheFuture() throws {
        let ledger = try sampleLedger()
        let o9 = try outfall(ledger, "O-09")
        for on in ["昨天", "2024-02-30", "2999-01-01"] {
            #expect(throws: LedgerError.self, "\(on)") {
                try ledger.recordTrace(TraceRequest(outfall: o9.key, method: .records, result: .undetermined, on: on), actor: "张三")
            }
        }
        #expect(try ledger.traces().isEmpty)
    }

    @Test func outfallsAndUnitsAreFoundByEveryNamePeopleUse() throws {
        let ledger = try sampleLedger()
        let o9 = try outfall(ledger, "O-09")
        for text in [o9.key, o9.localCode ?? "", String(o9.id ?? 0), "#\(o9.id ?? 0)"] {
            #expect(try ledger.traces(of: text).0.id == o9.id, "\(text)")
        }
        #expect(throws: LedgerError.self) { try ledger.traces(of: "没有这个口") }
        _ = try ledger.importUnits(path: scratch.write("u.csv", Self.header + "甲厂,91350100M000100Y43,,,,,\n甲厂,91450222MA5K00000C,,,,,\n"), actor: "张三")
        // Two units share a name: the name is refused as ambiguous, the codes and ids work.
        #expect { try ledger.unit(matching: "甲厂") } throws: { "\($0)".contains("同名") }
        #expect(try ledger.unit(matching: "91450222ma5k00000c").id == 2)
        #expect(try ledger.unit(matching: "#1").creditCode == "91350100M000100Y43")
    }

    @Test func aSheetWithCodesCompletesUnitsImportedWithoutThem() throws {
        let ledger = try sampleLedger()
        _ = try ledger.importUnits(path: scratch.write("a.csv", Self.header + "甲厂,,,,,,\n乙厂,,,,,,\n"), actor: "张三")
        let report = try ledger.importUnits(
            path: scratch.write("b.csv", Self.header + "甲厂,91350100M000100Y43,,,,,\n乙厂,,,造纸,,,\n丙厂,,,,,,\n"), actor: "张三")
        #expect(report.updated == [1, 2] && report.created == [3])
        #expect(try ledger.units().map(\.creditCode) == ["91350100M000100Y43", nil, nil])
        #expect(try ledger.history(of: EntityRef(.unit, 1)).last?.changes == [FieldChange(field: "creditCode", before: nil, after: "91350100M000100Y43")])
    }
}
