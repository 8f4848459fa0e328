// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way:
// C shims → JSON, GeoKit (geometry + CRS) → OutfallModel (domain) → Rivers → Siting
//   → RegistryStore (SQLite) → LayerFormats (import/export) → Registry (use cases)
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
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "JSON"),
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ", "JSON"]),
        .target(name: "GDALKit", dependencies: ["CGDAL"]),
        .target(name: "ZipArchive", dependencies: ["CZlib"]),
        .target(name: "OutfallModel", dependencies: ["GeoKit", "JSON"]),
        .target(name: "Rivers", dependencies: ["GeoKit", "OutfallModel"]),
        .target(name: "Siting", dependencies: ["Rivers", "GeoKit", "OutfallModel", "JSON"]),
        .target(
            name: "RegistryStore",
            dependencies: ["OutfallModel", "GeoKit", "JSON", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "LayerFormats",
            dependencies: [
                "OutfallModel", "GeoKit", "GDALKit", "ZipArchive", "JSON",
                // GeoPackages are written straight through SQLite (GRDB's connection, raw binds).
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Registry", dependencies: ["RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON"]),
        .target(
            name: "Server",
            dependencies: [
                "Registry", "RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON",
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
            name: "fuzz-parsers", dependencies: ["CFuzzerDriver", "LayerFormats", "Siting", "ZipArchive", "OutfallModel", "GeoKit", "JSON"],
            path: "Fuzz/FuzzParsers"
        ),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "RiversTests", dependencies: ["Rivers", "OutfallModel", "GeoKit"]),
        .testTarget(name: "SitingTests", dependencies: ["Siting", "Rivers", "OutfallModel", "GeoKit", "JSON"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "TestSupport"]),
        .testTarget(name: "OutfallModelTests", dependencies: ["OutfallModel", "GeoKit", "JSON"]),
        .testTarget(name: "RegistryStoreTests", dependencies: ["RegistryStore", "OutfallModel", "GeoKit", "JSON"]),
        .testTarget(name: "LayerFormatsTests", dependencies: ["LayerFormats", "OutfallModel", "GeoKit", "JSON", "TestSupport"]),
        .testTarget(
            name: "RegistryTests",
            dependencies: ["Registry", "RegistryStore", "LayerFormats", "Siting", "Rivers", "OutfallModel", "GeoKit", "JSON", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CLITests", dependencies: ["JSON", "TestSupport"]),
    ]
)
