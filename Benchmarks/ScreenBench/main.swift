// screen-bench: the registry's side of the screening benchmark (Benchmarks/README.md).
//
//   screen-bench DATADIR rules.json out.csv
//
// Reads DATADIR/{reaches,zones,intakes,sections,outfalls}.geojson with the registry's own
// readers and record types, builds the river network, snaps every outfall, screens them all
// against the rules, writes outfall id, verdict and the ids of the rules found as CSV, and
// prints timings (s) and peak memory (MiB) as JSON.
import BenchSupport
import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Rivers
import Siting


func bytes(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    return [UInt8](data)
}

func records<R: LayerRecord>(_ type: R.Type, _ path: String) -> [R] {
    let file: LayerFile
    do { file = try GeoJSONReader().read(InputFile(path: path, bytes: bytes(path)), options: ReadOptions()) } catch { fail("\(path): \(error)") }
    return file.features.enumerated().map { i, f in
        do {
            var r = try R(key: f.id ?? "", geometry: f.geometry, properties: f.properties, origin: .cgcs2000)
            r.id = Int64(i + 1)
            return r
        } catch { fail("\(path) \(f.position): \(error)") }
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else { fail("usage: screen-bench DATADIR rules.json out.csv") }
let dir = arguments[1]

let start = ContinuousClock.now
let rules: SitingRuleSet
do { rules = try SitingRuleSet(json: bytes(arguments[2])) } catch { fail("\(error)") }
let reaches = records(RiverReach.self, dir + "/reaches.geojson")
let zones = records(Zone.self, dir + "/zones.geojson")
let intakes = records(Intake.self, dir + "/intakes.geojson")
let sections = records(MonitoringSection.self, dir + "/sections.geojson")
let outfalls = records(Outfall.self, dir + "/outfalls.geojson")
let readTime = seconds(since: start)

let screenStart = ContinuousClock.now
let converter = GeodeticConverter()
let verdicts: [SitingVerdict]
do {
    let network = try RiverNetwork.build(reaches: reaches)
    let locations = outfalls.map(\.location)
    let snaps = try network.snap(locations, converter: converter)
    let metric = try converter.toMetric(locations)
    let model = try SitingModel(rules: rules, zones: zones, intakes: intakes, sections: sections, network: network, converter: converter)
    let subjects = zip(zip(outfalls, snaps), metric).map { pair, p in
        let (outfall, snap) = pair
        let best = snap.status == .ok || snap.status == .ambiguous ? snap.best : nil
        return SitingSubject(metric: p, receiving: best?.snappedMetric, networkLocation: best?.location, type: outfall.type, isNew: outfall.status == .proposed)
    }
    verdicts = try model.screen(subjects)
} catch { fail("\(error)") }
let screenTime = seconds(since: screenStart)

let writeStart = ContinuousClock.now
var csv = "outfall,verdict,rules\n"
var flagged = 0
for (outfall, v) in zip(outfalls, verdicts) {
    if v.verdict != .clear { flagged += 1 }
    csv += "\(outfall.key),\(v.verdict.rawValue),\(Set(v.findings.map(\.rule.id)).sorted().joined(separator: ";"))\n"
}
guard FileManager.default.createFile(atPath: arguments[3], contents: Data(csv.utf8)) else { fail("cannot write \(arguments[3])") }
let writeTime = seconds(since: writeStart)

print(JSONWriter.compact([
    "tool": .string("outfall-registry (GEOS \(GEOSContext().version), PROJ \(PROJContext().version), \(ProcessInfo.processInfo.activeProcessorCount) threads)"),
    "read_s": .number(rounded(readTime)), "screen_s": .number(rounded(screenTime)), "write_s": .number(rounded(writeTime)),
    "total_s": .number(rounded(seconds(since: start))), "flagged": .number(Double(flagged)), "outfalls": .number(Double(outfalls.count)),
    "peak_mib": .number(rounded(peakMiB())),
]))
