import Foundation
import JSON
import Testing
import TestSupport

/// The dossier on the web: signed-in viewers read it as a page, a PDF and JSON; the public does not.
struct DossierServerTests {
    @Test func viewersReadTheDossierThePublicIsRefused() throws {
        let s = try RunningServer()
        #expect(try s.curl("/outfalls/30/dossier").status == 403)
        #expect(try s.curl("/api/outfalls/30/dossier").status == 401)  // APIs: nobody signed in is 401
        #expect(try s.signIn("viewer1", client: "v").status == 303)
        let page = try s.curl("/outfalls/30/dossier", client: "v")
        #expect(page.status == 200)
        #expect(page.body.contains("一口一档") && page.body.contains("禁止设置") && page.body.contains("示意数据"))
        #expect(page.body.contains(#"<a href="/outfalls/30/dossier.pdf">"#))
        let json = try #require(try s.json("/api/outfalls/30/dossier", client: "v").objectValue)
        #expect(json["identity"]?.objectValue?["name"] == "柳城县大埔镇水源地上游某村生活污水散排口（示意）")
        #expect(json["responsible"]?.objectValue?["kind"] == "undetermined")
        let pdf = s.scratch.file("d.pdf")
        let fetched = try s.curl("/outfalls/30/dossier.pdf", client: "v", extra: ["-o", pdf])
        #expect(fetched.status == 200)
        #expect(fetched.headers.lowercased().contains("content-type: application/pdf"))
        let text = try Shell.run("pdftotext", [pdf, "-"]).stdout
        #expect(text.contains("责任主体"))
        #expect(try s.curl("/outfalls/999999/dossier", client: "v").status == 404)
        let spec = try #require(try s.json("/api/openapi.json").objectValue)
        #expect(spec["paths"]?.objectValue?["/api/outfalls/{id}/dossier"] != nil)
    }
}
