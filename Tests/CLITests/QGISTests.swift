import Foundation
import JSON
import Testing
import TestSupport

/// The exports opened in real QGIS 3.22 (Debian's PyQGIS, offscreen) by
/// `Tests/Tools/qgis_render.py`: the GeoPackage's layers with the styles QGIS finds in it,
/// the county rendered with labeling, the labels QGIS placed counted per layer, the map and a
/// map sheet saved to `artifacts/qgis/`. Skipped, saying why, only where PyQGIS cannot be
/// imported.
struct QGISTests {
    /// Debian's PyQGIS is installed for the system Python, not for any other on the PATH.
    static let python = "/usr/bin/python3"
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? Shell.run(python, ["-c", "import qgis.core"]).status) == 0
    }()

    let scratch = Scratch()

    /// Exports the sample registry as a GeoPackage and a zipped Shapefile and renders them.
    func render() throws -> JSONObject {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let gpkg = scratch.file("layers.gpkg")
        let shp = scratch.file("layers.zip")
        for (format, path) in [("gpkg", gpkg), ("shp", shp)] {
            let exported = try CLI.run(["export", "--db", db, "--layer", "all", "--format", format, "-o", path])
            #expect(exported.status == 0, "\(format): \(exported.stderr)")
        }
        let artifacts = Shell.repositoryRoot + "/artifacts/qgis"
        let result = try Shell.run(Self.python, [Shell.repositoryRoot + "/Tests/Tools/qgis_render.py", gpkg, shp, artifacts])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONParser().parse(line).objectValue, "\(result.stdout)\(result.stderr)")
    }

    @Test(.enabled(if: available, "PyQGIS cannot be imported by /usr/bin/python3: apt-get install python3-qgis qgis-providers (scripts/install-deps --test)"))
    func qgisPlacesLabelsOnOutfallsRiversZonesAndTownshipsWithChineseLegends() throws {
        let report = try render()
        let layers = try #require(report["layers"]?.objectValue)
        #expect(report["errors"]?.arrayValue?.isEmpty == true, "\(report["errors"] ?? .null)")
        let chinese = { (text: String) in text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        for table in ["outfalls", "rivers", "zones", "areas"] {
            let layer = try #require(layers[table]?.objectValue, "\(table) not loaded")
            #expect(layer["valid"]?.boolValue == true, "\(table)")
            #expect(layer["labels_enabled"]?.boolValue == true, "\(table): labels not enabled by our style")
            let placed = layer["labels"]?.doubleValue ?? 0
            #expect(placed > 0, "\(table): QGIS placed no labels")
            // Every name on the map is one of the layer's own, in Chinese.
            for example in layer["label_examples"]?.arrayValue ?? [] { #expect(chinese(example.stringValue ?? ""), "\(table): \(example)") }
            #expect(chinese(layer["name"]?.stringValue ?? ""), "\(table): layer title \(layer["name"] ?? .null)")
        }
        // Legends: categorised layers list their classes in Chinese.
        for table in ["outfalls", "zones", "areas"] {
            let legend = layers[table]?.objectValue?["legend"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(legend.count > 1 && legend.allSatisfy(chinese), "\(table): \(legend)")
        }
        #expect(layers["outfalls"]?.objectValue?["renderer"]?.stringValue == "categorizedSymbol")
        // Outfalls are labelled most: at county extent most of the 42 fit.
        #expect((layers["outfalls"]?.objectValue?["labels"]?.doubleValue ?? 0) >= 10)
        #expect(report["sheet"]?.objectValue?["exported"]?.boolValue == true)
        #expect(FileManager.default.fileExists(atPath: Shell.repositoryRoot + "/artifacts/qgis/map.png"))
        // The Shapefile's .qml applies once unpacked (QGIS loads `<layer>.qml` beside it).
        let unpacked = report["shapefile"]?.objectValue?["outfalls"]?.objectValue?["unpacked"]?.objectValue
        #expect(unpacked?["renderer"]?.stringValue == "categorizedSymbol", "\(report["shapefile"] ?? .null)")
        #expect(unpacked?["labels_enabled"]?.boolValue == true)
        // Field aliases in Chinese, on the Shapefile's dBase names too.
        #expect(layers["outfalls"]?.objectValue?["aliases"]?.objectValue?["verdict_label"]?.stringValue == "判定")
        #expect(unpacked?["aliases"]?.objectValue?["verdict_lb"]?.stringValue == "判定", "\(unpacked?["aliases"] ?? .null)")
    }

    /// The project inside the GeoPackage (`qgis_projects`), opened in QGIS where it was
    /// written and from a copy in another folder: every layer found, titled in Chinese with
    /// the schematic label, stacked points over rivers over zones over townships, styled and
    /// labelled when its own view is drawn.
    @Test(.enabled(if: available, "PyQGIS cannot be imported by /usr/bin/python3: apt-get install python3-qgis qgis-providers (scripts/install-deps --test)"))
    func theGeoPackageCarriesAProjectThatOpensWithChineseTitlesInMapOrderWhereverTheFileIsMoved() throws {
        let project = try #require(try render()["project"]?.objectValue)
        #expect(project["projects"]?.arrayValue?.compactMap(\.stringValue) == ["入河排污口图层"])
        #expect(project["listed"]?.arrayValue?.compactMap(\.stringValue) == ["入河排污口图层"], "QGIS's Browser lists it")
        let titles = ["outfalls": "入河排污口", "sections": "监测断面", "intakes": "饮用水取水口", "rivers": "河流河段", "zones": "保护区与功能区", "areas": "行政区"]
        for opening in ["original", "moved"] {
            let entry = try #require(project[opening]?.objectValue, "\(opening): \(project)")
            #expect(entry["read"]?.boolValue == true, "\(opening)")
            #expect(entry["title"]?.stringValue?.hasPrefix("入河排污口") == true && entry["title"]?.stringValue?.contains("示意数据") == true, "\(opening): \(entry["title"] ?? .null)")
            #expect(entry["crs"]?.stringValue == "EPSG:4490")
            #expect(entry["errors"]?.arrayValue?.isEmpty == true, "\(opening): \(entry["errors"] ?? .null)")
            let layers = entry["layers"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(layers.compactMap { $0["table"]?.stringValue } == ["outfalls", "sections", "intakes", "rivers", "zones", "areas"], "\(opening): top first")
            for layer in layers {
                let table = layer["table"]?.stringValue ?? ""
                #expect(layer["valid"]?.boolValue == true, "\(opening) \(table): source not found")
                #expect(layer["reads_this_file"]?.boolValue == true, "\(opening) \(table): reads another file")
                #expect(layer["name"]?.stringValue == (titles[table] ?? "?") + "（示意数据）", "\(opening) \(table): \(layer["name"] ?? .null)")
                #expect((layer["features"]?.doubleValue ?? 0) > 0, "\(opening) \(table)")
                #expect(layer["labels_enabled"]?.boolValue == true, "\(opening) \(table)")
            }
            for table in ["outfalls", "rivers", "zones", "areas"] {
                let layer = layers.first { $0["table"]?.stringValue == table }
                #expect((layer?["labels"]?.doubleValue ?? 0) > 0, "\(opening) \(table): QGIS placed no labels in the project's view")
            }
            let outfalls = layers.first { $0["table"]?.stringValue == "outfalls" }
            #expect((outfalls?["legend"]?.arrayValue?.count ?? 0) > 1, "\(opening): categorised legend")
        }
    }
}
