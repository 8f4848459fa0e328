import Foundation
import JSON
import Testing
import TestSupport

/// 双随机 draws and signboards through the real binary, read back as users do: the draw
/// recomputed by an independent Python script (Tests/Tools/redraw.py, hashlib only), signs
/// read with pdftotext and their QR codes decoded by zbarimg.
struct InspectionCLITests {
    let scratch = Scratch()

    static var redrawScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tools/redraw.py").path
    }

    /// The sample registry with five inspectors (four townships and one county-level) and a
    /// planner; 9 default inspection objects.
    func registry() throws -> String {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        for (name, township) in [("a1", "大埔镇"), ("a2", "凤山镇"), ("a3", "六塘镇"), ("a4", "马山镇"), ("a5", "")] {
            var arguments = ["user", "add", name, "--role", "inspector", "--password-stdin", "--db", db, "--department", "县生态环境局"]
            if !township.isEmpty { arguments += ["--township", township] }
            let added = try Shell.run(CLI.binary, arguments, input: "correct-horse-battery\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        return db
    }

    func draw(_ db: String, _ extra: [String]) throws -> (JSONValue, String) {
        let result = try CLI.run(["inspection", "draw", "--db", db, "--user", "lead", "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let path = scratch.write("draw-\(UUID().uuidString).json", result.stdout)
        return (try JSONParser().parse(Array(result.stdout.utf8)), path)
    }

    func redraw(_ path: String, seed: String? = nil, check: Bool = false) throws -> Shell.Result {
        var arguments = [Self.redrawScript, path]
        if let seed { arguments += ["--seed", seed] }
        if check { arguments.append("--check") }
        return try Shell.run("python3", arguments)
    }

    static func picks(_ draw: JSONValue) -> [Int] {
        (draw["picks"]?.arrayValue ?? []).compactMap { $0["outfall_id"]?.numberValue.map { Int($0) } }
    }

    @Test func anIndependentScriptRecomputesTheDrawFromTheSeedAndAnotherSeedDrawsOtherwise() throws {
        let db = try registry()
        let (first, path) = try draw(db, ["--objects", "4", "--inspectors", "2", "--seed", "2026年12月1日福彩3D 123"])
        #expect(first["seed"]?.stringValue == "2026年12月1日福彩3D 123")
        #expect(first["objects"]?.arrayValue?.count == 9)
        #expect(first["inspectors"]?.arrayValue?.count == 5)
        #expect(Self.picks(first).count == 4)
        let checked = try redraw(path, check: true)
        #expect(checked.status == 0, "\(checked.stderr)")
        let recomputed = try JSONParser().parse(Array(checked.stdout.utf8))
        #expect(recomputed["objects"]?.arrayValue?.compactMap { $0.numberValue.map { Int($0) } } == Self.picks(first))

        // Another seed: the script's answer from the same lists equals the binary's, and differs.
        let (second, _) = try draw(db, ["--objects", "4", "--inspectors", "2", "--seed", "another seed"])
        let predicted = try JSONParser().parse(Array(try redraw(path, seed: "another seed").stdout.utf8))
        #expect(predicted["objects"]?.arrayValue?.compactMap { $0.numberValue.map { Int($0) } } == Self.picks(second))
        #expect(Self.picks(second) != Self.picks(first))

        // 25 % of 9 rounds up to 3.
        let (percent, percentPath) = try draw(db, ["--objects", "25%", "--inspectors", "1", "--seed", "p"])
        #expect(Self.picks(percent).count == 3)
        #expect(try redraw(percentPath, check: true).status == 0)
        let list = try CLI.run(["inspection", "list", "--db", db])
        #expect(list.stdout.contains("2026年12月1日福彩3D 123") && list.stdout.contains("another seed"))
    }

    @Test func inspectorsNeverDrawTheirOwnTownshipNorALinkedUnit() throws {
        let db = try registry()
        let units = scratch.write("units.csv", "单位名称,统一社会信用代码\n柳城糖厂,91350100M000100Y43\n")
        #expect(try CLI.run(["unit", "import", units, "--db", db]).status == 0)
        let added = try CLI.run(["inspection", "conflicts", "add", "a5", "柳城糖厂", "--note", "配偶在该厂任职", "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try CLI.run(["inspection", "conflicts", "list", "--db", db]).stdout.contains("柳城糖厂"))
        // Every object, two of the five inspectors each, over many seeds.
        for n in 0..<6 {
            let (d, path) = try draw(db, ["--objects", "100%", "--inspectors", "2", "--seed", "conflict-\(n)"])
            #expect(try redraw(path, check: true).status == 0)
            let townships = Dictionary(uniqueKeysWithValues: (d["objects"]?.arrayValue ?? []).map {
                (Int($0["outfall_id"]?.numberValue ?? 0), $0["township"]?.stringValue ?? "")
            })
            let homes = ["a1": "大埔镇", "a2": "凤山镇", "a3": "六塘镇", "a4": "马山镇"]
            for pick in d["picks"]?.arrayValue ?? [] {
                let id = Int(pick["outfall_id"]?.numberValue ?? 0)
                let drawn = pick["inspectors"]?.arrayValue?.compactMap(\.stringValue) ?? []
                for name in drawn {
                    if let home = homes[name] { #expect(!(townships[id] ?? "").hasPrefix(home), "\(name) drew #\(id) in \(home)") }
                }
                // Outfall 9 is 柳城糖厂排污口.
                if id == 9 { #expect(!drawn.contains("a5")) }
            }
            let unitExclusions = (d["exclusions"]?.arrayValue ?? []).filter { $0["reason"]?.stringValue == "unit" }
            #expect(unitExclusions.count == 1 && unitExclusions.first?["outfall_id"]?.numberValue == 9)
        }
    }

    @Test func tooFewEligibleInspectorsIsAClearRefusalAndNothingIsStored() throws {
        let db = try registry()
        let refused = try CLI.run(["inspection", "draw", "--objects", "9", "--inspectors", "5", "--seed", "s", "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("回避后只有 4 名检查人员可抽"), "\(refused.stderr)")
        let tooMany = try CLI.run(["inspection", "draw", "--objects", "10", "--inspectors", "1", "--seed", "s", "--db", db])
        #expect(tooMany.status == 1 && tooMany.stderr.contains("只有 9 个"))
        #expect(try CLI.run(["inspection", "draw", "--objects", "3", "--inspectors", "1", "--seed", "", "--db", db]).status == 1)
        #expect(try CLI.run(["inspection", "draw", "--objects", "3", "--inspectors", "1", "--seed", "s", "--weights", "abnormal=0", "--db", db]).status == 1)
        #expect(try CLI.run(["inspection", "list", "--db", db]).stdout.contains("还没有抽查"))
    }

    @Test func weightsArePublishedWithTheDrawAndTheScriptUsesThem() throws {
        let db = try registry()
        #expect(try CLI.run(["abnormal", "add", "11", "--reason", "群众反映夜间偷排", "--db", db]).status == 0)
        let (d, path) = try draw(db, ["--objects", "2", "--inspectors", "1", "--seed", "w", "--weights", "abnormal=50"])
        let object = try #require(d["objects"]?.arrayValue?.first { $0["outfall_id"]?.numberValue == 11 })
        #expect(object["weight"]?.numberValue == 50)
        #expect(object["factors"]?.arrayValue == [.string("abnormal")])
        #expect(d["weights"]?["abnormal"]?.numberValue == 50)
        #expect(try redraw(path, check: true).status == 0)
        let heavy = try (0..<10).map { n in try draw(db, ["--objects", "1", "--inspectors", "1", "--seed", "heavy-\(n)", "--weights", "abnormal=100"]).0 }
        #expect(heavy.filter { Self.picks($0) == [11] }.count >= 6, "weight 100 among 9 is drawn first most of the time")
    }

    @Test func aResultWithAProblemAddsAnAbnormalReasonAndOnlyADrawnInspectorRecordsIt() throws {
        let db = try registry()
        let (d, _) = try draw(db, ["--objects", "2", "--inspectors", "1", "--seed", "r"])
        let pick = try #require(d["picks"]?.arrayValue?.first)
        let outfall = String(Int(pick["outfall_id"]?.numberValue ?? 0))
        let inspector = try #require(pick["inspectors"]?.arrayValue?.first?.stringValue)
        let other = ["a1", "a2", "a3", "a4", "a5"].first { $0 != inspector } ?? ""
        let wrong = try CLI.run(["inspection", "result", "1", outfall, "--finding", "正常", "--db", db, "--user", other])
        #expect(wrong.status == 1 && wrong.stderr.contains("不是抽查 #1 为该对象抽中的检查人员"))
        let notDrawn = try CLI.run(["inspection", "result", "1", "9999", "--finding", "正常", "--db", db, "--user", inspector])
        #expect(notDrawn.status == 1)
        let photo = scratch.file("site.png")
        #expect(try Shell.run("python3", ["-c", Self.pngScript, photo]).status == 0)
        let recorded = try CLI.run([
            "inspection", "result", "1", outfall, "--finding", "排口有异味，现场采样", "--problem", "--samples", "S-2026-001", "--photo", photo,
            "--date", "2026-12-01", "--db", db, "--user", inspector,
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("已加入异常清单"))
        let abnormal = try CLI.run(["abnormal", "list", "--db", db])
        #expect(abnormal.stdout.contains("双随机检查发现问题") && abnormal.stdout.contains("排口有异味"), "\(abnormal.stdout)")
        let show = try JSONParser().parse(Array(try CLI.run(["inspection", "show", "1", "--format", "json", "--db", db]).stdout.utf8))
        let result = try #require(show["results"]?.arrayValue?.first)
        #expect(result["photos"]?.arrayValue?.count == 1 && result["samples"]?.stringValue == "S-2026-001" && result["date"]?.stringValue == "2026-12-01")
        // Publish once; a published draw cannot be voided or published again.
        #expect(try CLI.run(["inspection", "publish", "1", "--db", db]).status == 0)
        #expect(try CLI.run(["inspection", "publish", "1", "--db", db]).status == 1)
        #expect(try CLI.run(["inspection", "void", "1", "--reason", "重抽", "--db", db]).status == 1)
        let published = try JSONParser().parse(Array(try CLI.run(["inspection", "show", "1", "--format", "json", "--db", db]).stdout.utf8))
        #expect(published["state"]?.stringValue == "published" && published["publishedAt"]?.stringValue != nil)
    }

    static let pngScript = """
        import sys, zlib, struct
        def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
        raw = b''.join(b'\\x00' + b'\\x80\\x80\\x80' * 4 for _ in range(4))
        open(sys.argv[1], 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 4, 4, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
        """

    /// The QR codes zbarimg finds on each page of a PDF rendered at 150 dpi.
    func decodedPages(_ pdf: String) throws -> [String] {
        let prefix = scratch.file("page-\(UUID().uuidString)")
        #expect(try Shell.run("pdftoppm", ["-r", "150", "-png", pdf, prefix]).status == 0)
        let directory = (prefix as NSString).deletingLastPathComponent
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix((prefix as NSString).lastPathComponent) && $0.hasSuffix(".png") }.sorted()
        return try pages.map { page in
            let decoded = try Shell.run("zbarimg", ["-q", "--raw", (directory as NSString).appendingPathComponent(page)])
            return decoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test func aSignShowsItsFieldsAndItsQRCodeDecodesToThePublicPage() throws {
        let db = try registry()
        let pdf = scratch.file("sign.pdf")
        let made = try CLI.run([
            "sign", "9", "-o", pdf, "--public-url", "https://hb.liucheng.example/", "--phone", "0772-7612345", "--db", db,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let text = try Shell.run("pdftotext", [pdf, "-"]).stdout
        for expected in ["入河排污口标志牌", "柳城糖厂排污口", "LC-450222-IE-00001", "工矿企业排污口", "柳城糖厂", "融江", "0772-7612345"] {
            #expect(text.contains(expected), "\(expected) missing")
        }
        #expect(try decodedPages(pdf) == ["https://hb.liucheng.example/public/outfalls/9"])

        // The URL and phone were saved: a batch without them uses the same, one page each.
        let batch = scratch.file("batch.pdf")
        let all = try CLI.run(["sign", "--all", "--type", "industrial_enterprise,urban_wwtp", "--paper", "a3", "-o", batch, "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        let info = try Shell.run("pdfinfo", [batch]).stdout
        #expect(info.contains("A3"))
        let decoded = try decodedPages(batch)
        let list = try JSONParser().parse(Array(try CLI.run(["list", "--type", "industrial_enterprise", "--format", "json", "--db", db]).stdout.utf8))
        let wwtp = try JSONParser().parse(Array(try CLI.run(["list", "--type", "urban_wwtp", "--format", "json", "--db", db]).stdout.utf8))
        let ids = ((list.arrayValue ?? []) + (wwtp.arrayValue ?? [])).compactMap { $0["id"]?.numberValue.map { Int($0) } }.sorted()
        #expect(decoded.count == ids.count && ids.count >= 9)
        #expect(decoded == ids.map { "https://hb.liucheng.example/public/outfalls/\($0)" })
        #expect(try Shell.run("pdftotext", [batch, "-"]).stdout.components(separatedBy: "0772-7612345").count == ids.count + 1)

        // A household's outfall: its sign names no person, the township instead; a township government stays.
        let household = scratch.file("household.pdf")
        #expect(try CLI.run(["sign", "16", "4", "-o", household, "--db", db]).status == 0)
        let householdText = try Shell.run("pdftotext", [household, "-"]).stdout
        #expect(!householdText.contains("\n某养殖户（示意）\n") && householdText.contains("个人信息不公开（属地：六塘镇") && householdText.contains("柳城县大埔镇人民政府"))
        #expect(try CLI.run(["sign", "9", "-o", scratch.file("x.pdf"), "--public-url", "ftp://x", "--db", db]).status == 1)
        #expect(try CLI.run(["sign", "-o", scratch.file("x.pdf"), "--db", db]).status == 1)
    }
}

extension JSONValue {
    fileprivate subscript(_ key: String) -> JSONValue? { objectValue?[key] }
    fileprivate var numberValue: Double? { doubleValue }
}
