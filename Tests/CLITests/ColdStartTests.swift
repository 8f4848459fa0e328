import Foundation
import Testing

/// The libraries only some commands need (GDAL for foreign formats; pango/cairo, libxlsxwriter
/// and libqrencode for documents) are dlopened on first use, not linked, so that `--help` and
/// a siting check do not pay for loading ~170 shared libraries (docs/benchmarks.md, "Cold
/// start"). A new `link` in a module map, or a pkg-config system library a product depends on,
/// would bring them back silently: the process's loaded libraries are read from the dynamic
/// loader's own trace (LD_DEBUG=files names every object it loads).
struct ColdStartTests {
    let scratch = Scratch()

    static let onDemand = ["libgdal", "libpango", "libcairo", "libharfbuzz", "libxlsxwriter", "libqrencode"]

    /// The shared objects the dynamic loader loaded while running `arguments`.
    static func loadedLibraries(_ arguments: [String]) throws -> (status: Int32, libraries: Set<String>) {
        let result = try CLI.run(arguments, environment: ["LD_DEBUG": "files"])
        var libraries = Set<String>()
        for line in result.stderr.split(separator: "\n") {
            // "    1234:\tfile=libgeos_c.so.1 [0];  needed by …" or "…  dynamically loaded by …"
            guard let range = line.range(of: "file=") else { continue }
            let name = line[range.upperBound...].prefix { $0 != " " && $0 != "\t" && $0 != ";" }
            libraries.insert(String((name as Substring).split(separator: "/").last ?? name))
        }
        return (result.status, libraries)
    }

    @Test func helpAndACheckLoadNoDocumentOrGDALLibrary() throws {
        let help = try Self.loadedLibraries(["--help"])
        #expect(help.status == 0)
        // The trace works: the libraries a check does need are in it.
        #expect(help.libraries.contains { $0.hasPrefix("libgeos_c") }, "\(help.libraries.sorted())")
        #expect(help.libraries.contains { $0.hasPrefix("libproj") })

        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let check = try Self.loadedLibraries(["check", "--db", db, "--lon", "109.24", "--lat", "24.65"])
        #expect(check.status == 0, "\(check.libraries.count) libraries")
        #expect(check.libraries.contains { $0.hasPrefix("libsqlite3") })

        for (command, libraries) in [("--help", help.libraries), ("check", check.libraries)] {
            let loaded = libraries.filter { name in Self.onDemand.contains { name.hasPrefix($0) } }
            #expect(loaded.isEmpty, "`outfalls \(command)` loaded \(loaded.sorted()): link them no more, dlopen on first use")
        }
    }

    /// GeoPackages are written through SQLite with PROJ's CRS texts: no GDAL (which costs a
    /// GeoPackage export of 100,000 outfalls ~40 MiB); a Shapefile does need it.
    @Test func aGeoPackageExportLoadsNoGDALAShapefileDoes() throws {
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let gpkg = try Self.loadedLibraries(["export", "--db", db, "--layer", "all", "--format", "gpkg", "-o", scratch.file("all.gpkg")])
        #expect(gpkg.status == 0)
        #expect(gpkg.libraries.contains { $0.hasPrefix("libsqlite3") }, "\(gpkg.libraries.sorted())")
        #expect(!gpkg.libraries.contains { $0.hasPrefix("libgdal") })
        let shp = try Self.loadedLibraries(["export", "--db", db, "--format", "shp", "-o", scratch.file("o.zip")])
        #expect(shp.status == 0)
        #expect(shp.libraries.contains { $0.hasPrefix("libgdal") })
    }

    @Test func aPDFAndAWorkbookLoadTheirLibrariesWhenWritten() throws {
        // The other side: the same binary does load them when it writes the documents.
        let db = scratch.file("o.sqlite")
        #expect(try CLI.run(["init", "--sample", "--db", db]).status == 0)
        let pdf = try Self.loadedLibraries(["dossier", "liucheng-sample:O-30", "--format", "pdf", "-o", scratch.file("O-30.pdf"), "--db", db])
        #expect(pdf.status == 0)
        #expect(pdf.libraries.contains { $0.hasPrefix("libpangocairo") } && pdf.libraries.contains { $0.hasPrefix("libcairo") })
        #expect(FileManager.default.fileExists(atPath: scratch.file("O-30.pdf")))
        let xlsx = try Self.loadedLibraries(["export", "--layer", "ledger", "--format", "xlsx", "-o", scratch.file("l.xlsx"), "--db", db])
        #expect(xlsx.status == 0)
        #expect(xlsx.libraries.contains { $0.hasPrefix("libxlsxwriter") })
        #expect(!xlsx.libraries.contains { $0.hasPrefix("libpango") })
    }

    /// ArgumentParser builds the whole command tree on every run, and a command without a
    /// `commandName` is named by `String(describing:)` of its type: a failing protocol-
    /// conformance scan over every conformance record in the process per command (~14 ms
    /// of a cold check with the 37 unnamed ones, docs/benchmarks.md "Cold start"). Read the
    /// sources, since the tree's names look the same either way.
    @Test func everyCommandConfigurationNamesItsCommand() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/outfalls")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var unnamed: [String] = []
        var seen = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            var rest = text[...]
            while let start = rest.range(of: "CommandConfiguration(") {
                // The call's arguments up to its closing parenthesis (abstracts hold no parentheses
                // that are not balanced).
                var depth = 1
                var end = start.upperBound
                while depth > 0, end < rest.endIndex {
                    if rest[end] == "(" { depth += 1 } else if rest[end] == ")" { depth -= 1 }
                    end = rest.index(after: end)
                }
                seen += 1
                if !rest[start.upperBound..<end].contains("commandName:") {
                    let line = text[..<start.lowerBound].filter { $0 == "\n" }.count + 1
                    unnamed.append("\(file.lastPathComponent):\(line)")
                }
                rest = rest[end...]
            }
        }
        #expect(seen > 40, "found \(seen) command configurations under \(sources.path)")
        #expect(unnamed.isEmpty, "give these commands a commandName: \(unnamed)")
    }
}
