import Digest
import Foundation
import GeoKit
import JSON
import LayerFormats
import Registry
import Supervision

/// What a suspect import did.
public struct SuspectImportReport: Sendable {
    public var fileName: String
    public var suspectIDs: [Int64]
}

/// A suspect with where it lies (township, river, bank), for the list of what is still to verify.
public struct SuspectListing: Sendable {
    public var suspect: Suspect
    public var placement: PointPlacement
}

extension Ledger {
    /// Largest number of points one suspect list may hold.
    public static let maxSuspects = 20_000

    /// Imports a list of level-1 suspected outfalls (一级排查：影像/无人机解译) — GeoJSON points,
    /// CSV with 经度/纬度, KML or XLSX — all or nothing: each becomes a ``Suspect`` (待核实)
    /// with a history event. Columns read when present: 编号/id or 疑似编号 (the interpreter's
    /// number, unique), 来源 (default `defaultSource`), 描述/说明/description.
    public func importSuspects(file path: String, defaultSource: String = "影像解译", actor: String) throws(LedgerError) -> SuspectImportReport {
        do { return try importSuspectsOnce(file: path, defaultSource: defaultSource, actor: actor) } catch { throw error.nothingWritten }
    }

    private func importSuspectsOnce(file path: String, defaultSource: String, actor: String) throws(LedgerError) -> SuspectImportReport {
        let fileName = (path as NSString).lastPathComponent
        guard let reader = LayerFormats.reader(forFile: path), ["geojson", "csv", "kml", "xlsx"].contains(reader.formatName) else {
            throw .refused(subject: fileName, reason: "疑似点清单应为 GeoJSON、CSV（经度/纬度列）、KML 或 XLSX 文件 (unsupported format)")
        }
        let size = try Self.fileSize(path, fileName: fileName)
        guard size <= 100 * 1024 * 1024 else { throw .refused(subject: fileName, reason: "文件超过 100 MiB (too large)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .refused(subject: fileName, reason: "文件无法读取 (cannot read)") }
        let bytes = [UInt8](data)
        let file: LayerFile
        do { file = try reader.read(InputFile(path: path, bytes: bytes), options: ReadOptions()) } catch {
            throw .refused(subject: fileName, reason: "\(error)")
        }
        if let declared = file.declaredCRS, declared != .cgcs2000, declared != .wgs84 {
            throw .refused(subject: fileName, reason: "坐标系为 \(declared)；疑似点清单请用 CGCS2000 经纬度 (EPSG:4490) (unsupported CRS)")
        }
        guard file.features.count <= Self.maxSuspects else {
            throw .refused(subject: fileName, reason: "超过 \(Self.maxSuspects) 个点，请分批导入 (too many points)")
        }
        var problems = file.problems.map { "\($0.position)：\($0.reason)" }
        let existing = try read { reader in try reader.documents(.suspect).map { stored throws(LedgerError) in try Suspect.decode(stored) } }
        let known = Set(existing.compactMap(\.sourceNumber))
        var seen: [String: FeaturePosition] = [:]
        var suspects: [Suspect] = []
        let importedFrom = "\(fileName) (SHA-256 \(SHA256.hex(bytes)))"
        for feature in file.features {
            var reasons: [String] = []
            func text(_ names: [String], limit: Int) -> String? {
                for name in names {
                    let value = feature.properties[name]?.displayText.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    if value.isEmpty { continue }
                    if value.count > limit { reasons.append("“\(name)”超过 \(limit) 字 (too long)"); return nil }
                    return value
                }
                return nil
            }
            let number = feature.id.flatMap { $0.isEmpty ? nil : $0 } ?? text(["疑似编号", "编号", "number"], limit: 50)
            if let number, number.count > 50 { reasons.append("编号“\(number.prefix(50))…”超过 50 字") }
            guard case .point(let point) = feature.geometry else {
                problems.append("\(feature.position)：几何为 \(feature.geometry.typeName)，疑似点应为点 (not a point)")
                continue
            }
            if !point.lon.isFinite || !point.lat.isFinite {
                reasons.append("坐标不是有限数值 (non-finite)")
            } else if let problem = registry.settings.region.problem(with: point) {
                reasons.append("坐标 \(point.lon), \(point.lat) 不在配置区域内：\(problem)")
            }
            if let number {
                if let first = seen[number] { reasons.append("编号“\(number)”与\(first)重复 (duplicate)") }
                if known.contains(number) { reasons.append("编号“\(number)”的疑似点已导入过 (already imported)") }
                seen[number] = feature.position
            }
            let source = text(["来源", "source"], limit: 200) ?? defaultSource
            let description = text(["描述", "说明", "description", "name", "名称"], limit: 2_000)
            if reasons.isEmpty {
                suspects.append(Suspect(sourceNumber: number, lon: point.lon, lat: point.lat, source: source, description: description, importedFrom: importedFrom))
            } else {
                problems.append("\(feature.position)：\(reasons.joined(separator: "；"))")
            }
        }
        guard problems.isEmpty else { throw Self.rejected(fileName, problems) }
        guard !suspects.isEmpty else { throw .refused(subject: fileName, reason: "没有疑似点 (no points)") }
        let ids = try change(actor: actor) { tx in
            try suspects.map { suspect in
                var s = suspect
                return try tx.create(&s, action: "import", reason: "导入 \(importedFrom)").id
            }
        }
        return SuspectImportReport(fileName: fileName, suspectIDs: ids)
    }

    /// Suspects (only the open ones — 待核实 — when `openOnly`) with their township and river,
    /// in id order.
    public func suspects(openOnly: Bool = false) throws(LedgerError) -> [SuspectListing] {
        let all = try read { reader in try reader.documents(.suspect).map { stored throws(LedgerError) in try Suspect.decode(stored) } }
        let kept = openOnly ? all.filter { $0.status == .open } : all
        let placed = try placements(of: kept.map { Coordinate(lon: $0.lon, lat: $0.lat) })
        return zip(kept, placed).map { SuspectListing(suspect: $0, placement: $1) }
    }
}

extension Ledger {
    /// The size of an input file, or a refusal saying why it cannot be read.
    static func fileSize(_ path: String, fileName: String) throws(LedgerError) -> Int64 {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .refused(subject: fileName, reason: "文件不存在 (no such file)")
        }
        guard !isDirectory.boolValue else { throw .refused(subject: fileName, reason: "这是一个目录 (is a directory)") }
        do {
            guard let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber else {
                throw LedgerError.refused(subject: fileName, reason: "无法读取文件大小 (cannot stat)")
            }
            return size.int64Value
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .refused(subject: fileName, reason: "无法读取：\(error.localizedDescription) (cannot read)")
        }
    }
}
