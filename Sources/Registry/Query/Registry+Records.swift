import Foundation
import OutfallModel
import RegistryStore

/// Single reads and safety operations the front ends need, so that none of them reaches
/// into the store.
extension Registry {
    /// The stored outfall with this id, or nil.
    public func outfall(id: Int64) throws(RegistryError) -> Outfall? {
        try wrapping { try store.fetch(Outfall.self, id: id) }
    }

    /// Whether any imported layer is schematic (示意数据): every page, report and export says so then.
    public func isSchematic() throws(RegistryError) -> Bool {
        try wrapping { try store.sources().contains(where: \.schematic) }
    }

    /// The history of the layers, accounts and rules, optionally of one layer or feature.
    public func auditLog(layer: LayerKind? = nil, featureID: Int64? = nil) throws(RegistryError) -> [AuditEntry] {
        try wrapping { try store.auditLog(layer: layer, featureID: featureID) }
    }

    /// An online copy of the registry file (safe while others write), and of its attachments
    /// folder when there is one.
    /// Attachments are immutable files named by their digest, so copying the folder after the
    /// database gives every file the copied database refers to (files staged but not yet
    /// published are copied too, and recovered when the copy is opened).
    public func backup(to path: String) throws(RegistryError) {
        try wrapping { try store.backup(to: path) }
        let attachments = store.path + ".attachments"
        guard FileManager.default.fileExists(atPath: attachments) else { return }
        do {
            try FileManager.default.copyItem(atPath: attachments, toPath: path + ".attachments")
        } catch {
            throw .invalid("数据库已备份，但附件目录复制失败 (attachments not copied)：\(error.localizedDescription)")
        }
    }
}

extension Registry {
    /// Every outfall's name by id, for lists that show names beside ids.
    public func outfallNames() throws(RegistryError) -> [Int64: String] {
        let all = try wrapping { try store.fetchAll(Outfall.self) }
        return Dictionary(all.compactMap { o in o.id.map { ($0, o.name) } }, uniquingKeysWith: { a, _ in a })
    }
}
