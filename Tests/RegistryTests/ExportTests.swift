import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Registry
import RegistryStore
import Testing

/// Every export read back with independent readers: GDAL's ogrinfo, Python's zipfile and
/// sqlite3, and the OGC KML 2.2 schema through lxml.
struct ExportTests {
    let dir = TemporaryDirectory()

    func sample() throws -> Registry { try dir.sampleRegistry() }

    func export(_ registry: Registry, _ layers: [LayerKind], _ format: String, _ name: String, epsg: Int? = nil, filters: [(field: String, value: String)] = []) throws -> String {
        let path = dir.file(name)
        _ = try registry.export(ExportRequest(layers: layers, format: format, path: path, filters: filters, epsg: epsg))
        return path
    }

    func ogrinfo(_ arguments: [String]) throws -> Shell.Result {
        try Shell.run("ogrinfo", ["-ro", "-al"] + arguments)
    }

    /// GDAL prints a warning or error about anything it finds wrong.
    func expectClean(_ result: Shell.Result, _ what: String) {
        #expect(result.status == 0, "\(what): \(result.stderr)")
        #expect(!result.stderr.contains("Warning") && !result.stderr.contains("ERROR"), "\(what): \(result.stderr)")
    }

    @Test func geoJSONReadsBackWithCountsChineseAndCoordinates() throws {
        let registry = try sample()
        let path = try export(registry, [.outfalls], "geojson", "o.geojson")
        let result = try ogrinfo([path])
        expectClean(result, "geojson")
        #expect(result.stdout.contains("Feature Count: 42"))
        #expect(result.stdout.contains("name (String) = 柳城县城污水处理厂排污口"))
        #expect(result.stdout.contains("verdict (String) = prohibited"))
        let wwtp = try #require(try registry.store.fetch(Outfall.self, key: "liucheng-sample:O-01"))
        let expected = "POINT (\(JSONWriter.format(number: wwtp.location.lon, decimals: 7)) \(JSONWriter.format(number: wwtp.location.lat, decimals: 7)))"
        #expect(result.stdout.contains(expected))
    }

    @Test func geoJSONPolygonsAreRightHandedWithIdsOnEveryFeature() throws {
        let path = try export(try sample(), [.zones], "geojson", "z.geojson")
        let json = try JSONParser().parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let features = json.objectValue?["features"]?.arrayValue ?? []
        #expect(features.count == 16)
        for feature in features {
            let object = try #require(feature.objectValue)
            #expect(object["id"]?.doubleValue != nil)
            let geometry = try Geometry(geoJSON: try #require(object["geometry"]))
            for polygon in geometry.polygons {
                #expect(Polygon.signedDoubleArea(polygon.exterior) > 0)  // counter-clockwise
                for hole in polygon.holes { #expect(Polygon.signedDoubleArea(hole) < 0) }
            }
        }
    }

    @Test func kmlWithHostileNamesIsValidKML22AndReadsBack() throws {
        let registry = try Registry.empty(in: dir)
        let hostile = "<b>排口</b> & \"引号\" ]]> 'x' \u{1}结束"
        _ = try registry.importFile(.outfalls, dir.write("h.geojson", json: GeoJSON.collection([
            GeoJSON.feature(id: "h", .point(Coordinate(lon: 109.2, lat: 24.6)), ["name": .string(hostile), "type": "other", "备注": "a<b>&c"]),
        ])))
        for format in ["kml", "kmz"] {
            let path = try export(registry, [.outfalls], format, "h.\(format)")
            let validation = try Shell.run("python3", [Shell.repositoryRoot + "/Tests/Tools/validate_kml.py", path])
            #expect(validation.stdout.contains("valid") && validation.status == 0, "\(format): \(validation.stdout)\(validation.stderr)")
            // Read as QGIS reads it: the KMZ itself, through LIBKML.
            let result = try ogrinfo(["--config", "OGR_SKIP", "KML", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("<b>排口</b> & \"引号\" ]]> 'x' \u{FFFD}结束"), "\(result.stdout)")
            #expect(result.stdout.contains("a<b>&c"))
            // The balloon is HTML in a CDATA section: the name in it HTML-escaped, `]]>` included.
            #expect(result.stdout.contains("<th align=\"left\">名称</th><td>&lt;b&gt;排口&lt;/b&gt; &amp; &quot;引号&quot; ]]&gt; &apos;x&apos; \u{FFFD}结束</td>"), "\(result.stdout)")
        }
    }

    @Test func kmzHasDocKMLFirstStylesIconsAndOneStableLayerPerLayer() throws {
        let path = try export(try sample(), LayerKind.allCases, "kmz", "all.kmz")
        let listing = try Shell.run("python3", ["-c", """
            import zipfile,sys
            z=zipfile.ZipFile(sys.argv[1])
            print(z.testzip())
            for i in z.infolist(): print(i.filename)
            """, path])
        #expect(listing.stdout.hasPrefix("None\ndoc.kml\n"), "\(listing.stdout)\(listing.stderr)")
        #expect(listing.stdout.contains("files/wwtp.png"))
        let validation = try Shell.run("python3", [Shell.repositoryRoot + "/Tests/Tools/validate_kml.py", path])
        #expect(validation.status == 0 && validation.stdout.contains("valid"), "every layer's Document and Schema: \(validation.stdout)\(validation.stderr)")
        // LIBKML (QGIS's reader) makes a layer of every container: exactly one per layer,
        // named without counts, none empty.
        let result = try ogrinfo(["-so", "--config", "OGR_SKIP", "KML", path])
        expectClean(result, "kmz")
        #expect(result.stdout.contains("using driver `LIBKML'"))
        let names = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Layer name: ") }.map { String($0.dropFirst(12)) }
        #expect(names == ["河流河段", "保护区与功能区", "饮用水取水口", "监测断面", "行政区", "入河排污口"])
        let counts = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Feature Count: ") }.map { String($0.dropFirst(15)) }
        #expect(counts == ["11", "16", "1", "3", "13", "42"])
        // Google Earth's styles and balloons are kept: shared styles by class, our icons.
        let document = try Shell.run("unzip", ["-p", path, "doc.kml"]).stdout
        #expect(document.contains("<Style id=\"outfalls-prohibited-other\"><IconStyle><color>ff1c19d7</color>"), "\(document.prefix(3000))")
        #expect(document.contains("<href>files/wwtp.png</href>"))
        #expect(document.contains("<styleUrl>#zones-drinking_water_1</styleUrl>"))
        #expect(document.contains("<description><![CDATA[<table><tr><th align=\"left\">名称</th>"))
        #expect(document.contains("<th align=\"left\">是否达标</th><td>是</td>"), "booleans read 是/否 in the balloon")
    }

    /// Every field of every feature, read back through GDAL's LIBKML driver (what QGIS uses)
    /// from the KML and from the KMZ, equals the GeoJSON export's: text, numbers (as Real)
    /// and booleans (as Integer 1/0, which LIBKML reads; `true` it read as 0).
    @Test(.enabled(if: ExportTests.gdalPython, "GDAL's Python bindings (python3-gdal) not importable by /usr/bin/python3"))
    func kmlAndKMZReadBackThroughLIBKMLWithEveryFieldAndValue() throws {
        let registry = try sample()
        let geojson = try export(registry, LayerKind.allCases, "geojson", "layers")
        var fields: [String: [String: Double]] = [:]
        for format in ["kml", "kmz"] {
            let path = try export(registry, LayerKind.allCases, format, "all.\(format)")
            let result = try Shell.run("/usr/bin/python3", [Shell.repositoryRoot + "/Tests/Tools/compare_libkml.py", path, geojson])
            #expect(result.status == 0, "\(format): \(result.stdout)\(result.stderr)")
            let report = try JSONParser().parse(result.stdout).objectValue
            #expect(report?["driver"]?.stringValue == "LIBKML")
            for member in report?["layers"]?.objectValue?.members ?? [] {
                fields[format, default: [:]][member.key] = member.value.objectValue?["fields"]?.doubleValue
            }
        }
        #expect(fields["kml"] == fields["kmz"], "\(fields)")
        #expect((fields["kmz"]?["outfalls"] ?? 0) >= 37, "\(fields)")
    }

    static let gdalPython = (try? Shell.run("/usr/bin/python3", ["-c", "from osgeo import ogr"]).status) == 0

    /// The verdict summary stored with screening (rule ids, township) says the same as the
    /// expanded findings and as the township worked out from the areas layer afresh.
    @Test func exportedRulesAndTownshipsAgreeWithFindingsAndAreas() throws {
        let registry = try sample()
        let screening = try registry.screening()
        let townships = Dictionary(uniqueKeysWithValues: try registry.outfalls().map { ($0.outfall.key, $0.township) })
        let exported = try #require(try registry.exportLayers([.outfalls]).first)
        #expect(exported.features.count == 42 && screening.count == 42)
        var withSeveralFindings = 0
        for (row, feature) in zip(screening, exported.features) {
            let fromFindings = try row.findingList().map(\.rule.id)
            if fromFindings.count > 1 { withSeveralFindings += 1 }
            #expect(Set(row.ruleIDs) == Set(fromFindings), "\(row.outfall.key)")
            #expect(row.ruleIDs.count == Set(row.ruleIDs).count, "\(row.outfall.key): \(row.ruleIDs)")
            #expect(feature.properties["rules"]?.stringValue == row.ruleIDs.joined(separator: ","))
            #expect(row.township == townships[row.outfall.key] ?? nil, "\(row.outfall.key)")
            #expect(feature.properties["township"]?.stringValue == row.township)
        }
        #expect(withSeveralFindings > 0)
        #expect(screening.contains { $0.township != nil })
    }

    @Test func geoPackagePassesGDALAndHasBothCRSsAndASpatialIndex() throws {
        let registry = try sample()
        let path = try export(registry, LayerKind.allCases, "gpkg", "all.gpkg")
        expectClean(try ogrinfo(["-so", path]), "gpkg")
        // GDAL's own checker of the GeoPackage requirements, and SQLite's of each R-tree.
        let validation = try Shell.run("python3", ["/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py", path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let checks = try Shell.run("python3", ["-c", """
            import sqlite3,sys
            c=sqlite3.connect(sys.argv[1])
            for t in ['rivers','zones','intakes','sections','areas','outfalls']:
                print(t, c.execute("select rtreecheck('rtree_%s_geom')" % t).fetchone()[0], [r[0] for r in c.execute('select fid from %s order by fid' % t)])
            """, path])
        for kind in LayerKind.allCases {
            let ids = try #require(try registry.exportLayers([kind]).first).features.map(\.id)
            #expect(checks.stdout.contains("\(kind.rawValue) ok \(ids)"), "\(kind): \(checks.stdout)\(checks.stderr)")
        }
        let integrity = try Shell.run("ogrinfo", ["-ro", "-q", "-sql", "PRAGMA integrity_check", path])
        #expect(integrity.stdout.contains("integrity_check (String) = ok"))
        let tables = try Shell.run("python3", ["-c", """
            import sqlite3,sys
            c=sqlite3.connect(sys.argv[1])
            print(sorted(r[0] for r in c.execute('select srs_id from gpkg_spatial_ref_sys')))
            print(sorted(r[0] for r in c.execute('select table_name from gpkg_contents')))
            print(sorted(r[0] for r in c.execute("select name from sqlite_master where name like 'rtree_%' and type='table' and name not like '%\\\\_%' escape '\\\\'")))
            print(c.execute('select count(*) from rtree_outfalls_geom').fetchone()[0])
            print(c.execute('select application_id from pragma_application_id').fetchone()[0])
            print(sorted((r[0], r[1], 'attr="verdict"' in r[2]) for r in c.execute('select f_table_name, useAsDefault, styleQML from layer_styles')))
            """, path])
        let lines = tables.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count >= 6, "\(tables.stderr)")
        #expect(lines.first?.contains("4490") == true && lines.first?.contains("4545") == true)
        #expect(lines[1] == "['areas', 'intakes', 'layer_styles', 'outfalls', 'rivers', 'sections', 'zones']")
        #expect(lines[3] == "42")
        #expect(lines[4] == "1196444487")  // 'GPKG'
        // QGIS's default style per layer; only the outfalls style classifies by verdict.
        #expect(lines[5] == "[('areas', 1, False), ('intakes', 1, False), ('outfalls', 1, True), ('rivers', 1, False), ('sections', 1, False), ('zones', 1, False)]")
    }

    @Test func projectedGeoPackageHoldsGaussKrugerCoordinates() throws {
        let registry = try sample()
        let path = try export(registry, [.intakes], "gpkg", "i.gpkg", epsg: 4545)
        let intake = try #require(try registry.store.fetchAll(Intake.self).first)
        let expected = try CoordinateTransformer(fromEPSG: 4490, toEPSG: 4545, context: PROJContext()).transform(intake.location)
        let result = try ogrinfo([path])
        expectClean(result, "gpkg 4545")
        #expect(result.stdout.contains("CGCS2000 / 3-degree Gauss-Kruger CM 108E"))
        let point = try #require(result.stdout.split(separator: "\n").first { $0.contains("POINT (") })
        let numbers = point.split(whereSeparator: { " ()".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 2 && abs(numbers[0] - expected.x) < 1e-6 && abs(numbers[1] - expected.y) < 1e-6, "\(point)")
    }

    @Test func shapefileZipHasPrjCpgAndShortFieldNames() throws {
        let path = try export(try sample(), [.outfalls], "shp", "o.zip")
        let result = try ogrinfo(["/vsizip/" + path])
        expectClean(result, "shp")
        #expect(result.stdout.contains("Feature Count: 42"))
        #expect(result.stdout.contains("name (String) = 柳城县城污水处理厂排污口"))
        #expect(result.stdout.contains("CGCS2000"))
        let names = try Shell.run("python3", ["-c", "import zipfile,sys; print(sorted(zipfile.ZipFile(sys.argv[1]).namelist()))", path])
        #expect(names.stdout.contains("'outfalls.cpg'") && names.stdout.contains("'outfalls.prj'") && names.stdout.contains("'fieldnames.txt'"))
        #expect(names.stdout.contains("'outfalls.qml'"))
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("  ") && line.contains(" (String) = ") {
            let field = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " (").first ?? ""
            #expect(field.utf8.count <= 10, "\(field)")
        }
    }

    @Test func csvHasBOMLonLatAndChineseHeadersOnRequest() throws {
        let registry = try sample()
        let path = dir.file("o.csv")
        _ = try registry.export(ExportRequest(
            layers: [.outfalls], format: "csv", path: path, filters: [("verdict", "prohibited")], chineseHeaders: true))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("编号,经度,纬度,登记键,名称"))
        let result = try Shell.run("ogrinfo", ["-ro", "-al", "-oo", "X_POSSIBLE_NAMES=经度", "-oo", "Y_POSSIBLE_NAMES=纬度", "CSV:" + path])
        #expect(result.stdout.contains("Feature Count: 3"), "\(result.stdout)\(result.stderr)")
    }

    @Test func geoJSONAndKMLRefuseAProjectedCRS() throws {
        let registry = try sample()
        #expect(throws: RegistryError.self) { try export(registry, [.outfalls], "geojson", "x.geojson", epsg: 4545) }
        #expect(throws: RegistryError.self) { try export(registry, [.outfalls], "kml", "x.kml", epsg: 4545) }
    }

    /// Export then import reproduces the registry: the same keys, properties and geometry.
    @Test(arguments: ["geojson", "gpkg", "kml", "kmz"])
    func roundTripReproducesEveryLayer(format: String) throws {
        let original = try sample()
        let copy = try Registry.create(path: dir.file("copy-\(format).sqlite"), settings: original.settings)
        for kind in LayerKind.allCases {
            let path = try export(original, [kind], format, "\(kind.rawValue).\(format)")
            _ = try copy.importFile(kind, path)
        }
        func compare<R: StoredRecord>(_ type: R.Type) throws {
            let a = try original.store.fetchAll(R.self)
            let b = Dictionary(uniqueKeysWithValues: try copy.store.fetchAll(R.self).map { ($0.key, $0) })
            #expect(a.count == b.count)
            for record in a {
                let other = try #require(b[record.key], "\(record.key)")
                #expect(record.canonicalProperties == other.canonicalProperties, "\(record.key)")
                // GeoPackage and KML (as LIBKML reads it) have no boolean type: a boolean kept
                // among the extra properties (`schematic`) comes back as 1/0.
                #expect(record.extra == other.extra || format != "geojson", "\(record.key)")
                let pairs = zip(record.geometry.coordinates, other.geometry.coordinates)
                #expect(record.geometry.coordinates.count == other.geometry.coordinates.count)
                #expect(pairs.allSatisfy { abs($0.x - $1.x) <= 5e-8 && abs($0.y - $1.y) <= 5e-8 }, "\(record.key)")
            }
        }
        try compare(RiverReach.self)
        try compare(Zone.self)
        try compare(Intake.self)
        try compare(MonitoringSection.self)
        try compare(AdministrativeArea.self)
        try compare(Outfall.self)
    }
}

/// Large registries are read in two id ranges on two connections: every outfall comes out
/// once, in id order, with the same fields as one connection gives.
struct PartitionedReadTests {
    let dir = TemporaryDirectory()

    @Test func twoPartsGiveEveryOutfallOnceInOrder() throws {
        let registry = try dir.sampleRegistry()
        var csv = "名称,类型,经度,纬度\n"
        for i in 0..<24_000 { csv += "排口\(i),other,\(109.1 + Double(i % 400) * 0.001),\(24.5 + Double(i / 400) * 0.002)\n" }
        _ = try registry.importFile(.outfalls, dir.write("many.csv", csv))
        let exported = try #require(try registry.exportLayers([.outfalls]).first)
        let ids = exported.features.map(\.id)
        #expect(ids.count == 24_042)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        let listed = try registry.outfalls()
        #expect(ids == listed.compactMap(\.outfall.id))
        // The fields of a feature either side of the split agree with the listing.
        for index in [0, 12_000, 12_021, 24_041] {
            let feature = exported.features[index]
            #expect(feature.properties["name"]?.stringValue == listed[index].outfall.name)
            #expect(feature.properties["township"]?.stringValue == listed[index].township)
            #expect(feature.properties["verdict"]?.stringValue == listed[index].verdict?.rawValue)
        }
    }
}
