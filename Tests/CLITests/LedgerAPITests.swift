import Foundation
import JSON
import Testing
import TestSupport

/// The tracing endpoints of the JSON API: viewers and above only; the public gets 401.
struct LedgerAPITests {
    @Test func unitsChainAndResponsibleForViewersOnly() throws {
        let s = try RunningServer()
        let units = s.scratch.write("units.csv", TracingCLITests.units)
        #expect(try CLI.run(["unit", "import", units, "--db", s.db]).status == 0)
        let channels = s.scratch.write("c.geojson", TracingCLITests.channels(offsetLat: 0.0001, unit: "柳城糖厂"))
        #expect(try CLI.run(["channel", "import", channels, "--db", s.db]).status == 0)
        let trace = try CLI.run(["trace", "9", "--method", "records", "--unit", "柳城糖厂", "--result", "one_source", "--db", s.db])
        #expect(trace.status == 0, "\(trace.stderr)")

        for path in ["/api/units", "/api/units/1", "/api/channels", "/api/outfalls/9/chain", "/api/outfalls/9/responsible"] {
            let anonymous = try s.curl(path)
            #expect(anonymous.status == 401, "\(path)")
            #expect(anonymous.body.contains("请先登录"))
        }
        #expect(try s.signIn("viewer1", client: "viewer").status == 303)
        #expect(try s.json("/api/units", client: "viewer").arrayValue?.count == 2)
        #expect(try s.json("/api/units/2", client: "viewer").objectValue?["name"]?.stringValue == "某建材企业")
        #expect(try s.curl("/api/units/99", client: "viewer").status == 404)
        let points = try s.json("/api/units?format=geojson", client: "viewer").objectValue
        #expect(points?["features"]?.arrayValue?.count == 1)
        let lines = try s.json("/api/channels", client: "viewer").objectValue
        #expect(lines?["features"]?.arrayValue?.first?.objectValue?["geometry"]?.objectValue?["type"]?.stringValue == "LineString")
        let party = try s.json("/api/outfalls/9/responsible", client: "viewer").objectValue
        #expect(party?["kind"]?.stringValue == "unit" && party?["party"]?.stringValue == "柳城糖厂")
        let chain = try s.json("/api/outfalls/9/chain", client: "viewer").objectValue
        #expect(chain?["receiving_water"]?.objectValue?["river"]?.stringValue == "融江")
        #expect(chain?["units"]?.arrayValue?.count == 1)
        #expect(try s.curl("/api/outfalls/9999/chain", client: "viewer").status == 404)
        let spec = try s.json("/api/openapi.json").objectValue?["paths"]?.objectValue
        #expect(spec?["/api/outfalls/{id}/responsible"] != nil && spec?["/api/units"] != nil)
        // The existing outfall endpoint is untouched by the group.
        #expect(try s.curl("/api/outfalls/9").status == 200)
    }
}
