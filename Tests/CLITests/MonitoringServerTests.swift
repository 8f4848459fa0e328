import Foundation
import JSON
import TestSupport
import Testing

/// The monitoring API and chart through a running server: signed-in only, the same JSON as
/// the CLI, an SVG chart that parses as XML with the limit line.
@Suite(.serialized)
struct MonitoringServerTests {
    @Test func assessmentAbnormalAndChartForASignedInViewer() throws {
        let s = try RunningServer()
        let file = s.scratch.write(
            "s.csv",
            """
            point,sampled_at,parameter,value,unit,kind
            O-01,2024-06-24 08:00,COD,50,mg/L,composite
            O-01,2024-06-25 08:00,COD,75,mg/L,composite
            """)
        #expect(try CLI.run(["samples", "import", file, "--db", s.db]).status == 0)
        #expect(try s.curl("/api/monitoring/outfalls/O-01/assessment").status == 401)
        _ = try s.signIn("viewer1", client: "v")
        let a = try #require(try JSONParser().parse(try s.curl("/api/monitoring/outfalls/O-01/assessment", client: "v").body).objectValue)
        #expect(a["standard"]?.stringValue == "GB 18918-2002")
        let cod = a["judgements"]?.arrayValue?.compactMap(\.objectValue).last
        #expect(cod?["exceeds"]?.boolValue == true && cod?["exceedance_multiple"]?.doubleValue == 0.25)
        let abnormal = try JSONParser().parse(try s.curl("/api/monitoring/abnormal", client: "v").body).objectValue
        #expect((abnormal?["count"]?.doubleValue ?? 0) >= 1)
        #expect(try s.curl("/api/monitoring/outfalls/O-99/assessment", client: "v").status == 404)

        let chart = try s.curl("/api/monitoring/outfalls/O-01/chart.svg?parameter=COD", client: "v")
        #expect(chart.status == 200 && chart.headers.contains("image/svg+xml"))
        let svg = s.scratch.write("chart.svg", chart.body)
        let parsed = try Shell.run(
            "python3",
            [
                "-c",
                "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(len(r.findall('{http://www.w3.org/2000/svg}circle')))",
                svg,
            ])
        #expect(parsed.status == 0 && parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(parsed.stderr)")
        #expect(chart.body.contains("限值 60"))
        let spec = try JSONParser().parse(try s.curl("/api/openapi.json").body).objectValue?["paths"]?.objectValue
        #expect(spec?["/api/monitoring/outfalls/{ref}/assessment"] != nil && spec?["/api/monitoring/abnormal"] != nil)
    }
}
