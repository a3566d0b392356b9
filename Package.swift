// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// cmark-gfm's calls to `cmark_manage_extensions_special_characters` must reach
/// Blotter's replacement (Sources/BlotterCore/Markdown/CmarkGFM/SpecialCharacters.swift):
/// export it from the binaries.
let exportReplacement: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=cmark_manage_extensions_special_characters"], .when(platforms: [.linux])),
]

let package = Package(
    name: "Blotter",
    // Linux only (README, Platforms): no platforms are named, since none but Linux is built
    // or tested; the Linux calls are in Sources/BlotterCore/Platform/,
    // Sources/BlotterPrint/Platform/ and Sources/BlotterServer/Platform/, which a port replaces.
    products: [
        .executable(name: "blotter", targets: ["blotter"]),
        .library(name: "BlotterCore", targets: ["BlotterCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // jemalloc replaces the C library's malloc in the `blotter` binary: a build makes
        // and frees millions of small strings and values, and glibc's allocator was an
        // eighth of its time (a 10,000-incident build: 25 % faster with jemalloc).
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        // zlib and Brotli's encoder: the .gz and .br copies a build writes beside text files.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .systemLibrary(
            name: "CBrotli",
            pkgConfig: "libbrotlienc",
            providers: [.apt(["libbrotli-dev"])]
        ),
        .target(
            name: "BlotterCore",
            dependencies: [
                "CCmarkGFM",
                "CZlib",
                "CBrotli",
                "CVips",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedTheme"]
        ),
        // The default theme (Templates/) compiled into BlotterCore: the plugin runs the
        // embedder at each build, over every file of Templates/ (see Sources/BlotterCore/Load/Theme.swift).
        .executableTarget(name: "ThemeEmbedder", swiftSettings: strictSettings),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["ThemeEmbedder"]),
        // Printing a briefing to PDF: the Chromium session (started with posix_spawn, driven
        // over the DevTools pipe), the PDF reader, writer and merger, and the print-part cutter.
        .target(
            name: "BlotterPrint",
            dependencies: ["BlotterCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "BlotterServer",
            dependencies: [
                "BlotterCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "blotter",
            dependencies: [
                "BlotterCore",
                "BlotterPrint",
                "BlotterServer",
                "CJemalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings,
            linkerSettings: exportReplacement
        ),
        // The fuzz target (scripts/fuzz.sh): built normally, it replays saved inputs.
        .executableTarget(
            name: "BlotterFuzz",
            dependencies: ["BlotterCore"],
            swiftSettings: strictSettings,
            linkerSettings: exportReplacement
        ),
        // What both test targets use: a site written into a temporary folder, built and read
        // back (`TestSite`), an incident file to put in it, a line diff. A plain library, never shipped.
        .target(
            name: "BlotterTestSupport",
            dependencies: ["BlotterCore", "BlotterPrint"],
            path: "Tests/BlotterTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BlotterCoreTests",
            dependencies: ["BlotterCore", "BlotterPrint", "BlotterTestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: strictSettings,
            linkerSettings: exportReplacement
        ),
        // The preview server's tests: Sources/BlotterServer, and `blotter serve` run whole.
        .testTarget(
            name: "BlotterServerTests",
            dependencies: ["BlotterCore", "BlotterServer", "BlotterTestSupport"],
            swiftSettings: strictSettings,
            linkerSettings: exportReplacement
        ),
    ],
    swiftLanguageModes: [.v6]
)
