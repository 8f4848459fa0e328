import Attachments
import CFuzzerDriver
import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Rivers
import Siting
import Workflows
import WaterQuality
import ZipArchive

/// Every parser of our own, behind one entry point, for libFuzzer and for replaying files.
///
/// Built with `Fuzz/run_fuzz.sh` (`-sanitize=fuzzer,address -DFUZZING`), `main` hands over to
/// libFuzzer's driver, which calls the target named by `$FUZZ_TARGET`. Built normally
/// (`swift build`), `fuzz-parsers TARGET FILE…` runs files through the same code: crashers
/// found by fuzzing are replayed by the tests that way.
///
/// A target must never crash, whatever the bytes; where a parse succeeds, the target also
/// checks a property that must hold (JSON written back parses to the same value; a geometry
/// read from WKB survives a round trip through GEOS).
enum FuzzTarget: String, CaseIterable {
    case json, geojson, csv, zip, wkb, rules, styles, surveysheet, photo, samples, standards, netindex

    func run(_ bytes: [UInt8]) {
        switch self {
        case .json:
            guard let value = try? JSONParser().parse(bytes) else { return }
            let again = try? JSONParser().parse(JSONWriter.compact(value))
            precondition(again == value, "JSON written back does not parse to the same value")
        case .geojson:
            guard let file = try? GeoJSONReader().read(InputFile(path: "fuzz.geojson", bytes: bytes), options: ReadOptions()) else { return }
            records(file)
        case .csv:
            guard let file = try? CSVPointReader().read(InputFile(path: "fuzz.csv", bytes: bytes), options: ReadOptions()) else { return }
            records(file)
        case .zip:
            guard let directory = try? ZipDirectory(bytes) else { return }
            for entry in directory.entries { precondition(!entry.name.isEmpty) }
        case .wkb:
            let context = GEOSContext()
            guard let geometry = try? context.geometry(wkb: bytes), let value = try? geometry.value() else { return }
            // What GEOS read and we converted must convert back and forth to the same value
            // (compared as WKB, so that NaN coordinates, which GEOS accepts, compare equal).
            if let first = try? context.geometry(value), let again = try? context.geometry(first.value()) {
                precondition(first.wkb == again.wkb, "WKB round trip changed the geometry")
            }
        case .rules:
            _ = try? SitingRuleSet(json: bytes)
        case .styles:
            _ = try? StyleSheet(json: bytes)
        case .surveysheet:
            // A field survey sheet: read as the importer reads it, every row checked.
            let options = ReadOptions(xColumn: "经度", yColumn: "纬度")
            guard let file = try? CSVPointReader().read(InputFile(path: "fuzz.csv", bytes: bytes), options: options) else { return }
            for feature in file.features { _ = SurveySheet.problems(in: feature) }
        case .photo:
            // A photo: header (pixel size) and EXIF, which libexif reads from a file.
            let path = NSTemporaryDirectory() + "fuzz-photo-\(getpid()).jpg"
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
            defer { try? FileManager.default.removeItem(atPath: path) }
            if let type = MediaType.sniff(Array(bytes.prefix(16))), type.isImage {
                _ = try? ImageHeader.read(path: path, type: type, fileName: "fuzz")
            }
            let metadata = PhotoMetadata.read(path: path)
            if let lat = metadata.latitude { precondition(abs(lat) <= 90, "latitude out of range") }
            if let lon = metadata.longitude { precondition(abs(lon) <= 180, "longitude out of range") }
        case .netindex:
            // The stored river network (`network_index`): a damaged blob must be refused, and
            // one that is read must write back as bytes that read again.
            guard let network = RiverNetwork(index: bytes) else { return }
            precondition(RiverNetwork(index: network.encodedIndex()) != nil, "a network read from its index does not read back")
        case .samples:
            // A samples table: every cell as a value, a parameter and a unit.
            guard let table = try? DataTable.read(InputFile(path: "fuzz.csv", bytes: bytes), maximumRows: 100_000) else { return }
            for row in table.rows {
                for cell in row.cells {
                    if let v = try? MeasuredValue(parsing: cell), let n = v.number {
                        precondition(n.isFinite && n >= 0, "a parsed value must be finite and non-negative")
                    }
                    _ = Parameter(parsing: cell)
                    _ = MeasurementUnit(parsing: cell)
                }
            }
        case .standards:
            guard let catalog = try? StandardsCatalog(json: bytes) else { return }
            for standard in catalog.standards {
                for limit in standard.grades.flatMap(\.limits) where limit.isUsable {
                    precondition(limit.maximum != nil || limit.minimum != nil, "a usable limit has a number")
                }
            }
        }
    }

    /// Features as every layer would take them (properties, vocabulary, geometry type).
    private func records(_ file: LayerFile) {
        for feature in file.features {
            _ = try? Outfall(key: "k", geometry: feature.geometry, properties: feature.properties, origin: .cgcs2000)
            _ = try? Zone(key: "k", geometry: feature.geometry, properties: feature.properties, origin: .cgcs2000)
            _ = try? RiverReach(key: "k", geometry: feature.geometry, properties: feature.properties, origin: .cgcs2000)
        }
    }
}

#if FUZZING
@main
struct Fuzz {
    static func main() {
        guard let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
            print("set FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
            exit(64)
        }
        selected = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            Fuzz.selected?.run(Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
    }

    /// Set once before the driver starts; a C callback cannot capture it.
    nonisolated(unsafe) static var selected: FuzzTarget?
}
#else
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: fuzz-parsers \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…")
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(66)
            }
            target.run([UInt8](data))
            count += 1
        }
        print("\(name): \(count) file(s) replayed, no crash")
    }
}
#endif
