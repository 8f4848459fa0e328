import Foundation
import JSON
import Testing

@testable import WaterQuality

/// The bundled standards file, judged by hand-worked cases.
enum Fixtures {
    static let catalog: StandardsCatalog = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../GeoData/water-standards.json")
        do {
            return try StandardsCatalog(json: [UInt8](try Data(contentsOf: url)))
        } catch {
            fatalError("bundled standards do not load: \(error)")
        }
    }()

    static let outfall = SamplePoint(kind: .outfall, id: 1, name: "O-01")
    static let section = SamplePoint(kind: .section, id: 1, name: "断面")

    static func sample(
        _ parameter: Parameter, _ value: String, unit: String = "mg/L", kind: SampleKind = .composite, day: String = "2024-06-25",
        at time: String = "02:00", point: SamplePoint = outfall
    ) throws -> Sample {
        try Sample.reading(
            point: point, sampledAt: "\(day)T\(time):00.000Z", day: day, parameter: parameter, value: value, unit: unit, kind: kind, lab: nil)
    }

    static func choice(_ kind: DischargerKind, _ receiving: WaterQualityClass?, industry: String? = nil, setting: DischargeSetting? = nil) throws
        -> StandardChoice
    {
        try StandardChoice.choose(
            kind: kind, industry: industry, receivingClass: receiving, receivingZone: nil, setting: setting, urbanWWTPGrade: nil, catalog: catalog)
    }
}

struct StandardChoiceTests {
    @Test func urbanPlantIntoClassIIIIsGrade1B() throws {
        let c = try Fixtures.choice(.urbanWWTP, .iii)
        #expect(c.standard.id == "GB 18918-2002" && c.grade?.id == "1B")
        #expect(c.reasons.contains { $0.contains("III类") && $0.contains("1B") && $0.contains("§4.1.2") })
    }

    @Test func urbanPlantIntoClassIVIsGrade2AndTheCountyCanHoldItTo1A() throws {
        #expect(try Fixtures.choice(.urbanWWTP, .iv).grade?.id == "2")
        #expect(try Fixtures.choice(.urbanWWTP, .iii, setting: DischargeSetting(grade: "1A")).grade?.id == "1A")
        let global = try StandardChoice.choose(
            kind: .urbanWWTP, industry: nil, receivingClass: .iii, receivingZone: nil, setting: nil, urbanWWTPGrade: "1A", catalog: Fixtures.catalog)
        #expect(global.grade?.id == "1A")
    }

    @Test func otherUnitsFollowGB8978ByReceivingClass() throws {
        let c = try Fixtures.choice(.other, .iii)
        #expect(c.standard.id == "GB 8978-1996" && c.grade?.id == "1")
        #expect(try Fixtures.choice(.other, .v).grade?.id == "2")
    }

    @Test func unknownReceivingClassLeavesTheGradeUndecided() throws {
        let c = try Fixtures.choice(.other, nil)
        #expect(c.grade == nil)
        let j = DischargeJudge.judge([try Fixtures.sample(.cod, "500")], choice: c, builtOn: nil)
        #expect(j.map(\.verdict) == [.cannotJudge])
    }

    @Test func sugarMillGetsGB21909AndCannotBeJudgedYet() throws {
        let c = try Fixtures.choice(.other, .iii, industry: "甘蔗制糖")
        #expect(c.standard.id == "GB 21909-2008")
        let j = DischargeJudge.judge([try Fixtures.sample(.cod, "10")], choice: c, builtOn: nil)
        #expect(j.count == 1 && j[0].verdict == .cannotJudge && j[0].exceeds == nil)
        #expect(j[0].reason?.contains("待核实") == true)
    }

    @Test func stormOutletSamplesArePointersNotExceedances() throws {
        let c = try Fixtures.choice(.stormOutlet, .iii)
        #expect(c.standard.id == "GB 8978-1996" && c.indicativeOnly)
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.cod, "300")], choice: c, builtOn: nil).first)
        #expect(j.verdict == .exceeds && !j.conclusive && j.basis.contains("雨洪排口"))
    }

    @Test func aSettingNamingAnUnknownGradeIsRefused() throws {
        #expect(throws: WaterQualityError.self) { try Fixtures.choice(.urbanWWTP, .iii, setting: DischargeSetting(grade: "9Z")) }
    }
}

struct DischargeJudgeTests {
    let wwtp1B: StandardChoice
    let industry1: StandardChoice

    init() throws {
        wwtp1B = try Fixtures.choice(.urbanWWTP, .iii)
        industry1 = try Fixtures.choice(.other, .iii)
    }

    @Test func cod75AgainstGrade1BExceedsByAQuarter() throws {
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.cod, "75")], choice: wwtp1B, builtOn: nil).first)
        #expect(j.verdict == .exceeds && j.limit?.maximum == 60)
        #expect(abs((j.exceedanceMultiple ?? 0) - 0.25) < 1e-12)
        #expect(j.conclusive)
    }

    @Test func ammoniaBracketFollowsTheDaysWaterTemperature() throws {
        let warm = DischargeJudge.judge(
            [try Fixtures.sample(.ammonia, "10"), try Fixtures.sample(.waterTemperature, "20", unit: "℃")], choice: wwtp1B, builtOn: nil)
        #expect(warm.count == 1 && warm[0].verdict == .exceeds && warm[0].limit?.maximum == 8)
        let cold = DischargeJudge.judge(
            [try Fixtures.sample(.ammonia, "10"), try Fixtures.sample(.waterTemperature, "10", unit: "°C")], choice: wwtp1B, builtOn: nil)
        #expect(cold.count == 1 && cold[0].verdict == .within && cold[0].limit?.maximum == 15)
    }

    @Test func ammoniaWithoutTemperatureIsJudgedOnlyWhereBothBracketsAgree() throws {
        func verdict(_ v: String) throws -> Judgement.Verdict {
            try #require(DischargeJudge.judge([try Fixtures.sample(.ammonia, v)], choice: wwtp1B, builtOn: nil).first).verdict
        }
        #expect(try verdict("10") == .cannotJudge)
        #expect(try verdict("16") == .exceeds)
        #expect(try verdict("7") == .within)
    }

    @Test func phosphorusFromAPlantBuilt2008IsHeldToTheNewerRow() throws {
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.totalPhosphorus, "1.2")], choice: wwtp1B, builtOn: "2008-05-01").first)
        #expect(j.verdict == .exceeds && j.limit?.maximum == 1)
        let old = try #require(DischargeJudge.judge([try Fixtures.sample(.totalPhosphorus, "1.2")], choice: wwtp1B, builtOn: "2004-01-01").first)
        #expect(old.verdict == .within && old.limit?.maximum == 1.5)
        let unknown = try #require(DischargeJudge.judge([try Fixtures.sample(.totalPhosphorus, "1.2")], choice: wwtp1B, builtOn: nil).first)
        #expect(unknown.verdict == .cannotJudge && unknown.reason?.contains("建设日期") == true)
    }

    @Test func industrialCod120IsAFifthOverGrade1() throws {
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.cod, "120")], choice: industry1, builtOn: nil).first)
        #expect(j.standard == "GB 8978-1996" && j.grade == "1" && j.limit?.maximum == 100)
        #expect(abs((j.exceedanceMultiple ?? 0) - 0.2) < 1e-12)
    }

    @Test func belowDetectionUnderTheLimitIsWithin() throws {
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.totalPhosphorus, "<0.05")], choice: industry1, builtOn: nil).first)
        #expect(j.limit?.maximum == 0.5 && j.verdict == .within)
        #expect(j.value.belowDetectionLimit && j.value.number == 0.05)
    }

    @Test func notDetectedWithoutALimitCannotBeJudged() throws {
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.totalPhosphorus, "ND")], choice: industry1, builtOn: nil).first)
        #expect(j.verdict == .cannotJudge)
    }

    @Test func compositesAreJudgedOnTheDailyMean() throws {
        // 50, 70, 66 → mean 62 > 60 (1B); each day apart.
        let samples = [
            try Fixtures.sample(.cod, "50", at: "00:00"), try Fixtures.sample(.cod, "70", at: "08:00"), try Fixtures.sample(.cod, "66", at: "16:00"),
            try Fixtures.sample(.cod, "40", day: "2024-06-26"),
        ]
        let j = DischargeJudge.judge(samples, choice: wwtp1B, builtOn: nil)
        #expect(j.count == 2)
        #expect(j[0].day == "2024-06-25" && j[0].value.number == 62 && j[0].sampleCount == 3 && j[0].verdict == .exceeds)
        #expect(j[0].basis.contains("日均值"))
        #expect(j[1].day == "2024-06-26" && j[1].verdict == .within)
    }

    @Test func spotSamplesUnderADailyMeanStandardAreIndicative() throws {
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.cod, "75", kind: .spot)], choice: wwtp1B, builtOn: nil).first)
        #expect(j.verdict == .exceeds && !j.conclusive && j.basis.contains("仅供参考"))
    }

    @Test func pHOutside6To9Exceeds() throws {
        let j = DischargeJudge.judge(
            [try Fixtures.sample(.pH, "9.6", unit: "无量纲"), try Fixtures.sample(.pH, "7.2", unit: "")], choice: wwtp1B, builtOn: nil)
        #expect(j.map(\.verdict) == [.exceeds, .within])
        #expect(j[0].exceedanceMultiple == nil)
    }

    @Test func aParameterTheGradeDoesNotLimitIsNotCalledWithin() throws {
        let grade2 = try Fixtures.choice(.urbanWWTP, .iv)
        let j = try #require(DischargeJudge.judge([try Fixtures.sample(.totalNitrogen, "3")], choice: grade2, builtOn: nil).first)
        #expect(j.verdict == .cannotJudge)
    }
}

struct SectionAssessmentTests {
    let gb3838 = Fixtures.catalog.standard(role: .surfaceWater)!

    func samples(_ values: [(Parameter, String)]) throws -> [Sample] {
        try values.map { try Fixtures.sample($0.0, $0.1, unit: $0.0 == .pH ? "" : "mg/L", kind: .spot, point: Fixtures.section) }
    }

    @Test func worstItemDecidesAndMissesTheTarget() throws {
        let a = SectionAssessment.assess(
            try samples([(.dissolvedOxygen, "5.5"), (.ammonia, "1.2"), (.totalPhosphorus, "0.15")]), standard: gb3838, targetClass: .iii)
        #expect(a.items.map(\.waterClass) == [.iv, .iii, .iii])  // NH3-N, TP, DO in Parameter order
        #expect(a.waterClass == .iv && a.attains == false && a.complete)
    }

    @Test func worseThanVBeyondClassV() throws {
        let a = SectionAssessment.assess(try samples([(.ammonia, "2.5"), (.pH, "7")]), standard: gb3838, targetClass: .iii)
        #expect(a.waterClass == .worseThanV && a.attains == false)
    }

    @Test func riversAreNotClassedOnTotalNitrogen() throws {
        let a = SectionAssessment.assess(try samples([(.totalNitrogen, "5"), (.ammonia, "0.4")]), standard: gb3838, targetClass: .ii)
        #expect(a.items.map(\.parameter) == [.ammonia])
        #expect(a.waterClass == .ii && a.attains == true)
        let lake = SectionAssessment.assess(
            try samples([(.totalNitrogen, "5"), (.ammonia, "0.4")]), standard: gb3838, waterBody: .lake, targetClass: .ii)
        #expect(lake.waterClass == .worseThanV)
    }

    @Test func lakesUseTheirOwnPhosphorusLimits() throws {
        let river = SectionAssessment.assess(try samples([(.totalPhosphorus, "0.15")]), standard: gb3838, targetClass: nil)
        let lake = SectionAssessment.assess(try samples([(.totalPhosphorus, "0.15")]), standard: gb3838, waterBody: .lake, targetClass: nil)
        #expect(river.waterClass == .iii && lake.waterClass == .v)
        #expect(river.attains == nil)
    }
}

struct SampleReadingTests {
    @Test func microgramsAreConvertedToMilligrams() throws {
        let s = try Fixtures.sample(.totalPhosphorus, "150", unit: "μg/L")
        #expect(abs((s.value.number ?? 0) - 0.15) < 1e-12 && s.reportedUnit == .microgramsPerLitre)
        #expect(try Fixtures.sample(.totalPhosphorus, "150", unit: "ug/l").value.number == s.value.number)
    }

    @Test func flowsAreConvertedToCubicMetresPerDay() throws {
        #expect(try Fixtures.sample(.flow, "10", unit: "L/s").value.number == 864)
        #expect(try Fixtures.sample(.flow, "100", unit: "m3/h").value.number == 2400)
        #expect(try Fixtures.sample(.flow, "5000", unit: "m³/d").value.number == 5000)
    }

    @Test func aUnitOfTheWrongKindIsRefusedNotConverted() throws {
        #expect(throws: WaterQualityError.wrongUnit(parameter: .flow, unit: .milligramsPerLitre)) { try Fixtures.sample(.flow, "10", unit: "mg/L") }
        #expect(throws: WaterQualityError.wrongUnit(parameter: .cod, unit: .litresPerSecond)) { try Fixtures.sample(.cod, "10", unit: "L/s") }
        #expect(throws: WaterQualityError.wrongUnit(parameter: .pH, unit: .milligramsPerLitre)) { try Fixtures.sample(.pH, "7", unit: "mg/L") }
        #expect(throws: WaterQualityError.wrongUnit(parameter: .cod, unit: .none)) { try Fixtures.sample(.cod, "10", unit: "") }
        #expect(throws: WaterQualityError.unknownUnit("kg")) { try Fixtures.sample(.cod, "10", unit: "kg") }
    }

    @Test func detectionLimitSpellings() throws {
        for text in ["<0.05", "＜0.05", "0.05L", "ND(0.05)", "未检出（0.05）"] {
            let v = try MeasuredValue(parsing: text)
            #expect(v == MeasuredValue(belowDetectionLimit: 0.05), "\(text)")
        }
        #expect(try MeasuredValue(parsing: "ND") == MeasuredValue(belowDetectionLimit: nil))
        #expect(try MeasuredValue(parsing: "未检出") == MeasuredValue(belowDetectionLimit: nil))
        #expect(throws: WaterQualityError.self) { try MeasuredValue(parsing: "-3") }
        #expect(throws: WaterQualityError.self) { try MeasuredValue(parsing: "abc") }
        #expect(throws: WaterQualityError.self) { try MeasuredValue(parsing: "") }
    }

    @Test func parameterNamesInChineseAndCommonSpellings() {
        let cases: [(String, Parameter)] = [
            ("化学需氧量", .cod), ("CODcr", .cod), ("五日生化需氧量", .bod5), ("氨氮", .ammonia), ("NH3-N", .ammonia), ("总磷", .totalPhosphorus),
            ("总氮", .totalNitrogen), ("悬浮物", .suspendedSolids), ("PH值", .pH), ("溶解氧", .dissolvedOxygen), ("高锰酸盐指数", .permanganateIndex),
            ("粪大肠菌群", .faecalColiform), ("水温", .waterTemperature), ("流量", .flow), ("氨氮（NH3-N）", .ammonia),
        ]
        for (text, p) in cases { #expect(Parameter(parsing: text) == p, "\(text)") }
        #expect(Parameter(parsing: "铅") == nil)
    }
}

struct StandardsCatalogTests {
    @Test func bundledFileHasTheFiveStandards() {
        #expect(Fixtures.catalog.standards.map(\.id) == ["GB 3838-2002", "GB 18918-2002", "GB 8978-1996", "GB 21909-2008", "DB45/2413-2021"])
        #expect(Fixtures.catalog.standard("GB 21909-2008")?.isConfirmed == false)
        #expect(Fixtures.catalog.standard("GB 18918-2002")?.isConfirmed == true)
    }

    @Test func errorsNameTheEntry() {
        let bad =
            #"{"title":"t","version":"1","standards":[{"id":"X","title":"x","role":"general_discharge","judged_on":"daily_mean","judging_clause":"c","grades":[{"grade":"1","limits":[{"parameter":"COD","max":null,"clause":"c","confirmed":true}]}]}]}"#
        #expect(throws: WaterQualityError.standards(entry: "标准 X 等级 1 limits[0]（COD）", reason: "confirmed 为 true 却没有 max/min 数值")) {
            try StandardsCatalog(json: Array(bad.utf8))
        }
        let unknown = bad.replacingOccurrences(of: "\"COD\"", with: "\"铅\"")
        #expect(throws: WaterQualityError.standards(entry: "标准 X 等级 1 limits[0]", reason: "不认识的指标“铅”")) {
            try StandardsCatalog(json: Array(unknown.utf8))
        }
    }
}
