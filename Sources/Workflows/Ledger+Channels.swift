import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Supervision

/// Drainage channels (排污通道): lines from a unit to an outfall, imported from GeoJSON,
/// Shapefile or GeoPackage. The downstream end (last vertex) must lie within the county's
/// tolerance (``TracingSettings/channelEndToleranceM``, geodesic) of the outfall it names;
/// without a named outfall the nearest one within the tolerance is taken. Otherwise the
/// file is refused, naming the feature.
extension Ledger {
    /// Most channels one file may hold, and most vertices one channel may have.
    static let maxChannels = 20_000
    static let maxChannelVertices = 10_000

    public func channels() throws(LedgerError) -> [DrainageChannel] {
        try read { reader in try reader.documents(.channel).map { stored throws(LedgerError) in try DrainageChannel.decode(stored) } }
    }

    public func importChannels(path: String, actor: String) throws(LedgerError) -> LedgerImportReport {
        try nothingWrittenOnRefusal { () throws(LedgerError) in try importChannelFile(path: path, actor: actor) }
    }

    private func importChannelFile(path: String, actor: String) throws(LedgerError) -> LedgerImportReport {
        let file = try LedgerImportFile(path: path)
        guard ["geojson", "json", "shp", "zip", "gpkg"].contains(file.lowercasedExtension),
            let reader = LayerFormats.reader(forFile: file.fileName)
        else {
            throw .refused(subject: file.fileName, reason: "不支持的格式：排污通道可用 GeoJSON、Shapefile（.shp 或 .zip）或 GeoPackage (unsupported format)")
        }
        let layer: LayerFile
        do { layer = try reader.read(InputFile(path: file.path, bytes: file.bytes), options: ReadOptions()) } catch {
            throw .refused(subject: file.fileName, reason: "\(error)")
        }
        if let wkt = layer.unidentifiedCRS {
            throw .refused(subject: file.fileName, reason: "坐标系无法识别，请转换为 EPSG:4490 经纬度后再导入：\(wkt.prefix(120)) (unidentified CRS)")
        }
        guard layer.features.count <= Self.maxChannels else {
            throw .refused(subject: file.fileName, reason: "有 \(layer.features.count) 条通道，超过上限 \(Self.maxChannels) 条 (too many channels)")
        }
        let crs = layer.declaredCRS ?? .cgcs2000
        let settings = try tracingSettings()
        let outfalls = try outfallLookup()
        let units = UnitLookup(try self.units())
        let converter = GeodeticConverter(metricEPSG: registry.settings.metricEPSG)

        var problems = ImportProblems(fileName: file.fileName)
        for problem in layer.problems { problems.add(problem.position, problem.reason) }
        var channels: [DrainageChannel] = []
        for feature in layer.features {
            do {
                channels.append(try channel(
                    from: feature, crs: crs, converter: converter, outfalls: outfalls, units: units, tolerance: settings.channelEndToleranceM,
                    fileName: file.fileName))
            } catch let error as LedgerError {
                problems.add(feature.position, error.reasonText)
            } catch {
                problems.add(feature.position, "\(error)")
            }
        }
        try problems.throwIfAny()
        guard !channels.isEmpty else { throw .refused(subject: file.fileName, reason: "没有排污通道 (no channels in the file)") }

        var report = LedgerImportReport(fileName: file.fileName, created: [], updated: [], unchanged: [], notices: [])
        try change(actor: actor) { tx in
            // The same channel imported again (same name, same outfall) is updated, not doubled.
            let existing = try tx.all(DrainageChannel.self)
            for var channel in channels {
                var related = [EntityRef(.outfall, channel.outfallID ?? 0)]
                if let unitID = channel.unitID { related.append(EntityRef(.unit, unitID)) }
                if let match = existing.first(where: { $0.name == channel.name && $0.outfallID == channel.outfallID }), let id = match.id {
                    channel.id = id
                    let changes = try tx.save(channel, action: "import.update", reason: "导入 \(file.fileName)", related: related)
                    if changes.isEmpty { report.unchanged.append(id) } else { report.updated.append(id) }
                } else {
                    try tx.create(&channel, action: "import.create", reason: "导入 \(file.fileName)", related: related)
                    if let id = channel.id { report.created.append(id) }
                }
                for flag in channel.flags { report.notices.append("通道 #\(channel.id ?? 0)「\(channel.name)」：\(flag)") }
            }
        }
        return report
    }

    private func channel(
        from feature: RawFeature, crs: CRS, converter: GeodeticConverter, outfalls: OutfallLookup, units: UnitLookup, tolerance: Double,
        fileName: String
    ) throws -> DrainageChannel {
        var properties: [String: String] = [:]
        for member in feature.properties where !member.value.isNull {
            let (key, value) = (member.key, member.value)
            let text = value.displayText.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { properties[key.lowercased()] = text }
        }
        func value(_ names: [String]) -> String? { names.lazy.compactMap { properties[$0.lowercased()] }.first }

        let parts = feature.geometry.lineParts
        guard parts.count == 1, let given = parts.first else {
            throw LedgerError.refused(
                subject: "几何 (geometry)",
                reason: parts.isEmpty ? "排污通道应为线，实为 \(feature.geometry.typeName) (a channel is a LineString)" : "多段线有 \(parts.count) 段，请拆成单独的通道 (one part per channel)")
        }
        guard given.count >= 2 else { throw LedgerError.refused(subject: "几何 (geometry)", reason: "线至少需要 2 个顶点 (at least two vertices)") }
        guard given.count <= Self.maxChannelVertices else {
            throw LedgerError.refused(subject: "几何 (geometry)", reason: "有 \(given.count) 个顶点，超过上限 \(Self.maxChannelVertices) (too many vertices)")
        }
        let line = try converter.toCGCS2000(given, from: crs)
        for point in line { try checkLocation(point, subject: "坐标") }

        let name = try InputText.required(value(["name", "名称", "通道名称"]), field: "名称 (name)")
        guard let kindText = value(["kind", "类型", "通道类型", "type"]) else {
            throw LedgerError.refused(subject: "类型 (kind)", reason: "不能为空，可选：管道、明渠、涵洞、泵站、其他 (required)")
        }
        guard let kind = ChannelKind(parsing: kindText) else {
            throw LedgerError.refused(subject: "类型 (kind)", reason: "“\(kindText)”不是通道类型，可选：管道、明渠、涵洞、泵站、其他 (unknown kind)")
        }
        var flags: [String] = []
        var unitID: Int64?
        if let unitText = value(["unit", "排污单位", "单位", "unit_code", "统一社会信用代码"]) {
            unitID = try units.find(unitText).id
        } else {
            flags.append("未注明排污单位 (no unit named)")
        }

        guard let end = line.last else { throw LedgerError.refused(subject: "几何 (geometry)", reason: "空线 (empty line)") }
        let outfall: Outfall
        if let outfallText = value(["outfall", "排污口", "排口", "outfall_code", "排污口编码"]) {
            outfall = try outfalls.find(outfallText)
            let distance = Geodesic.cgcs2000.distance(end, outfall.location)
            guard distance <= tolerance else {
                throw LedgerError.refused(
                    subject: "下游端 (downstream end)",
                    reason: "距排污口 #\(outfall.id ?? 0)「\(outfall.name)」\(Self.metres(distance))，超过容差 \(Self.metres(tolerance))（末端应为通道最后一个顶点）(downstream end too far from its outfall)")
            }
        } else {
            let nearest = outfalls.outfalls.map { ($0, Geodesic.cgcs2000.distance(end, $0.location)) }.min { $0.1 < $1.1 }
            guard let (found, distance) = nearest, distance <= tolerance else {
                let hint = nearest.map { "；最近的是 #\($0.0.id ?? 0)「\($0.0.name)」，\(Self.metres($0.1))" } ?? ""
                throw LedgerError.refused(
                    subject: "下游端 (downstream end)",
                    reason: "未注明排污口，且 \(Self.metres(tolerance)) 内没有排污口\(hint) (no outfall within the tolerance)")
            }
            outfall = found
            flags.append("未注明排污口，按末端就近取排污口 #\(found.id ?? 0)（\(Self.metres(distance))）(nearest outfall taken)")
        }
        return DrainageChannel(
            name: name, kind: kind, unitID: unitID, outfallID: outfall.id, coordinates: line.map { [$0.lon, $0.lat] }, flags: flags,
            importedFrom: fileName)
    }

    static func metres(_ value: Double) -> String { JSONWriter.format(number: value, decimals: 1) + " 米" }
}

extension ChannelKind {
    /// The kind a file writes, in Chinese or English.
    init?(parsing text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "管道", "暗管", "管网", "pipe": self = .pipe
        case "明渠", "沟渠", "渠道", "明渠/沟渠", "ditch": self = .ditch
        case "涵洞", "涵管", "culvert": self = .culvert
        case "泵站", "pump_station", "pumpstation": self = .pumpStation
        case "其他", "other": self = .other
        default: return nil
        }
    }
}
