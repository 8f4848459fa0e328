import ArgumentParser
import GeoKit
import OutfallModel
import Registry
import RegistryStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新建登记数据库；--sample 同时载入随附的柳城县示意数据 (create a registry database)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Flag(help: "载入随附的柳城县图层（示意数据）(load the bundled, schematic Liucheng layers)")
    var sample = false

    @Flag(help: "数据库已存在时先将其改名备份再新建 (move an existing database aside first)")
    var force = false

    @Option(help: "随附数据目录 (GeoData directory; default: found beside the binary)")
    var geodata: String?

    @Option(help: "区域范围“最小经度,最小纬度,最大经度,最大纬度” (region bounding box; default Liucheng County)")
    var bbox: String?

    @Option(help: "区域名称 (region name)")
    var regionName: String?

    @Option(help: "县级行政区划代码，用于本地编码 (county adcode for local codes; default 450222)")
    var adcode: String?

    func run() throws {
        try reporting {
            if sample {
                try createWithSample()
            } else {
                let registry = try create(settings: try customSettings(base: .liucheng))
                let e = registry.settings.region.envelope
                Console.print("已新建空数据库 \(database.path)：区域 \(registry.settings.region.name) [\(e.minX)–\(e.maxX)E, \(e.minY)–\(e.maxY)N]。")
                Console.print("Created an empty registry. Import layers with: outfalls import LAYER FILE")
                // The default siting rules ship with the product; a county may replace them.
                if let sample = try? SampleData(directory: geodata), (try? sample.loadRules(into: registry, actor: actorOptions.actor)) != nil {
                    Console.print("已载入随附的默认核查规则（可用 outfalls rules import 替换）(default siting rules loaded)")
                } else {
                    Console.print("未找到随附核查规则：请用 outfalls rules import 规则文件 载入 (no default rules found)")
                }
            }
        }
    }

    private func customSettings(base: RegistrySettings) throws -> RegistrySettings {
        var settings = base
        if let bbox {
            let numbers = bbox.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 4, numbers[0] < numbers[2], numbers[1] < numbers[3],
                numbers.allSatisfy({ $0.isFinite }), abs(numbers[0]) <= 180, abs(numbers[2]) <= 180,
                abs(numbers[1]) <= 90, abs(numbers[3]) <= 90
            else {
                throw Failure.input("--bbox 应为“最小经度,最小纬度,最大经度,最大纬度”，如 108.78,24.38,109.65,24.88 (bad --bbox)")
            }
            settings.region = Region(
                name: regionName ?? "自定义区域", envelope: Envelope(minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3]))
        } else if let regionName {
            settings.region.name = regionName
        }
        if let adcode {
            guard adcode.count == 6, adcode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw Failure.input("--adcode 应为 6 位县级行政区划代码 (adcode must be 6 digits)")
            }
            settings.countyAdcode = adcode
        }
        return settings
    }

    private func create(settings: RegistrySettings) throws -> Registry {
        do {
            return try Registry.create(path: database.path, settings: settings, force: force)
        } catch {
            throw Failure.database("\(error)")
        }
    }

    private func createWithSample() throws {
        let sampleData: SampleData
        do {
            sampleData = try SampleData(directory: geodata)
        } catch {
            throw Failure.input("\(error)")
        }
        let registry = try create(settings: try customSettings(base: sampleData.settings))
        Console.print("已新建数据库 \(database.path)，载入柳城县示意数据（来自 \(sampleData.directory)）：")
        Console.print("Loading the bundled Liucheng layers — SCHEMATIC sample data, not official boundaries:")
        let reports: [ImportReport]
        do {
            reports = try sampleData.load(into: registry, actor: actorOptions.actor)
        } catch {
            throw Failure.input("随附数据导入失败 (bundled data failed to import): \(error)")
        }
        for report in reports {
            Console.print("  \(report.layer.rawValue)（\(report.layer.chineseName)）\(report.fileName)：\(report.added) 个要素")
            for notice in report.notices { Console.print("    \(notice)") }
        }
        try call { try sampleData.loadRules(into: registry, actor: actorOptions.actor) }
        let screened = try call { try registry.refreshScreening() }
        Console.print("  核查规则 siting rules：\(try call { try registry.rules() }.version)；已完成 \(screened) 个排污口的设置核查 (screened)")
    }
}
