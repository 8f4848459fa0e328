import Foundation
import JSON
import Testing
import TestSupport

/// 双随机 draws and signboards on the web: the planner draws through the form and publishes;
/// the public sees published draws only, with public fields only, and recomputes them; a
/// signed-in user's sign PDF carries a QR code to the configured public URL.
struct InspectionServerTests {
    @Test func aPlannerDrawsAndPublishesThePublicRecomputesItAndSeesNoInternals() throws {
        let s = try RunningServer(extraArguments: ["--public-url", "https://pub.liucheng.example"])
        for (name, township) in [("a1", "大埔镇"), ("a2", "凤山镇"), ("a3", "六塘镇")] {
            let added = try Shell.run(
                CLI.binary, ["user", "add", name, "--role", "inspector", "--township", township, "--password-stdin", "--db", s.db],
                input: "correct-horse-battery\n")
            #expect(added.status == 0)
        }
        let units = s.scratch.write("units.csv", "单位名称,统一社会信用代码\n凤山糖厂,91450222MA5K00000C\n")
        #expect(try CLI.run(["unit", "import", units, "--db", s.db]).status == 0)
        #expect(try CLI.run(["inspection", "conflicts", "add", "a1", "凤山糖厂", "--note", "内部备注：亲属任职", "--db", s.db]).status == 0)

        #expect(try s.curl("/inspections").status == 403)
        #expect(try s.curl("/api/inspections").status == 401)
        #expect(try s.json("/public/api/inspections").arrayValue == [])

        #expect(try s.signIn("planner1", client: "p").status == 303)
        let page = try s.curl("/inspections", client: "p")
        #expect(page.status == 200 && page.body.contains(#"id="draw-form""#))
        let token = try s.csrf(client: "p")
        // The conflicts list on the web: what the CLI added, one added and removed here (with a reason).
        #expect(page.body.contains("内部备注：亲属任职"))
        #expect(try s.curl("/inspections/conflicts", client: "p", form: [("csrf", token), ("inspector", "a2"), ("unit", "凤山糖厂"), ("note", "曾在该厂工作")]).status == 303)
        #expect(try s.curl("/inspections/conflicts", client: "p", form: [("csrf", token), ("inspector", "nobody"), ("unit", "凤山糖厂")]).status == 404)
        #expect(try CLI.run(["inspection", "conflicts", "list", "--db", s.db]).stdout.contains("曾在该厂工作"))
        #expect(try s.curl("/inspections/conflicts/2/remove", client: "p", form: [("csrf", token), ("reason", "")]).status == 409)
        #expect(try s.curl("/inspections/conflicts/2/remove", client: "p", form: [("csrf", token), ("reason", "已离职三年")]).status == 303)
        #expect(!(try s.curl("/inspections", client: "p").body.contains("曾在该厂工作")))
        let noToken = try s.curl("/inspections", client: "p", form: [("seed", "x"), ("objects", "3"), ("inspectors", "1")])
        #expect(noToken.status == 403)
        let bad = try s.curl("/inspections", client: "p", form: [("csrf", token), ("seed", "x"), ("objects", "abc"), ("inspectors", "1")])
        #expect(bad.status == 400 && bad.body.contains("抽取数量"))
        let short = try s.curl("/inspections", client: "p", form: [("csrf", token), ("seed", "x"), ("objects", "9"), ("inspectors", "3")])
        #expect(short.status == 409 && short.body.contains("回避后只有"), "\(short.status)")
        let drawn = try s.curl(
            "/inspections", client: "p",
            form: [("csrf", token), ("title", "2026年第四季度抽查"), ("seed", "开奖号 07-19-23"), ("objects", "5"), ("inspectors", "1"), ("weight_abnormal", "3")])
        #expect(drawn.status == 303 && drawn.headers.contains("/inspections/1"), "\(drawn.status) \(drawn.body)")
        let shown = try s.curl("/inspections/1", client: "p")
        #expect(shown.status == 200 && shown.body.contains("开奖号 07-19-23") && shown.body.contains(#"id="publish-form""#))
        #expect(try s.curl("/inspections/99", client: "p").status == 404)

        // Viewers read but cannot draw or publish.
        #expect(try s.signIn("viewer1", client: "v").status == 303)
        #expect(try s.curl("/inspections/1", client: "v").status == 200)
        let viewerToken = try s.csrf(client: "v")
        #expect(try s.curl("/inspections/1/publish", client: "v", form: [("csrf", viewerToken)]).status == 403)
        let internalView = try s.json("/api/inspections", client: "v")
        #expect(internalView.arrayValue?.first?.objectValue?["drawnBy"]?.stringValue == "planner1")

        // Not public until published.
        #expect(try s.json("/public/api/inspections").arrayValue == [])
        #expect(!(try s.curl("/public/inspections").body.contains("开奖号 07-19-23")))
        #expect(try s.curl("/inspections/1/publish", client: "p", form: [("csrf", token)]).status == 303)
        #expect(try s.curl("/inspections/1/publish", client: "p", form: [("csrf", token)]).status == 409)

        let publicJSON = try s.curl("/public/api/inspections")
        #expect(publicJSON.status == 200)
        let draws = try JSONParser().parse(publicJSON.body).arrayValue ?? []
        #expect(draws.count == 1)
        let first = try #require(draws.first?.objectValue)
        #expect(first["seed"]?.stringValue == "开奖号 07-19-23")
        #expect(first["picks"]?.arrayValue?.count == 5)
        for secret in ["planner1", "内部备注", "亲属任职", "drawnBy", "drawn_by"] {
            #expect(!publicJSON.body.contains(secret), "\(secret) is internal")
        }
        // Anyone recomputes it from what was published.
        let saved = s.scratch.write("public-draw.json", JSONWriter.pretty(.object(first)))
        let checked = try Shell.run("python3", [InspectionCLITests.redrawScript, saved, "--check"])
        #expect(checked.status == 0, "\(checked.stderr)")
        let publicPage = try s.curl("/public/inspections")
        #expect(publicPage.status == 200 && publicPage.body.contains("开奖号 07-19-23") && publicPage.body.contains("2026年第四季度抽查"))
        #expect(!publicPage.body.contains("内部备注") && !publicPage.body.contains("planner1") && !publicPage.body.contains("/logout"))

        // A result appears publicly with its date and finding, never its photos or samples.
        let pick = try #require(first["picks"]?.arrayValue?.first?.objectValue)
        let outfall = String(Int(pick["outfall_id"]?.doubleValue ?? 0))
        let inspector = try #require(pick["inspectors"]?.arrayValue?.first?.stringValue)
        // The drawn inspector records it from the draw page (multipart, with a photo); others see no form.
        #expect(try s.signIn(inspector, client: "i").status == 303)
        let drawPage = try s.curl("/inspections/1", client: "i").body
        #expect(drawPage.contains(#"id="result-\#(outfall)""#))
        #expect(!(try s.curl("/inspections/1", client: "v").body.contains("result-form")))
        let photo = s.scratch.file("site.png")
        #expect(try Shell.run("python3", ["-c", InspectionCLITests.pngScript, photo]).status == 0)
        let inspectorToken = try s.csrf(client: "i")
        let posted = try s.curl("/inspections/1/results", client: "i", extra: [
            "-F", "csrf=\(inspectorToken)", "-F", "outfall=\(outfall)", "-F", "finding=标志牌缺失，排口周边有油污", "-F", "problem=yes",
            "-F", "samples=内部样品号 S-77", "-F", "date=2026-12-01", "-F", "photo=@\(photo);type=image/png",
        ])
        #expect(posted.status == 303, "\(posted.status) \(posted.body)")
        let viewerPost = try s.curl("/inspections/1/results", client: "v", extra: ["-F", "csrf=\(viewerToken)", "-F", "outfall=\(outfall)", "-F", "finding=x"])
        #expect(viewerPost.status == 403)
        let abnormal = try CLI.run(["abnormal", "list", "--db", s.db])
        #expect(abnormal.stdout.contains("双随机检查发现问题"))
        let stored = try s.json("/api/inspections", client: "v").arrayValue?.first?.objectValue?["results"]?.arrayValue?.first?.objectValue
        #expect(stored?["photos"]?.arrayValue?.count == 1 && stored?["inspector"]?.stringValue == inspector)
        let withResult = try s.curl("/public/api/inspections").body
        #expect(withResult.contains("标志牌缺失，排口周边有油污") && withResult.contains("2026-12-01") && !withResult.contains("S-77"))
        #expect(try s.curl("/public/inspections").body.contains("标志牌缺失，排口周边有油污"))

        // The county may keep inspectors' names off the public site.
        #expect(try CLI.run(["inspection", "settings", "--publish-names", "no", "--db", s.db]).status == 0)
        let anonymous = try s.curl("/public/api/inspections").body
        let view = try #require(try JSONParser().parse(anonymous).arrayValue?.first?.objectValue)
        #expect(view["inspectors"] == .null && !anonymous.contains("\"\(inspector)\""))
        let objectsOnly = s.scratch.write("objects-only.json", JSONWriter.pretty(.object(view)))
        #expect(try Shell.run("python3", [InspectionCLITests.redrawScript, objectsOnly, "--check"]).status == 0, "the objects are still recomputable")
        #expect(!(try s.curl("/public/inspections").body.contains(">\(inspector)<")))
    }

    @Test func theSignPDFCarriesAQRCodeToTheConfiguredPublicPage() throws {
        let s = try RunningServer(extraArguments: ["--public-url", "https://pub.liucheng.example/"])
        #expect(try s.curl("/outfalls/9/sign.pdf").status == 403)
        #expect(try s.signIn("viewer1", client: "v").status == 303)
        let pdf = s.scratch.file("sign.pdf")
        let fetched = try s.curl("/outfalls/9/sign.pdf", client: "v", extra: ["-o", pdf])
        #expect(fetched.status == 200 && fetched.headers.lowercased().contains("content-type: application/pdf"))
        #expect(try Shell.run("pdftotext", [pdf, "-"]).stdout.contains("柳城糖厂排污口"))
        let prefix = s.scratch.file("sign-page")
        #expect(try Shell.run("pdftoppm", ["-r", "150", "-png", "-singlefile", pdf, prefix]).status == 0)
        let decoded = try Shell.run("zbarimg", ["-q", "--raw", prefix + ".png"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(decoded == "https://pub.liucheng.example/public/outfalls/9")
        #expect(try s.curl("/outfalls/999999/sign.pdf", client: "v").status == 404)
        #expect(try s.curl("/outfalls/9/sign.pdf?paper=a5", client: "v").status == 400)
        #expect(try s.curl("/outfalls/9", client: "v").body.contains(#"href="/outfalls/9/sign.pdf""#))
        // The CLI prints the same address: the server saved it as the setting.
        let cli = s.scratch.file("cli.pdf")
        #expect(try CLI.run(["sign", "9", "-o", cli, "--db", s.db]).status == 0)
        #expect(try Shell.run("pdftotext", [cli, "-"]).stdout.contains("https://pub.liucheng.example/public/outfalls/9"))
    }
}
