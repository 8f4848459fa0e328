import Testing
@testable import OutfallModel

struct VocabularyTests {
    @Test func outfallTypesParseByLabelEnumNameAndAlias() {
        #expect(OutfallType(parsing: "城镇污水处理厂排污口") == .urbanWWTP)
        #expect(OutfallType(parsing: "urban_wwtp") == .urbanWWTP)
        #expect(OutfallType(parsing: "Urban-WWTP") == .urbanWWTP)
        #expect(OutfallType(parsing: " 暂无法确定 ") == .undetermined)
        #expect(OutfallType(parsing: "工业及其他各类园区污水处理厂雨洪排口") == .industrialParkStorm)
        #expect(OutfallType(parsing: "排污口") == nil)
    }

    @Test func everyTypeHasADistinctLabelAndLocalCodeSegment() {
        #expect(Set(OutfallType.allCases.map(\.label)).count == OutfallType.allCases.count)
        #expect(Set(OutfallType.allCases.map(\.localCodeSegment)).count == OutfallType.allCases.count)
    }

    /// DESIGN.md: industrial, park-WWTP and urban-WWTP outfalls need approval; the rest registration.
    @Test func approvalTrackFollowsOrderNo35() {
        #expect(OutfallType.industrialEnterprise.approvalTrack == .approval)
        #expect(OutfallType.industrialParkWWTP.approvalTrack == .approval)
        #expect(OutfallType.urbanWWTP.approvalTrack == .approval)
        for type in [OutfallType.largeLivestock, .ruralDomesticScattered, .urbanStorm, .portTerminal, .irrigationDistrict] {
            #expect(type.approvalTrack == .registration)
        }
    }

    @Test func categoriesFollowHJ1312() {
        #expect(OutfallType.industrialEnterpriseStorm.category == .industrial)
        #expect(OutfallType.largeAquaculture.category == .agricultural)
        #expect(OutfallType.irrigationDistrict.category == .other)
        #expect(OutfallType.smallLivestock.category == .other)
    }

    @Test func zoneKindsAndLevelsParseInChineseAndEnglish() {
        #expect(ZoneKind(parsing: "饮用水水源保护区") == .drinkingWater)
        #expect(ZoneKind(parsing: "Drinking Water") == .drinkingWater)
        #expect(ZoneKind(parsing: "河道管理范围") == .riverManagement)
        #expect(ZoneLevel(parsing: "一级") == .level1)
        #expect(ZoneLevel(parsing: "1") == .level1)
        #expect(ZoneLevel(parsing: "准保护区") == .quasi)
        #expect(ZoneLevel(parsing: "核心区") == .core)
        #expect(ZoneLevel(parsing: "开发利用区") == .other("开发利用区"))
    }

    @Test func waterClassesParseInTheWaysTheyAreWritten() {
        #expect(WaterClass(parsing: "II") == .ii)
        #expect(WaterClass(parsing: "Ⅱ") == .ii)
        #expect(WaterClass(parsing: "Ⅲ类") == .iii)
        #expect(WaterClass(parsing: "二类") == .ii)
        #expect(WaterClass(parsing: "4") == .iv)
        #expect(WaterClass(parsing: "劣V") == .worseThanV)
        #expect(WaterClass(parsing: "劣Ⅴ类") == .worseThanV)
        #expect(WaterClass(parsing: "劣III") == nil)
        #expect(WaterClass(parsing: "VI") == nil)
        #expect(WaterClass.i < WaterClass.worseThanV)
    }

    @Test func fullWidthInputIsFolded() {
        #expect(WaterClass(parsing: "ＩＩ") == .ii)
        #expect(SectionKind(parsing: "国控") == .national)
    }
}

struct RegionTests {
    let region = Region.liucheng

    @Test func countySeatIsInside() {
        #expect(region.problem(with: .init(lon: 109.2415, lat: 24.658)) == nil)
    }

    @Test func edgeCountsAsInside() {
        #expect(region.problem(with: .init(lon: 108.78, lat: 24.38)) == nil)
    }

    @Test func swappedZeroAndProjectedAreToldApart() {
        #expect(region.problem(with: .init(lon: 24.658, lat: 109.2415)) == .swapped(regionName: "柳城县"))
        #expect(region.problem(with: .init(lon: 0, lat: 0)) == .zero)
        #expect(region.problem(with: .init(lon: 625536.8, lat: 2727851.2)) == .notDegrees)
        if case .outside = region.problem(with: .init(lon: 116.4, lat: 39.9)) {} else { Issue.record("Beijing should be outside") }
    }
}

struct PropertyReaderTests {
    @Test func aliasesMatchAndLeftoversAreKeptInOrder() throws {
        var reader = PropertyReader(["名称": "甲", "备注": "x", "Type": "other", "河长": "李四"])
        #expect(reader.string(.name) == "甲")
        #expect(try reader.term(OutfallType.self, PropertyName("type")) == .other)
        #expect(reader.extra.keys == ["备注", "河长"])
    }

    @Test func blankValuesCountAsAbsent() {
        var reader = PropertyReader(["name": "  ", "名称": "乙"])
        #expect(reader.string(.name) == "乙")
    }

    @Test func attainmentReadsChineseYesNo() throws {
        var reader = PropertyReader(["是否达标": "不达标", "b": 1, "c": "maybe"])
        #expect(try reader.bool(.attains) == false)
        #expect(try reader.bool(PropertyName("b")) == true)
        #expect(throws: FeatureProblem.self) { try reader.bool(PropertyName("c")) }
    }
}
