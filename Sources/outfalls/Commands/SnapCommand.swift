import ArgumentParser
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Rivers

struct SnapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snap",
        abstract: "把点吸附到河网：河流、河段、里程、离岸距离、岸别 (snap a point to the river network)",
        discussion: """
            outfalls snap --lon 109.2318 --lat 24.6702          一个点 (a point)
            outfalls snap --outfall 12                          某排口已存的吸附结果 (an outfall's stored snap)
            outfalls snap --unresolved                          未能明确吸附、待人工处理的排口 (outfalls to resolve)
            里程 measure = 沿河流距其下游端的米数；岸别按面向下游区分左右岸。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "经度或 X (longitude or easting)")
    var lon: Double?

    @Option(help: "纬度或 Y (latitude or northing)")
    var lat: Double?

    @Option(help: "坐标系 (CRS of --lon/--lat): EPSG 代码或 gcj02/bd09，默认 4490")
    var crs: String?

    @Option(help: "最大吸附距离（米）(maximum snap distance, m; default from the registry, 500)")
    var maxDistance: Double?

    @Option(help: "排口 ID：显示其已存的吸附结果 (an outfall's stored snap)")
    var outfall: Int64?

    @Flag(help: "列出未能明确吸附的排口 (list outfalls that did not snap cleanly)")
    var unresolved = false

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let registry = try database.openRegistry()
            if unresolved {
                try listUnresolved(registry)
            } else if let outfall {
                try showOutfall(registry, id: outfall)
            } else {
                guard let lon, let lat else {
                    throw Failure.input("请给出 --lon 和 --lat，或 --outfall ID，或 --unresolved (give a point, an outfall or --unresolved)")
                }
                var options = registry.defaultSnapOptions
                if let maxDistance {
                    guard maxDistance > 0, maxDistance.isFinite else { throw Failure.input("--max-distance 须为正数 (must be positive)") }
                    options = SnapOptions(maxDistance: maxDistance, ambiguityMargin: options.ambiguityMargin)
                }
                let snap = try call { try registry.snap(GivenPoint(Coordinate(x: lon, y: lat), crs: try parseCRS(crs)), options: options) }
                switch format {
                case .json: Console.print(JSONWriter.pretty(snap.json))
                case .text: Console.print(SnapText.describe(snap))
                }
            }
        }
    }

    private func showOutfall(_ registry: Registry, id: Int64) throws {
        let snaps = try call { try registry.outfallSnaps() }
        guard let outfall = try call({ try registry.outfall(id: id) }), let snap = snaps[id] else {
            throw Failure.input("找不到排污口 ID \(id) (no such outfall)")
        }
        switch format {
        case .json:
            var object = JSONObject([("id", .number(Double(id))), ("name", .string(outfall.name))])
            object["snap"] = snap.json
            Console.print(JSONWriter.pretty(.object(object)))
        case .text:
            Console.print("排污口 \(id)「\(outfall.name)」")
            Console.print(SnapText.describe(snap))
        }
    }

    private func listUnresolved(_ registry: Registry) throws {
        let list = try call { try registry.unresolvedSnaps() }
        switch format {
        case .json:
            Console.print(JSONWriter.pretty(.array(list.map { item in
                var object = JSONObject([("id", .number(Double(item.outfall.id ?? 0))), ("name", .string(item.outfall.name))])
                object["snap"] = item.snap.json
                return .object(object)
            })))
        case .text:
            guard !list.isEmpty else {
                Console.print("所有排污口均已明确吸附到河段 (every outfall snaps cleanly)")
                return
            }
            var table = TextTable(["ID", "名称", "状态", "最近河流", "河段", "距离(m)", "其他候选"])
            for item in list {
                let candidates = (try? JSONParser().parse(item.snap.candidates).arrayValue) ?? []
                table.add([
                    String(item.outfall.id ?? 0), item.outfall.name, SnapText.statusLabel(item.snap.status),
                    item.snap.river ?? "—", item.snap.reachCode ?? item.snap.reachKey ?? "—",
                    item.snap.offset.map { JSONWriter.format(number: $0, decimals: 1) } ?? "—",
                    candidates.compactMap { $0.objectValue?["reach_id"]?.stringValue }.joined(separator: ", "),
                ])
            }
            Console.print(table.render())
            Console.print("共 \(list.count) 个待处理：可用 outfalls pin ID 河段编码 指定所属河段 (resolve with outfalls pin)")
        }
    }
}

/// Chinese text for snap results.
enum SnapText {
    static func statusLabel(_ status: String) -> String {
        switch status {
        case "ok": "正常 ok"
        case "ambiguous": "有歧义 ambiguous"
        case "too_far": "过远 too_far"
        default: "无河段 none"
        }
    }

    static func metres(_ value: Double?) -> String {
        value.map { JSONWriter.format(number: $0, decimals: 1) + " m" } ?? "—"
    }

    static func describe(_ snap: PointSnap) -> String {
        var lines = ["点 (\(snap.input.coordinate.x), \(snap.input.coordinate.y)) [\(snap.input.crs)] 吸附结果：\(statusLabel(snap.result.status.rawValue))"]
        if let best = snap.result.best {
            let prefix = snap.result.status == .tooFar ? "最近的河段（超出 \(metres(snap.options.maxDistance))）" : "河流"
            lines.append("  \(prefix)：\(best.river)  河段 \(best.reach.displayID)")
            lines.append("  里程（距河流下游端）：\(metres(best.measure))  离中心线：\(metres(best.offset))  岸别：\(best.bank?.label ?? "中心线上")")
            if let s = best.snapped {
                lines.append("  吸附点：\(JSONWriter.format(number: s.lon, decimals: 7)), \(JSONWriter.format(number: s.lat, decimals: 7))  距河网出口：\(metres(best.outletDistance))")
            }
        } else {
            lines.append("  附近没有河段 (no reach nearby)")
        }
        for c in snap.result.candidates {
            lines.append("  其他候选：\(c.river) \(c.reach.displayID)，离中心线 \(metres(c.offset))，\(c.bank?.label ?? "中心线上")")
        }
        if snap.result.status == .ambiguous { lines.append("  请人工确认所属河段 (a person should decide)") }
        return lines.joined(separator: "\n")
    }

    static func describe(_ snap: StoredSnap) -> String {
        var lines = ["  吸附状态：\(statusLabel(snap.status))\(snap.pinned ? "（人工指定河段 pinned）" : "")"]
        if let river = snap.river {
            lines.append("  河流：\(river)  河段 \(snap.reachCode ?? snap.reachKey ?? "")  里程：\(metres(snap.measure))  离中心线：\(metres(snap.offset))  岸别：\(snap.bankLabel)")
        }
        return lines.joined(separator: "\n")
    }
}
