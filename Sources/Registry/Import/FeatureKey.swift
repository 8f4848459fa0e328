import GeoKit
import LayerFormats
import JSON
import OutfallModel

/// How a feature is recognised when a file is imported again (docs/data-model.md):
///
/// 1. a `registry_key` property (written by our own exports) is the key as it stands;
/// 2. otherwise the feature's id (GeoJSON `id`, or an `id`/`fid`/`编号` property), scoped by
///    the file's name (or `--scope`): ids are usually only unique within their file;
/// 3. otherwise the layer, name and geometry, hashed: the same feature drawn the same way.
///
/// An outfall whose national code is already registered is that outfall, whatever its key.
enum FeatureKey {
    static let idProperties = ["id", "fid", "编号", "ID", "序号"]

    /// The key from the feature's own identity, or nil when it has none (rule 3 applies
    /// after the record is decoded, because it needs the name).
    static func explicitKey(for feature: inout RawFeature, scope: String, layer: LayerKind) -> String? {
        if let registryKey = feature.properties.removeValue(forKey: "registry_key")?.stringValue, !registryKey.isEmpty {
            // Our own export coming back: what the registry derived is recomputed, not kept.
            for name in FieldCatalog.derived(layer) { feature.properties.removeValue(forKey: name) }
            return registryKey
        }
        if let id = feature.id, !id.isEmpty { return "\(scope):\(id)" }
        for name in idProperties {
            if let value = feature.properties[name], !value.displayText.isEmpty { return "\(scope):\(value.displayText)" }
        }
        return nil
    }

    /// "auto:" and a 64-bit FNV-1a hash of layer, name and coordinates to 1e-7°.
    static func derivedKey(layer: LayerKind, name: String, geometry: Geometry) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        mix(layer.rawValue)
        mix("\u{1}" + name + "\u{1}" + geometry.typeName)
        for c in geometry.coordinates {
            mix(JSONWriter.format(number: c.x, decimals: 7) + "," + JSONWriter.format(number: c.y, decimals: 7) + ";")
        }
        let hex = String(hash, radix: 16)
        return "auto:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
