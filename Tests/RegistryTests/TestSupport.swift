import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
@_exported import TestSupport

extension TemporaryDirectory {
    @discardableResult
    func write(_ name: String, json: JSONValue) -> String {
        write(name, JSONWriter.pretty(json))
    }

    /// A registry in this directory with the bundled sample layers and rules loaded.
    func sampleRegistry() throws -> Registry {
        let sample = try SampleData()
        let registry = try Registry.create(path: file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        try sample.loadRules(into: registry, actor: "tester")
        return registry
    }
}

enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)?.path ?? "missing-fixture-\(name)"
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONParser().parse([UInt8](FileManager.default.contents(atPath: path(name)) ?? Data()))
    }
}

/// GeoJSON building blocks for tests.
enum GeoJSON {
    static func feature(id: String? = nil, _ geometry: Geometry, _ properties: JSONObject) -> JSONValue {
        var object = JSONObject([("type", "Feature")])
        if let id { object["id"] = .string(id) }
        object["properties"] = .object(properties)
        object["geometry"] = geometry.geoJSON
        return .object(object)
    }

    static func collection(_ features: [JSONValue]) -> JSONValue {
        .object(JSONObject([("type", "FeatureCollection"), ("features", .array(features))]))
    }

    static func outfall(_ n: Int, lon: Double, lat: Double, type: String = "城镇雨洪排口") -> JSONValue {
        feature(id: "O\(n)", .point(Coordinate(lon: lon, lat: lat)), JSONObject([("名称", .string("测试排口\(n)")), ("类型", .string(type))]))
    }

    static func square(_ lon: Double, _ lat: Double, _ size: Double) -> Geometry {
        .polygon(Polygon(exterior: [
            Coordinate(lon: lon, lat: lat), Coordinate(lon: lon + size, lat: lat), Coordinate(lon: lon + size, lat: lat + size),
            Coordinate(lon: lon, lat: lat + size), Coordinate(lon: lon, lat: lat),
        ]))
    }
}

extension Registry {
    /// An empty Liucheng registry in `directory`.
    static func empty(in directory: TemporaryDirectory) throws -> Registry {
        try Registry.create(path: directory.file("test.sqlite"), settings: .liucheng)
    }

    func importFile(_ layer: LayerKind, _ path: String, crs: CRS? = nil, scope: String? = nil) throws(ImportError) -> ImportReport {
        try importLayer(ImportRequest(layer: layer, path: path, crs: crs, scope: scope, actor: "tester"))
    }
}
