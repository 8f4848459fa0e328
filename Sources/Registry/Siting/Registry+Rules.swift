import Digest
import Foundation
import OutfallModel
import RegistryStore
import Siting

extension Registry {
    /// The siting rules in force.
    public func rules() throws(RegistryError) -> SitingRuleSet {
        guard let stored = try wrapping({ try store.activeRules() }) else {
            throw .invalid("数据库中没有核查规则：请运行 outfalls rules import 规则文件（随附规则在 GeoData/siting-rules.json）(no siting rules loaded)")
        }
        do {
            return try SitingRuleSet(json: Array(stored.json.utf8))
        } catch {
            throw .invalid("\(error)")
        }
    }

    public func storedRules() throws(RegistryError) -> StoredRules? {
        try wrapping { try store.activeRules() }
    }

    /// Validates a rules file and makes it the one in force; screening is redone on next use.
    @discardableResult
    public func loadRules(path: String, actor: String) throws(RegistryError) -> SitingRuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid("无法读取规则文件 \(path) (cannot read rules file)")
        }
        let bytes = [UInt8](data)
        let rules: SitingRuleSet
        do { rules = try SitingRuleSet(json: bytes) } catch { throw .invalid("\(path)：\(error)") }
        try wrapping {
            try store.activateRules(
                json: String(decoding: bytes, as: UTF8.self), version: rules.version, title: rules.title,
                fileName: (path as NSString).lastPathComponent, fileSHA256: SHA256.hex(bytes), actor: actor)
        }
        return rules
    }
}
