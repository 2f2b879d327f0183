// swift-tools-version: 6.0
import PackageDescription

/// Applied to every target: Swift 6 language mode, strict concurrency is implied.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

// Linux only (Debian 12 and its libraries; see the README): the snapshot store, the document arena, the test
// servers and the Chromium launcher call glibc directly, so no Apple platform is claimed.
let package = Package(
    name: "pricewatch",
    products: [
        .executable(name: "pricewatch", targets: ["pricewatch"]),
        .library(name: "PricewatchCore", targets: ["PricewatchCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries: a module map plus a tiny shim header each. Only one Swift module imports each.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // glibc's syncfs(2) and mallopt(M_ARENA_MAX), which Swift's Glibc module does not import.
        .target(name: "CLinuxSystem"),
        // posix_spawn with the file actions Chromium's DevTools pipe needs (fds 3 and 4, nothing else inherited).
        .target(name: "CChromiumSpawn"),
        // The per-document arena libxml2 allocates from while it parses a small page (the `arena` fast path).
        .target(name: "CDocumentArena"),

        // HTML parsing, XPath and CSS selectors over libxml2.
        .target(name: "PricewatchHTML", dependencies: ["CLibXML2", "CDocumentArena"]),
        // HTTP transfers over libcurl.
        .target(name: "PricewatchFetch", dependencies: ["CCurl"]),
        // SHA-256 and HMAC-SHA256 over libcrypto's EVP API: record fingerprints, webhook signatures.
        .target(name: "PricewatchHashing", dependencies: ["CLibCrypto"]),
        // JSON text in pricewatch's own layout, written and read through the models' Codable conformances.
        .target(name: "PricewatchJSONCoding"),
        // Records, price and date parsing, selectors.yml, extraction, diffing, snapshots, the check run.
        .target(
            name: "PricewatchCore",
            dependencies: [
                "CLinuxSystem", "PricewatchHTML", "PricewatchFetch", "PricewatchHashing", "PricewatchJSONCoding",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Zero-config reading: plans, prices and features from a pricing page without rules (`site: auto`).
        .target(name: "PricewatchAutoExtraction", dependencies: ["PricewatchCore", "PricewatchHTML"]),
        // The Chrome DevTools protocol over --remote-debugging-pipe: Chromium's process, tabs, request policy.
        .target(name: "PricewatchDevTools", dependencies: ["CChromiumSpawn"]),
        // `render: browser`: Core's PageRendering on one headless Chromium per run, with reused tabs.
        .target(name: "PricewatchBrowser", dependencies: ["PricewatchCore", "PricewatchDevTools"]),
        // `pricewatch lint`: the rules checked against the stored pages.
        .target(name: "PricewatchLint", dependencies: ["PricewatchCore", "PricewatchHTML"]),
        // Slack and generic webhooks, the outbox.
        .target(name: "PricewatchNotify", dependencies: ["PricewatchCore", "PricewatchFetch", "PricewatchHashing"]),
        // The PostgreSQL store: a libpq connection, the schema and its migrations.
        .target(name: "PricewatchPostgres", dependencies: ["CLibPQ", "PricewatchCore", "PricewatchNotify"]),
        // `pricewatch report`: one self-contained HTML file with price-history charts.
        .target(name: "PricewatchReport", dependencies: ["PricewatchCore"]),
        // `check`'s report written as targets finish (JSON, text, Markdown), byte for byte the whole report's.
        .target(name: "PricewatchReportStream", dependencies: ["PricewatchCore"]),
        // Loopback HTTP servers with injectable faults, for tests, benchmarks and the demo.
        .target(name: "PricewatchTestSupport", dependencies: ["CLinuxSystem"]),

        .executableTarget(
            name: "pricewatch",
            dependencies: [
                "PricewatchCore", "PricewatchNotify", "PricewatchFetch", "PricewatchAutoExtraction",
                "PricewatchPostgres", "PricewatchReport", "PricewatchBrowser", "PricewatchLint",
                "PricewatchReportStream", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pricewatch-bench",
            dependencies: [
                "PricewatchCore", "PricewatchHTML", "PricewatchFetch", "PricewatchAutoExtraction", "PricewatchReport",
                "PricewatchTestSupport", "PricewatchDevTools", "PricewatchPostgres",
            ]
        ),
        .executableTarget(name: "pricewatch-devserver", dependencies: ["PricewatchTestSupport"]),
        // The fuzz targets: every parser of untrusted bytes with the invariants it keeps, and their driver
        // (`make fuzz` builds it with -sanitize=fuzzer,address; a normal build replays inputs once each).
        .target(
            name: "PricewatchFuzzTargets",
            dependencies: [
                "PricewatchCore", "PricewatchHTML", "PricewatchNotify", "PricewatchAutoExtraction",
                "PricewatchJSONCoding",
            ]),
        .executableTarget(name: "pricewatch-fuzz", dependencies: ["PricewatchFuzzTargets"]),
        // Drives a SnapshotStore in a child process for the kill -9 and disk-full tests of PricewatchCoreTests.
        .executableTarget(name: "pricewatch-stress", dependencies: ["PricewatchCore"]),

        .testTarget(name: "PricewatchHashingTests", dependencies: ["PricewatchHashing"]),
        .testTarget(
            name: "PricewatchHTMLTests", dependencies: ["PricewatchHTML", "CDocumentArena", "PricewatchTestSupport"]),
        .testTarget(
            name: "PricewatchFetchTests",
            dependencies: ["PricewatchFetch", "PricewatchTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PricewatchCoreTests",
            dependencies: ["PricewatchCore", "PricewatchJSONCoding", "PricewatchTestSupport"]
        ),
        .testTarget(name: "PricewatchDevToolsTests", dependencies: ["PricewatchDevTools", "PricewatchTestSupport"]),
        .testTarget(
            name: "PricewatchBrowserTests",
            dependencies: ["PricewatchBrowser", "PricewatchCore", "PricewatchDevTools", "PricewatchTestSupport"]
        ),
        .testTarget(
            name: "PricewatchAutoExtractionTests",
            dependencies: [
                "PricewatchAutoExtraction", "PricewatchCore", "PricewatchHTML", "PricewatchFetch",
                "PricewatchTestSupport",
            ]
        ),
        .testTarget(
            name: "PricewatchNotifyTests",
            dependencies: ["PricewatchNotify", "PricewatchCore", "PricewatchHashing", "PricewatchTestSupport"]
        ),
        .testTarget(
            name: "PricewatchLintTests",
            dependencies: ["PricewatchLint", "PricewatchHTML", "PricewatchAutoExtraction", "PricewatchTestSupport"]),
        .testTarget(
            name: "PricewatchPostgresTests",
            dependencies: ["PricewatchPostgres", "PricewatchCore", "PricewatchTestSupport"]
        ),
        .testTarget(
            name: "PricewatchReportTests",
            dependencies: ["PricewatchReport", "PricewatchCore", "PricewatchHTML", "PricewatchTestSupport"]
        ),
        .testTarget(name: "PricewatchReportStreamTests", dependencies: ["PricewatchReportStream", "PricewatchCore"]),
        .testTarget(
            name: "PricewatchFuzzTargetsTests", dependencies: ["PricewatchFuzzTargets", "PricewatchTestSupport"]),
        .testTarget(
            name: "PricewatchCLITests",
            dependencies: ["PricewatchCore", "PricewatchPostgres", "PricewatchTestSupport"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
