import Foundation
import JSON
import TestSupport
import Testing

/// Samples imported and judged through the real binary on the bundled sample registry.
struct MonitoringCLITests {
    let scratch = Scratch()

    func sampleRegistry() throws -> String {
        let db = scratch.file("o.sqlite")
        let created = try CLI.run(["init", "--sample", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        return db
    }

    @Test func malformedSampleFileIsRefusedWithRowNumbersAndWritesNothing() throws {
        let db = try sampleRegistry()
        let before = scratch.bytes("o.sqlite")
        let bad = scratch.write(
            "bad.csv",
            """
            监测点,采样时间,指标,数值,单位,样品类型,检测单位
            O-01,2024-06-25 08:00,化学需氧量,75,mg/L,混合样,县监测站
            O-01,2024-06-25 08:00,流量,12,mg/L,混合样,县监测站
            O-99,2024-06-25 08:00,氨氮,1,mg/L,混合样,县监测站
            O-01,昨天,总磷,1,mg/L,混合样,县监测站
            O-01,2024-06-25 08:00,铅,1,mg/L,混合样,县监测站
            O-01,2024-06-25 08:00,氨氮,abc,mg/L,混合样,县监测站
            O-01,2024-06-25 08:00,总氮,1,mg/L,随便,县监测站
            """)
        let result = try CLI.run(["samples", "import", bad, "--db", db])
        #expect(result.status == 1, "\(result.stdout)")
        for row in 3...8 { #expect(result.stderr.contains("第 \(row) 行"), "row \(row): \(result.stderr)") }
        #expect(!result.stderr.contains("第 2 行"))
        #expect(result.stderr.contains("不做换算"))
        #expect(result.stderr.contains("未导入任何数据"))
        #expect(scratch.bytes("o.sqlite") == before)
        let listed = try CLI.run(["samples", "list", "--db", db, "--format", "json"])
        let count = try JSONParser().parse(listed.stdout).arrayValue?.count
        #expect(listed.status == 0 && count == 0)
    }

    @Test func missingColumnsAreNamed() throws {
        let db = try sampleRegistry()
        let bad = scratch.write("cols.csv", "监测点,指标,数值\nO-01,COD,50\n")
        let result = try CLI.run(["samples", "import", bad, "--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("缺少列") && result.stderr.contains("sampled_at") && result.stderr.contains("unit"))
    }

    @Test func importedSamplesAreJudgedAgainstTheDerivedStandard() throws {
        let db = try sampleRegistry()
        let file = scratch.write(
            "ok.csv",
            """
            point,sampled_at,parameter,value,unit,kind,lab
            O-01,2024-06-25 08:00,COD,70,mg/L,composite,县监测站
            O-01,2024-06-25 16:00,COD,80,mg/L,composite,县监测站
            O-01,2024-06-25 08:00,TP,<0.05,mg/L,composite,县监测站
            O-01,2024-06-25 08:00,flow,100,L/s,composite,县监测站
            """)
        let imported = try CLI.run(["samples", "import", file, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let samples = try JSONParser().parse(try CLI.run(["samples", "list", "--point", "O-01", "--db", db, "--format", "json"]).stdout)
        #expect(samples.arrayValue?.count == 4)
        #expect(samples.arrayValue?.first { $0.objectValue?["parameter"]?.stringValue == "flow" }?.objectValue?["value"]?.doubleValue == 8640)
        // The same file again is refused: nothing is imported twice.
        #expect(try CLI.run(["samples", "import", file, "--db", db]).status == 1)

        let result = try CLI.run(["assess", "--outfall", "O-01", "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let a = try #require(try JSONParser().parse(result.stdout).objectValue)
        #expect(a["standard"]?.stringValue == "GB 18918-2002")
        let grade = try #require(a["grade"]?.stringValue)
        let receiving = try #require(a["receiving_class"]?.stringValue)
        #expect((receiving == "III" && grade == "1B") || (receiving == "II" && grade != "1B"), "\(receiving) \(grade)")
        let judgements = (a["judgements"]?.arrayValue ?? []).compactMap { $0.objectValue }
        let cod = try #require(judgements.first { $0["parameter"]?.stringValue == "COD" })
        #expect(cod["value"]?.doubleValue == 75 && cod["sample_count"]?.doubleValue == 2)
        if grade == "1B" {
            #expect(cod["limit"]?.doubleValue == 60 && cod["exceeds"]?.boolValue == true && cod["exceedance_multiple"]?.doubleValue == 0.25)
        }
        #expect(cod["basis"]?.stringValue?.contains("日均值") == true)
        let tp = try #require(judgements.first { $0["parameter"]?.stringValue == "TP" })
        // Build date unknown: <0.05 is under both TP rows, so it is within.
        #expect(tp["exceeds"]?.boolValue == false)
        #expect(!judgements.contains { $0["parameter"]?.stringValue == "flow" })
    }

    @Test func aSugarMillCannotBeJudgedUntilTheCountyFillsInGB21909() throws {
        let db = try sampleRegistry()
        let set = try CLI.run(["standards", "set", "--outfall", "O-09", "--industry", "制糖", "--db", db])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("GB 21909-2008"))
        let file = scratch.write("mill.csv", "point,sampled_at,parameter,value,unit,kind\nO-09,2024-01-10,COD,900,mg/L,spot\n")
        #expect(try CLI.run(["samples", "import", file, "--db", db]).status == 0)
        let a = try JSONParser().parse(try CLI.run(["assess", "--outfall", "O-09", "--db", db, "--format", "json"]).stdout).objectValue
        let j = try #require(a?["judgements"]?.arrayValue?.first?.objectValue)
        #expect(j["standard"]?.stringValue == "GB 21909-2008")
        #expect(j["exceeds"] == .null && j["verdict"]?.stringValue == "cannot_judge")
    }

    @Test func aSectionIsClassedAndComparedWithItsTarget() throws {
        let db = try sampleRegistry()
        let file = scratch.write(
            "section.csv",
            """
            监测点,采样时间,指标,数值,单位,样品类型
            凤山糖厂断面（示意位置）,2024-06-25 10:00,溶解氧,5.5,mg/L,瞬时样
            凤山糖厂断面（示意位置）,2024-06-25 10:00,氨氮,1.2,mg/L,瞬时样
            凤山糖厂断面（示意位置）,2024-06-25 10:00,总磷,150,μg/L,瞬时样
            """)
        let imported = try CLI.run(["samples", "import", file, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let result = try CLI.run(["assess", "--section", "凤山糖厂断面（示意位置）", "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try #require(try JSONParser().parse(result.stdout).objectValue)
        #expect(r["class"]?.stringValue == "IV")
        if r["target_class"]?.stringValue == "III" { #expect(r["attains"]?.boolValue == false) }
    }

    @Test func standardsListShowsSourcesAndUnconfirmedMarks() throws {
        let db = try sampleRegistry()
        let text = try CLI.run(["standards", "list", "--db", db])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("GB 18918-2002") && text.stdout.contains("〔待核实〕"))
        let json = try JSONParser().parse(try CLI.run(["standards", "list", "--db", db, "--format", "json"]).stdout)
        #expect(json.objectValue?["standards"]?.arrayValue?.count == 5)
        let bad = scratch.write("bad-standards.json", #"{"title":"t","version":"1","standards":[]}"#)
        let refused = try CLI.run(["standards", "import", bad, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("至少要有一项标准"))
    }
}

/// Abnormal outfalls on the sample registry: exceedance, dry-weather discharge, siting.
struct AbnormalCLITests {
    let scratch = Scratch()

    @Test func abnormalListsEachOutfallWithItsReasons() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let rain = scratch.write(
            "rain.csv",
            """
            日期,降雨量,站点
            2024-03-01,15.2,县城站
            2024-03-02,0,县城站
            2024-03-03,0,县城站
            2024-03-04,0,县城站
            2024-03-05,0,县城站
            """)
        let rained = try CLI.run(["rain", "import", rain, "--db", db])
        #expect(rained.status == 0, "\(rained.stderr)")
        let samples = scratch.write(
            "s.csv",
            """
            point,sampled_at,parameter,value,unit,kind
            O-02,2024-03-05 09:00,flow,3,L/s,spot
            O-03,2024-03-02 09:00,flow,3,L/s,spot
            O-01,2024-03-05 09:00,COD,75,mg/L,composite
            """)
        #expect(try CLI.run(["samples", "import", samples, "--db", db]).status == 0)
        let result = try CLI.run(["abnormal", "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try JSONParser().parse(result.stdout).objectValue?["outfalls"]?.arrayValue?.compactMap(\.objectValue) ?? []
        func reasons(_ suffix: String) -> [String] {
            list.first { $0["key"]?.stringValue?.hasSuffix(suffix) == true }?["reasons"]?.arrayValue?.compactMap {
                $0.objectValue?["kind"]?.stringValue
            } ?? []
        }
        #expect(reasons(":O-02") == ["dry_weather_discharge"])
        // Flow the day after 15 mm of rain is not dry-weather discharge.
        #expect(reasons(":O-03").isEmpty)
        #expect(reasons(":O-01").contains("exceedance"))
        // O-30 was drawn inside the level-1 drinking-water zone.
        #expect(reasons(":O-30").contains("prohibited_siting"))

        let badRain = scratch.write("bad-rain.csv", "日期,降雨量\n2024-13-01,1\n2024-03-09,-2\n")
        let refused = try CLI.run(["rain", "import", badRain, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("第 2 行") && refused.stderr.contains("第 3 行"))
    }
}

/// Samples from an Excel workbook written by openpyxl, as county staff send them.
struct SampleWorkbookCLITests {
    let scratch = Scratch()

    @Test func xlsxSamplesImportWithChineseHeadersAndTextValues() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let book = scratch.file("samples.xlsx")
        let script = """
            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["监测点", "采样时间", "指标", "数值", "单位", "样品类型", "检测单位"])
            ws.append(["O-01", "2024-06-25 08:00", "氨氮", "<0.05", "mg/L", "混合样", "县监测站"])
            ws.append(["O-01", "2024-06-25 08:00", "化学需氧量", 75, "mg/L", "混合样", "县监测站"])
            wb.save(sys.argv[1])
            """
        let made = try Shell.run("/usr/bin/env", ["python3", "-c", script, book])
        #expect(made.status == 0, "\(made.stderr)")
        let imported = try CLI.run(["samples", "import", book, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let list = try JSONParser().parse(try CLI.run(["samples", "list", "--db", db, "--format", "json"]).stdout).arrayValue ?? []
        let values = list.compactMap { $0.objectValue }.map { ($0["parameter"]?.stringValue ?? "", $0["display"]?.stringValue ?? "") }
        #expect(values.contains { $0 == ("NH3-N", "<0.05") } && values.contains { $0 == ("COD", "75") })
    }
}

/// A person confirms or dismisses each abnormal reason; the decision shows in the list and
/// an outfall whose reasons are all dismissed no longer counts.
struct AbnormalReviewCLITests {
    let scratch = Scratch()

    @Test func dismissingEveryReasonTakesTheOutfallOffTheCount() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let file = scratch.write("s.csv", "point,sampled_at,parameter,value,unit,kind\nO-01,2024-03-05 09:00,COD,75,mg/L,composite\n")
        #expect(try CLI.run(["samples", "import", file, "--db", db]).status == 0)
        func count() throws -> Double? {
            try JSONParser().parse(try CLI.run(["abnormal", "--db", db, "--format", "json"]).stdout).objectValue?["count"]?.doubleValue
        }
        let before = try #require(try count())
        let noNote = try CLI.run(["abnormal", "mark", "O-01", "--reason", "exceedance:2024-03-05:COD", "--dismiss", "--db", db])
        #expect(noNote.status == 1 && noNote.stderr.contains("--note"))
        let unknown = try CLI.run(["abnormal", "mark", "O-01", "--reason", "exceedance:2024-03-06:COD", "--confirm", "--db", db])
        #expect(unknown.status == 1 && unknown.stderr.contains("exceedance:2024-03-05:COD"))
        let dismissed = try CLI.run([
            "abnormal", "mark", "O-01", "--reason", "exceedance:2024-03-05:COD", "--dismiss", "--note", "采样瓶污染，复测达标", "--db", db, "--user", "张三",
        ])
        #expect(dismissed.status == 0, "\(dismissed.stderr)")
        #expect(try count() == before - 1)
        let again = try CLI.run(["abnormal", "mark", "O-01", "--reason", "exceedance:2024-03-05:COD", "--dismiss", "--note", "x", "--db", db])
        #expect(again.status == 1)
        let list = try JSONParser().parse(try CLI.run(["abnormal", "--db", db, "--format", "json"]).stdout)
        let o1 = list.objectValue?["outfalls"]?.arrayValue?.compactMap(\.objectValue).first { $0["key"]?.stringValue?.hasSuffix(":O-01") == true }
        let reason = o1?["reasons"]?.arrayValue?.first?.objectValue
        #expect(reason?["review"]?.stringValue == "dismissed" && reason?["reviewed_by"]?.stringValue == "张三")
        #expect(o1?["abnormal"]?.boolValue == false)
    }
}

/// A tenfold step is a suspected device fault, told apart from an exceedance until a person
/// marks the alarm real or a fault.
struct AlarmsCLITests {
    let scratch = Scratch()

    @Test func aStepIsASuspectedFaultUntilMarked() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        var csv = "point,sampled_at,parameter,value,unit,kind\n"
        for (i, v) in ["40", "42", "38", "41", "39", "400"].enumerated() { csv += "O-01,2024-06-2\(i) 08:00,COD,\(v),mg/L,composite\n" }
        #expect(try CLI.run(["samples", "import", scratch.write("s.csv", csv), "--db", db]).status == 0)

        let alarms = try JSONParser().parse(try CLI.run(["alarms", "--db", db, "--format", "json"]).stdout).arrayValue ?? []
        let alarm = try #require(alarms.first?.objectValue)
        #expect(alarms.count == 1 && alarm["kind"]?.stringValue == "step")
        let id = try #require(alarm["id"]?.stringValue)

        func o1() throws -> JSONObject? {
            let list = try JSONParser().parse(try CLI.run(["abnormal", "--db", db, "--format", "json"]).stdout)
            return list.objectValue?["outfalls"]?.arrayValue?.compactMap(\.objectValue).first { $0["key"]?.stringValue?.hasSuffix(":O-01") == true }
        }
        #expect(try o1()?["reasons"]?.arrayValue?.first?.objectValue?["kind"]?.stringValue == "suspected_device_fault")
        #expect(try o1()?["abnormal"]?.boolValue == false)

        #expect(try CLI.run(["alarms", "mark", "O-01", id, "--real", "--db", db]).status == 1)  // a note is required
        #expect(try CLI.run(["alarms", "mark", "O-01", id, "--real", "--note", "现场核实排放异常", "--db", db]).status == 0)
        #expect(try o1()?["reasons"]?.arrayValue?.first?.objectValue?["kind"]?.stringValue == "exceedance")
        #expect(try o1()?["abnormal"]?.boolValue == true)

        #expect(try CLI.run(["alarms", "mark", "O-01", id, "--fault", "--note", "探头污染，已维护", "--db", db]).status == 0)
        #expect(try o1() == nil)
    }
}

/// The impact ranking through the binary: the keys the issue names, the model stated.
struct ImpactCLITests {
    let scratch = Scratch()

    @Test func impactRanksOutfallsWithShareLoadAndDelivered() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let csv = "point,sampled_at,parameter,value,unit,kind\nO-01,2024-06-25,flow,10000,m³/d,composite\nO-01,2024-06-25,COD,50,mg/L,composite\n"
        #expect(try CLI.run(["samples", "import", scratch.write("s.csv", csv), "--db", db]).status == 0)
        let result = try CLI.run(["impact", "--section", "凤山糖厂断面（示意位置）", "--db", db, "--format", "json", "--k-cod", "0"])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try #require(try JSONParser().parse(result.stdout).objectValue)
        #expect(r["assumptions"]?.stringValue?.contains("一级衰减") == true)
        let first = try #require(r["parameters"]?.arrayValue?.first?.objectValue?["ranking"]?.arrayValue?.first?.objectValue)
        // With k = 0 everything arrives: 10 000 m³/d × 50 mg/L = 500 kg/d.
        #expect(first["load_kg_d"]?.doubleValue == 500 && first["delivered_kg_d"]?.doubleValue == 500 && first["share"]?.doubleValue == 1)
    }
}

/// Samples exported as CSV import back unchanged; assessments export with their verdicts.
struct SampleExportCLITests {
    let scratch = Scratch()

    @Test func exportedSamplesImportIntoAFreshRegistry() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let csv =
            "point,sampled_at,parameter,value,unit,kind,lab\nO-01,2024-06-25 08:00,TP,<0.05,mg/L,composite,\"县站,一室\"\nO-01,2024-06-25 08:00,COD,75,mg/L,composite,县站\n"
        #expect(try CLI.run(["samples", "import", scratch.write("s.csv", csv), "--db", db]).status == 0)
        let out = scratch.file("out.csv")
        #expect(try CLI.run(["samples", "export", "-o", out, "--db", db]).status == 0)
        let assessed = scratch.file("assess.csv")
        #expect(try CLI.run(["samples", "export", "--assessments", "-o", assessed, "--db", db]).status == 0)
        let text = try String(contentsOfFile: assessed, encoding: .utf8)
        #expect(text.contains("超标") && text.contains("0.25"))

        let db2 = scratch.file("o2.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db2]).status == 0)
        let back = try CLI.run(["samples", "import", out, "--db", db2])
        #expect(back.status == 0, "\(back.stderr)")
        func listed(_ path: String) throws -> [String] {
            (try JSONParser().parse(try CLI.run(["samples", "list", "--db", path, "--format", "json"]).stdout).arrayValue ?? []).compactMap { v in
                v.objectValue.map { o in
                    ["sampled_at", "parameter", "display", "kind", "lab"].map { o[$0]?.stringValue ?? "" }.joined(separator: "|")
                }
            }
        }
        #expect(try listed(db) == listed(db2))
        #expect(try CLI.run(["samples", "export", "-o", out, "--db", db]).status == 1)  // never overwrites
    }
}

/// The overview counts every outfall once per grouping and flags the exceeding one.
struct MonitoringOverviewCLITests {
    let scratch = Scratch()

    @Test func overviewByRiverAndTownship() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let csv = "point,sampled_at,parameter,value,unit,kind\nO-01,2024-06-25,COD,75,mg/L,composite\n"
        #expect(try CLI.run(["samples", "import", scratch.write("s.csv", csv), "--db", db]).status == 0)
        let result = try CLI.run(["monitoring", "--db", db, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let o = try #require(try JSONParser().parse(result.stdout).objectValue)
        for key in ["by_river", "by_township"] {
            let groups = o[key]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(groups.compactMap { $0["outfalls"]?.doubleValue }.reduce(0, +) == 42)
            #expect(groups.compactMap { $0["exceeding"]?.doubleValue }.reduce(0, +) == 1)
        }
        let rongjiang = o["by_river"]?.arrayValue?.compactMap(\.objectValue).first { $0["name"]?.stringValue == "融江" }
        #expect(rongjiang?["exceeding"]?.doubleValue == 1 && rongjiang?["sampled"]?.doubleValue == 1)
        #expect(o["sections"]?.arrayValue?.count == 3)
    }
}
