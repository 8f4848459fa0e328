import Foundation
import JSON
import Testing
import TestSupport

/// Source tracing end to end with the real binary on the sample registry: units, channels,
/// a trace, the responsible party, the chain and 借道 findings; bad files refused, DB unchanged.
struct TracingCLITests {
    let scratch = Scratch()

    static let units = """
        单位名称,统一社会信用代码,排污许可证编号,行业,地址,经度,纬度
        柳城糖厂,91350100M000100Y43,91350100M000100Y43001P,制糖,大埔镇,109.2350,24.6290
        某建材企业,91450222MA5K00000C,,建材,河西工业区,,

        """

    /// A channel ending `offsetLat` degrees north of sample outfall O-09 (柳城糖厂排污口, 109.2358092, 24.6282464).
    static func channels(offsetLat: Double, unit: String) -> String {
        """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"名称":"糖厂排水管","类型":"管道","排污单位":"\(unit)","排污口":"LC-450222-IE-00001"},
         "geometry":{"type":"LineString","coordinates":[[109.2340,24.6290],[109.2358092,\(24.6282464 + offsetLat)]]}}]}
        """
    }

    func json(_ arguments: [String]) throws -> JSONValue {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONParser().parse(result.stdout)
    }

    @Test func unitChannelTraceResponsibleChainShared() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let imported = try CLI.run(["unit", "import", scratch.write("units.csv", Self.units), "--db", db, "--user", "张三"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("新增 2 个排污单位"))
        let units = try json(["unit", "list", "--db", db, "--format", "json"])
        #expect(units.arrayValue?.compactMap { $0.objectValue?["credit_code"]?.stringValue } == ["91350100M000100Y43", "91450222MA5K00000C"])

        let channel = try CLI.run(["channel", "import", scratch.write("c.geojson", Self.channels(offsetLat: 0.0001, unit: "柳城糖厂")), "--db", db])
        #expect(channel.status == 0, "\(channel.stderr)")

        let undetermined = try json(["responsible", "liucheng-sample:O-09", "--db", db, "--format", "json"])
        #expect(undetermined.objectValue?["kind"]?.stringValue == "undetermined")

        let trace = try CLI.run([
            "trace", "liucheng-sample:O-09", "--method", "manual", "--unit", "91350100M000100Y43", "--unit", "某建材企业",
            "--main", "柳城糖厂", "--result", "many_sources", "--on", "2024-06-20", "--node", "检查井 J1", "--db", db, "--user", "李四",
        ])
        #expect(trace.status == 0, "\(trace.stderr)")
        let party = try json(["responsible", "liucheng-sample:O-09", "--db", db, "--format", "json"])
        let object = try #require(party.objectValue)
        #expect(object["kind"]?.stringValue == "shared_main")
        #expect(object["party"]?.stringValue == "柳城糖厂")
        #expect(object["basis"]?.stringValue?.contains("排污许可管理条例") == true)
        #expect(object["reason"]?.stringValue?.contains("某建材企业") == true)

        let chain = try json(["chain", "liucheng-sample:O-09", "--db", db, "--format", "json"])
        #expect(chain.objectValue?["receiving_water"]?.objectValue?["river"]?.stringValue == "融江")
        #expect(chain.objectValue?["channels"]?.arrayValue?.count == 1)
        #expect(chain.objectValue?["units"]?.arrayValue?.count == 2)
        let back = try json(["chain", "--unit", "某建材企业", "--db", db, "--format", "json"])
        #expect(back.objectValue?["outfalls"]?.arrayValue?.first?.objectValue?["key"]?.stringValue == "liucheng-sample:O-09")

        // Neither permit lists O-09: unrecorded sharing, both units named, with the trace as evidence.
        let shared = try json(["shared", "--db", db, "--format", "json"])
        let finding = try #require(shared.arrayValue?.first?.objectValue)
        #expect(shared.arrayValue?.count == 1)
        #expect(finding["rule"]?.stringValue == "unrecorded_sharing")
        #expect(finding["units"]?.arrayValue?.count == 2)
        #expect(finding["trace_id"]?.doubleValue == 1)

        let traces = try json(["trace", "list", "liucheng-sample:O-09", "--db", db, "--format", "json"])
        #expect(traces.arrayValue?.first?.objectValue?["traced_on"]?.stringValue == "2024-06-20")
        #expect(traces.arrayValue?.first?.objectValue?["nodes"]?.arrayValue == ["检查井 J1"])
    }

    @Test func malformedUnitAndChannelFilesAreRefusedAndTheDatabaseIsUnchanged() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        #expect(try CLI.run(["unit", "import", scratch.write("ok.csv", Self.units), "--db", db]).status == 0)
        let before = scratch.bytes("o.sqlite")

        let badUnits = scratch.write("bad.csv", """
            单位名称,统一社会信用代码
            甲厂,91350100M000100Y4O
            乙厂,91350100M000100Y44

            """)
        let units = try CLI.run(["unit", "import", badUnits, "--db", db])
        #expect(units.status == 1)
        #expect(units.stderr.contains("第 2 行") && units.stderr.contains("第 3 行") && units.stderr.contains("校验码应为 3"))

        let far = try CLI.run(["channel", "import", scratch.write("far.geojson", Self.channels(offsetLat: 0.001, unit: "柳城糖厂")), "--db", db])
        #expect(far.status == 1)
        #expect(far.stderr.contains("第 1 个要素") && far.stderr.contains("超过容差"))
        let unknownUnit = try CLI.run(["channel", "import", scratch.write("who.geojson", Self.channels(offsetLat: 0, unit: "不存在的厂")), "--db", db])
        #expect(unknownUnit.status == 1)
        let broken = try CLI.run(["channel", "import", scratch.write("broken.geojson", "{\"type\":\"FeatureCollection\",\"features\":["), "--db", db])
        #expect(broken.status == 1)
        let wrongResult = try CLI.run(["trace", "liucheng-sample:O-09", "--method", "manual", "--result", "one_source", "--db", db])
        #expect(wrongResult.status == 1)
        #expect(wrongResult.stderr.contains("恰好列出 1 个排污单位"))

        #expect(scratch.bytes("o.sqlite") == before)
        #expect(try json(["channel", "list", "--db", db, "--format", "json"]).arrayValue?.isEmpty == true)
    }
}
