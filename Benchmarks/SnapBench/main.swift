// snap-bench: the registry's side of the snapping benchmark (Benchmarks/README.md).
//
//   snap-bench reaches.geojson points.geojson out.csv [max_distance_m]
//
// Reads the same files as snap_geopandas.py with the registry's own readers, builds the
// river network (EPSG:4545), snaps every point, writes point id, reach id, distance along the
// reach and offset as CSV, and prints timings (s) and peak memory (MiB) as JSON.
import BenchSupport
import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Rivers


func readLayer(_ path: String) -> LayerFile {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    do { return try GeoJSONReader().read(InputFile(path: path, bytes: [UInt8](data)), options: ReadOptions()) } catch { fail("\(path): \(error)") }
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else { fail("usage: snap-bench reaches.geojson points.geojson out.csv [max_distance_m]") }
let maxDistance = arguments.count > 4 ? Double(arguments[4]) ?? 500 : 500

let start = ContinuousClock.now
let reachFile = readLayer(arguments[1])
let reaches = reachFile.features.compactMap { f -> RiverReach? in
    try? RiverReach(key: f.id ?? "", geometry: f.geometry, properties: f.properties, origin: .cgcs2000)
}
let pointFile = readLayer(arguments[2])
let points = pointFile.features.compactMap { $0.geometry.point }
let ids = pointFile.features.map { $0.id ?? "" }
let readTime = seconds(since: start)

let buildStart = ContinuousClock.now
let network: RiverNetwork
do { network = try RiverNetwork.build(reaches: reaches) } catch { fail("\(error)") }
let buildTime = seconds(since: buildStart)

let snapStart = ContinuousClock.now
let results: [SnapResult]
do {
    results = try network.snap(points, options: SnapOptions(maxDistance: maxDistance), converter: GeodeticConverter())
} catch { fail("\(error)") }
let snapTime = seconds(since: snapStart)

let writeStart = ContinuousClock.now
var csv = "point,reach,along_m,offset_m,status\n"
var snapped = 0
for (id, result) in zip(ids, results) {
    guard let best = result.best, result.status == .ok || result.status == .ambiguous else { continue }
    snapped += 1
    csv += "\(id),\(best.reach.displayID),\(JSONWriter.format(number: best.alongPart, decimals: 4)),\(JSONWriter.format(number: best.offset, decimals: 4)),\(result.status.rawValue)\n"
}
guard FileManager.default.createFile(atPath: arguments[3], contents: Data(csv.utf8)) else { fail("cannot write \(arguments[3])") }
let writeTime = seconds(since: writeStart)

print(JSONWriter.compact([
    "tool": .string("outfall-registry (GEOS \(GEOSContext().version), PROJ \(PROJContext().version), \(ProcessInfo.processInfo.activeProcessorCount) threads)"),
    "read_s": .number(rounded(readTime)), "build_s": .number(rounded(buildTime)), "snap_s": .number(rounded(snapTime)),
    "index_snap_s": .number(rounded(buildTime + snapTime)),
    "write_s": .number(rounded(writeTime)), "total_s": .number(rounded(seconds(since: start))),
    "snapped": .number(Double(snapped)), "edges": .number(Double(network.edges.count)), "peak_mib": .number(rounded(peakMiB())),
]))
