import Foundation
import JSON
import OutfallModel
import RegistryStore

/// The bundled Liucheng layers, listed with their provenance in `GeoData/manifest.json`.
public struct SampleData: Sendable {
    public let directory: String
    public let settings: RegistrySettings
    public let layers: [Entry]
    /// The bundled siting rules file, if the manifest names one.
    public let rulesFile: String?

    public struct Entry: Sendable {
        public var layer: LayerKind
        public var file: String
        public var provenance: Provenance
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notFound
        case badManifest(String)

        public var description: String {
            switch self {
            case .notFound:
                "找不到随附数据目录 GeoData（含 manifest.json）：请用 --geodata 指定，或设置 OUTFALLS_GEODATA (bundled GeoData not found)"
            case .badManifest(let reason):
                "GeoData/manifest.json 有误：\(reason) (bad manifest)"
            }
        }
    }

    public init(directory explicit: String? = nil) throws(LoadError) {
        guard let directory = ResourceLocator.geoData(explicit: explicit) else { throw .notFound }
        self.directory = directory
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else { throw .badManifest("cannot read \(path)") }
        let root: JSONObject
        do {
            guard let object = try JSONParser().parse([UInt8](data)).objectValue else { throw LoadError.badManifest("not an object") }
            root = object
        } catch let error as LoadError {
            throw error
        } catch {
            throw .badManifest("\(error)")
        }
        guard let region = root["region"]?.objectValue, let name = region["name"]?.stringValue,
            let bbox = region["bbox"]?.arrayValue?.compactMap(\.doubleValue), bbox.count == 4,
            let adcode = root["county_adcode"]?.stringValue, let entries = root["layers"]?.arrayValue
        else { throw .badManifest("needs region {name, bbox}, county_adcode and layers") }
        settings = RegistrySettings(
            region: Region(name: name, envelope: .init(minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3])),
            countyAdcode: adcode)
        var layers: [Entry] = []
        for entry in entries {
            guard let object = entry.objectValue, let layerName = object["layer"]?.stringValue,
                let layer = LayerKind(rawValue: layerName), let file = object["file"]?.stringValue
            else { throw .badManifest("each layer needs \"layer\" and \"file\"") }
            layers.append(Entry(
                layer: layer, file: file,
                provenance: Provenance(
                    description: object["source"]?.stringValue, licence: object["licence"]?.stringValue,
                    accuracy: object["accuracy"]?.stringValue, schematic: object["schematic"]?.boolValue ?? false)))
        }
        self.layers = layers
        rulesFile = root["rules"]?.stringValue.map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Loads the bundled siting rules (the county may replace them later).
    public func loadRules(into registry: Registry, actor: String) throws(RegistryError) {
        guard let rulesFile else { throw .invalid("GeoData/manifest.json 未指定规则文件 (no rules file in the manifest)") }
        try registry.loadRules(path: rulesFile, actor: actor)
    }

    /// Imports every bundled layer, in manifest order (rivers first: later layers refer to them).
    public func load(into registry: Registry, actor: String) throws(ImportError) -> [ImportReport] {
        var reports: [ImportReport] = []
        for entry in layers {
            let request = ImportRequest(
                layer: entry.layer, path: (directory as NSString).appendingPathComponent(entry.file),
                scope: "liucheng-sample", provenance: entry.provenance, actor: actor)
            reports.append(try registry.importLayer(request))
        }
        return reports
    }
}
