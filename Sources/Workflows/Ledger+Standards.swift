import Digest
import Foundation
import Registry
import Supervision
import WaterQuality

/// Where the standards in force come from.
public struct StandardsInForce: Sendable {
    public var catalog: StandardsCatalog
    /// "数据库（文件名，载入者）" or the bundled file's path.
    public var source: String
    public var stored: Bool
}

extension Ledger {
    /// The standards file in force: the one imported into the registry, else the bundled
    /// `GeoData/water-standards.json`.
    public func standards() throws(LedgerError) -> StandardsInForce {
        let stored = try read { reader in try reader.document(EntityRef(.standards, StandardsDocument.singletonID)) }
        if let stored {
            let document = try StandardsDocument.decode(stored)
            do {
                return StandardsInForce(
                    catalog: try StandardsCatalog(json: Array(document.text.utf8)),
                    source: "数据库：\(document.fileName)（载入于 \(ChinaTime.display(stored.updatedAt))）",
                    stored: true)
            } catch {
                throw .corrupt(.standards, StandardsDocument.singletonID, "\(error)")
            }
        }
        guard let dir = ResourceLocator.geoData() else {
            throw .refused(
                subject: "标准", reason: "数据库中没有标准文件，也找不到随附的 GeoData/water-standards.json：请运行 outfalls standards import 文件 (no standards loaded)")
        }
        let path = (dir as NSString).appendingPathComponent("water-standards.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .refused(subject: "标准", reason: "无法读取 \(path) (cannot read the bundled standards)")
        }
        do {
            return StandardsInForce(catalog: try StandardsCatalog(json: [UInt8](data)), source: "随附文件：\(path)", stored: false)
        } catch {
            throw .refused(subject: path, reason: "\(error)")
        }
    }

    /// Validates a standards file and makes it the one in force (recorded in the history).
    @discardableResult
    public func importStandards(path: String, actor: String) throws(LedgerError) -> StandardsCatalog {
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? Int.max
        } catch {
            throw .refused(subject: path, reason: "无法读取文件 (cannot read file)")
        }
        guard size <= StandardsCatalog.maximumFileSize else { throw .refused(subject: path, reason: "文件过大 (file too large)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .refused(subject: path, reason: "无法读取文件 (cannot read file)") }
        let bytes = [UInt8](data)
        let catalog: StandardsCatalog
        do { catalog = try StandardsCatalog(json: bytes) } catch { throw .refused(subject: path, reason: "\(error)") }
        let document = StandardsDocument(
            id: StandardsDocument.singletonID, fileName: (path as NSString).lastPathComponent, sha256: SHA256.hex(bytes), title: catalog.title,
            version: catalog.version, text: String(decoding: bytes, as: UTF8.self))
        try change(actor: actor) { tx in try tx.save(document, action: "import", reason: "载入标准文件 \(document.fileName)") }
        return catalog
    }

    /// The county's setting for one outfall, if any.
    public func dischargeSetting(outfallID: Int64) throws(LedgerError) -> DischargeSetting? {
        try read { reader in try reader.document(EntityRef(.dischargeSetting, outfallID)) }
            .map { stored throws(LedgerError) in try DischargeSettingDocument.decode(stored).setting }
    }

    public func monitoringSettings() throws(LedgerError) -> MonitoringSettings {
        try read { reader in try reader.document(EntityRef(.monitoringSettings, MonitoringSettings.singletonID)) }
            .map { stored throws(LedgerError) in try MonitoringSettings.decode(stored) } ?? MonitoringSettings()
    }

    /// Sets (or with all nil, clears to derived) the standard, grade, build date and
    /// industry of one outfall, checked against the standards in force.
    public func setDischargeStandard(outfall reference: String, setting: DischargeSetting, actor: String) throws(LedgerError) -> DischargeSetting {
        let outfall = try findOutfall(reference)
        guard let id = outfall.id else { throw .notFound(.layer("outfalls"), reference) }
        let catalog = try standards().catalog
        if let s = setting.standard {
            let discharge = catalog.standards.filter { $0.role != .surfaceWater }
            guard let standard = discharge.first(where: { $0.id == s }) else {
                throw .refused(subject: "标准", reason: "“\(s)”不是现行的排放标准：" + discharge.map(\.id).joined(separator: "、"))
            }
            if let g = setting.grade, standard.grade(g) == nil {
                throw .refused(subject: "等级", reason: "\(standard.id) 没有等级“\(g)”：" + standard.grades.map(\.id).joined(separator: "、"))
            }
        } else if let g = setting.grade, !catalog.standards.contains(where: { $0.role != .surfaceWater && $0.grade(g) != nil }) {
            throw .refused(subject: "等级", reason: "没有哪项排放标准有等级“\(g)”")
        }
        if let built = setting.builtOn, !Self.isDate(built) { throw .refused(subject: "建设日期", reason: "应为 YYYY-MM-DD：\(built)") }
        for text in [setting.industry, setting.note, setting.standard, setting.grade].compactMap({ $0 }) where text.count > 200 {
            throw .refused(subject: "设定", reason: "文字超过 200 字 (too long)")
        }
        let document = DischargeSettingDocument(id: id, setting: setting)
        try change(actor: actor) { tx in try tx.save(document, action: "set_standard", reason: setting.note) }
        return setting
    }

    /// Holds every urban WWTP to `grade` of GB 18918 unless its own setting says otherwise; nil clears it.
    public func setUrbanWWTPGrade(_ grade: String?, actor: String) throws(LedgerError) {
        if let grade {
            let catalog = try standards().catalog
            guard let s = catalog.standard(role: .urbanWWTP), s.grade(grade) != nil else {
                throw .refused(subject: "等级", reason: "城镇污水处理厂标准没有等级“\(grade)”")
            }
        }
        var settings = try monitoringSettings()
        settings.urbanWWTPGrade = grade
        try change(actor: actor) { tx in try tx.save(settings, action: "set_wwtp_grade") }
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, let m = Int(parts[1]), let d = Int(parts[2]),
            Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}
