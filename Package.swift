// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way:
// C shims → JSON, Digest, GeoKit (geometry + CRS) → OutfallModel (domain) → Rivers → Siting
//   → RegistryStore (SQLite) → LayerFormats (import/export) → Registry (use cases)
//   Supervision (pure workflow domain) → RegistryStore (implements its LedgerStore seam);
//   Attachments (files by SHA-256), Reports (XLSX, PDF) → Workflows (ledger use cases)
//   → Server (HTTP: web UI, JSON API, OGC API – Features) → outfalls (CLI, incl. `serve`)
let package = Package(
    name: "OutfallRegistry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "outfalls", targets: ["outfalls"]),
        .library(name: "Registry", targets: ["Registry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .systemLibrary(name: "CGDAL", providers: [.apt(["libgdal-dev"])]),  // dlopened: see Sources/CGDAL/shim.h
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The workflow's document libraries: photo metadata (libexif), JPEG thumbnails (libjpeg),
        // Excel workbooks (libxlsxwriter) and PDF with CJK text (cairo + pango).
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CXlsxWriter", providers: [.apt(["libxlsxwriter-dev"])]),  // dlopened: see its shim.h
        // dlopened on the first PDF: see Sources/CPangoCairo/shim.h. CPangoCairoHeaders (pango's
        // real headers, through pkg-config) is only for the test build's check of its declarations.
        .systemLibrary(name: "CPangoCairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(
            name: "CPangoCairoHeaders", path: "Tests/PangoCairoCheck/Headers", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        // Signboard QR codes: Debian's libqrencode (a tested encoder beats Reed–Solomon and masking by hand).
        .systemLibrary(name: "CQRencode", providers: [.apt(["libqrencode-dev"])]),  // dlopened: see its shim.h

        .target(name: "JSON"),
        .target(name: "Digest"),
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ", "JSON"]),
        .target(name: "GDALKit", dependencies: ["CGDAL"]),
        .target(name: "ZipArchive", dependencies: ["CZlib"]),
        .target(name: "OutfallModel", dependencies: ["GeoKit", "JSON"]),
        .target(name: "Rivers", dependencies: ["GeoKit", "OutfallModel"]),
        .target(name: "Siting", dependencies: ["Rivers", "GeoKit", "OutfallModel", "JSON"]),
        // The supervision workflow's domain: pure Swift, no database (storage behind LedgerStore).
        .target(name: "Supervision", dependencies: ["JSON", "Digest"]),
        // Roles and permissions: one place for the CLI and the web.
        .target(name: "Accounts"),
        // libjpeg's errors longjmp; Swift frames must not be jumped over, so decode/encode and
        // the setjmp around them are a few lines of C (Thumbnail.swift calls only this).
        .target(name: "CJPEGSafe", linkerSettings: [.linkedLibrary("jpeg")]),
        // Monitoring: parameters, units, samples, the standards as data, and judging (pure Swift).
        .target(name: "WaterQuality", dependencies: ["JSON"]),
        // Photos and documents on disk, named by SHA-256, streamed in; EXIF and thumbnails.
        .target(name: "Attachments", dependencies: ["Digest", "CExif", "CJPEG", "CJPEGSafe"]),
        // XLSX (libxlsxwriter) and PDF (cairo + pango) writers, wrapped once.
        .target(name: "Reports", dependencies: ["CXlsxWriter", "CPangoCairo", "CQRencode"]),
        .target(
            name: "RegistryStore",
            dependencies: ["OutfallModel", "GeoKit", "JSON", "Supervision", "Accounts", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "LayerFormats",
            dependencies: [
                "OutfallModel", "GeoKit", "GDALKit", "ZipArchive", "JSON",
                // GeoPackages are written straight through SQLite (GRDB's connection, raw binds).
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Registry", dependencies: ["RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON", "Digest", "Supervision"]),
        // The ledger's use cases (investigation, tracing, responsible parties, dossiers):
        // front ends call these, never a store.
        .target(
            name: "Workflows",
            dependencies: [
                "Registry", "RegistryStore", "Supervision", "Attachments", "Reports", "LayerFormats", "Siting", "Rivers",
                "OutfallModel", "GeoKit", "JSON", "Digest", "ZipArchive", "WaterQuality",
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Registry", "RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON", "Digest",
                "Workflows", "Supervision", "Attachments", "WaterQuality", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "outfalls",
            dependencies: [
                "Server", "Registry", "RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON",
                "Workflows", "Supervision", "Attachments", "Reports", "WaterQuality",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(name: "BenchSupport", path: "Benchmarks/BenchSupport"),
        .executableTarget(
            name: "snap-bench", dependencies: ["BenchSupport", "Rivers", "LayerFormats", "OutfallModel", "GeoKit", "JSON"],
            path: "Benchmarks/SnapBench"
        ),

        .executableTarget(
            name: "screen-bench", dependencies: ["BenchSupport", "Siting", "Rivers", "LayerFormats", "OutfallModel", "GeoKit", "JSON"],
            path: "Benchmarks/ScreenBench"
        ),

        // Our parsers behind one libFuzzer entry point; Fuzz/run_fuzz.sh builds it with the
        // fuzzer and address sanitizer, a normal build replays files through it.
        .target(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"),
        .executableTarget(
            name: "fuzz-parsers",
            dependencies: [
                "CFuzzerDriver", "LayerFormats", "Siting", "ZipArchive", "OutfallModel", "GeoKit", "JSON", "Workflows", "Attachments", "WaterQuality",
                "Rivers",
            ],
            path: "Fuzz/FuzzParsers"
        ),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "RiversTests", dependencies: ["Rivers", "OutfallModel", "GeoKit"]),
        .testTarget(name: "SitingTests", dependencies: ["Siting", "Rivers", "OutfallModel", "GeoKit", "JSON"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "TestSupport"]),
        .testTarget(name: "OutfallModelTests", dependencies: ["OutfallModel", "GeoKit", "JSON"]),
        .testTarget(
            name: "RegistryStoreTests",
            dependencies: ["RegistryStore", "OutfallModel", "GeoKit", "JSON", "Supervision", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "LayerFormatsTests", dependencies: ["LayerFormats", "OutfallModel", "GeoKit", "GDALKit", "JSON", "TestSupport"]),
        .testTarget(
            name: "RegistryTests",
            dependencies: ["Registry", "RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON", "TestSupport", "Digest"],
            resources: [.copy("Fixtures")]
        ),
        // The ledger's commands are tested on registries whose documents a test adds through Workflows.
        .testTarget(name: "CLITests", dependencies: ["JSON", "TestSupport", "Workflows", "Registry", "Supervision"]),
        .testTarget(name: "SupervisionTests", dependencies: ["Supervision", "JSON", "Accounts"]),
        .testTarget(name: "WaterQualityTests", dependencies: ["WaterQuality", "JSON"]),
        .testTarget(name: "AttachmentsTests", dependencies: ["Attachments", "Digest", "TestSupport"]),
        // Compiles CPangoCairo's hand-written pango declarations against pango's headers.
        .target(name: "PangoCairoCheck", dependencies: ["CPangoCairoHeaders"], path: "Tests/PangoCairoCheck/Check"),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport", "PangoCairoCheck"]),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: [
                "Workflows", "Registry", "RegistryStore", "Supervision", "Attachments", "Reports", "OutfallModel", "GeoKit", "JSON", "TestSupport",
                "Digest", "WaterQuality",
            ]
        ),
    ]
)
