import Digest
import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import RegistryStore
import Rivers

/// Imports a file into a layer: read, check every feature, then write all of it in one
/// transaction or nothing at all. Every problem found is reported by file and feature or
/// line, not just the first.
struct LayerImporter {
    let store: RegistryStore
    let settings: RegistrySettings

    func run(_ request: ImportRequest) throws(ImportError) -> ImportReport {
        switch request.layer {
        case .rivers: try run(request, as: RiverReach.self)
        case .zones: try run(request, as: Zone.self)
        case .intakes: try run(request, as: Intake.self)
        case .sections: try run(request, as: MonitoringSection.self)
        case .areas: try run(request, as: AdministrativeArea.self)
        case .outfalls: try run(request, as: Outfall.self)
        }
    }

    private func run<R: StoredRecord>(_ request: ImportRequest, as type: R.Type) throws(ImportError) -> ImportReport {
        let fileName = (request.path as NSString).lastPathComponent
        let bytes = try readBytes(request.path)
        guard let reader = LayerFormats.reader(forFile: request.path, format: request.format) else {
            throw .unknownFormat(file: request.path)
        }
        let file: LayerFile
        do {
            file = try reader.read(InputFile(path: request.path, bytes: bytes), options: request.readOptions)
        } catch {
            throw .format(file: fileName, error)
        }
        if request.crs == nil, let wkt = file.unidentifiedCRS {
            throw .unidentifiedCRS(file: fileName, wkt: wkt)
        }
        let crs = try resolveCRS(request: request, declared: file.declaredCRS, fileName: fileName)
        let scope = request.scope ?? ((fileName as NSString).deletingPathExtension)
        // Every reader stops at the limit; this holds it for any reader added later.
        let limit = request.readOptions.maximumFeatures
        if file.features.count + file.problems.count > limit {
            throw .format(file: fileName, .tooManyFeatures(file.features.count + file.problems.count, limit: limit))
        }

        var problems = file.problems.map { ImportProblem(position: $0.position, name: nil, reason: $0.reason) }
        var notices: [String] = []
        var records: [R] = []
        var firstPositionOfKey: [String: FeaturePosition] = [:]
        var firstPositionOfValue: [String: FeaturePosition] = [:]
        let validator = FeatureValidator(
            layer: request.layer, region: settings.region, crs: crs, converter: GeodeticConverter(), geos: GEOSContext())

        for var raw in file.features {
            // Shown in the message: cut short, since it may be the oversized text itself.
            let name = (raw.properties["name"]?.displayText ?? raw.properties["名称"]?.displayText).map(FeatureValidator.excerpt)
            do {
                try validator.checkText(raw.properties)
                let explicitKey = FeatureKey.explicitKey(for: &raw, scope: scope, layer: request.layer)
                let prepared = try validator.prepare(raw.geometry)
                var record = try R(key: explicitKey ?? "", geometry: prepared.geometry, properties: raw.properties, origin: prepared.origin)
                if explicitKey == nil {
                    record.key = FeatureKey.derivedKey(layer: request.layer, name: record.name, geometry: record.geometry)
                }
                if let first = firstPositionOfKey[record.key] {
                    throw FeatureProblem.duplicateKey(record.key, first: first.description)
                }
                // Two features of one file with the same code would otherwise be merged into one.
                for (column, value) in record.uniqueValues {
                    if let first = firstPositionOfValue[column + "\u{0}" + value] {
                        throw FeatureProblem.duplicateValue(property: column, value: value, first: first.description)
                    }
                }
                firstPositionOfKey[record.key] = raw.position
                for (column, value) in record.uniqueValues { firstPositionOfValue[column + "\u{0}" + value] = raw.position }
                if let repair = prepared.repair { notices.append("\(raw.position)（\(record.name)）：\(repair)") }
                records.append(record)
            } catch {
                problems.append(ImportProblem(position: raw.position, name: name, reason: "\(error)"))
            }
        }
        problems.sort { order($0.position) < order($1.position) }
        guard problems.isEmpty else {
            throw .rejected(file: fileName, problems: Array(problems.prefix(ImportError.listedProblems)), total: problems.count)
        }
        guard !records.isEmpty else { throw .empty(file: fileName) }
        if let reaches = records as? [RiverReach] { notices += try networkNotices(adding: reaches) }

        let source = SourceRecord(
            layer: request.layer, fileName: fileName, fileSHA256: SHA256.hex(bytes), fileFormat: file.format,
            crs: crs.description, encoding: file.encoding, featureCount: records.count,
            provenance: request.provenance.description, licence: request.provenance.licence,
            accuracy: request.provenance.accuracy, schematic: request.provenance.schematic, warnings: notices)
        let summary: ImportSummary
        do {
            summary = try store.importRecords(records, source: source, actor: request.actor)
        } catch {
            throw .store(error, file: fileName)
        }
        return ImportReport(
            layer: request.layer, fileName: fileName, featureCount: records.count, added: summary.added,
            updated: summary.updated, unchanged: summary.unchanged, notices: notices, crs: crs, encoding: file.encoding)
    }

    /// What the river network would look like with these reaches: suspected digitising
    /// against the flow is reported with the import (and kept with its provenance).
    private func networkNotices(adding reaches: [RiverReach]) throws(ImportError) -> [String] {
        do {
            let keys = Set(reaches.map(\.key))
            let kept = try store.fetchAll(RiverReach.self).filter { !keys.contains($0.key) }
            let network = try RiverNetwork.build(reaches: kept + reaches, metricEPSG: settings.metricEPSG)
            return network.diagnostics.map { "河网检查 (network check)：\($0)" }
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            return ["河网检查未能完成 (network check failed)：\(error)"]
        }
    }

    private func order(_ position: FeaturePosition) -> Int {
        switch position {
        case .feature(let n), .line(let n): n
        }
    }

    private func readBytes(_ path: String) throws(ImportError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotRead(file: path, reason: "文件不存在 (no such file)")
        }
        guard !isDirectory.boolValue else { throw .cannotRead(file: path, reason: "这是一个目录 (is a directory)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .cannotRead(file: path, reason: "没有读取权限或读取失败 (permission denied or I/O error)")
        }
        return [UInt8](data)
    }

    private func resolveCRS(request: ImportRequest, declared: CRS?, fileName: String) throws(ImportError) -> CRS {
        switch (request.crs, declared) {
        case (let given?, let declared?) where !Self.sameDatum(given, declared):
            throw .crsConflict(file: fileName, declared: declared, given: given)
        case (let given?, _): return given
        case (nil, let declared?): return declared
        case (nil, nil): return .cgcs2000
        }
    }

    /// WGS84 and CGCS2000 lon/lat are the same for this purpose.
    private static func sameDatum(_ a: CRS, _ b: CRS) -> Bool {
        let lonLat: Set<CRS> = [.wgs84, .cgcs2000]
        return a == b || (lonLat.contains(a) && lonLat.contains(b))
    }
}
