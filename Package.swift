// swift-tools-version:6.0
import PackageDescription

// Foundation only: the two native libraries are system-library targets, and no Swift package
// dependency is ever added (see README.md, "Design").
let package = Package(
    name: "Lanzi",
    products: [
        .executable(name: "lanzi", targets: ["lanzi"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "LanziCore"),
        .target(name: "LanziStore", dependencies: ["LanziCore", "CSQLite"]),
        .target(name: "LanziSigning", dependencies: ["LanziCore", "CLibCrypto"]),
        .target(name: "LanziService", dependencies: ["LanziCore", "LanziStore", "LanziSigning"]),
        // HTTP/1.1 over POSIX sockets: parser, response writer, router, event loops. It knows
        // nothing of markets.
        .target(name: "LanziHTTP"),
        // The JSON shapes of every answer: the command line's --json, and the HTTP API's.
        .target(name: "LanziAPI", dependencies: ["LanziCore", "LanziService", "LanziHTTP"]),
        .executableTarget(name: "lanzi", dependencies: ["LanziCore", "LanziService", "LanziAPI", "LanziHTTP"]),
        // Benchmarks (tools/bench): release-built, figures printed as JSON.
        .executableTarget(name: "lanzi-bench", dependencies: ["LanziCore", "LanziStore", "LanziSigning", "LanziService", "LanziAPI", "LanziHTTP"]),

        // What the test targets share: the one rule for stock commands (sqlite3, openssl,
        // hledger) that a test checks against. Only test targets depend on it.
        .target(name: "LanziTestSupport", path: "Tests/LanziTestSupport"),
        .testTarget(name: "LanziCoreTests", dependencies: ["LanziCore"]),
        .testTarget(name: "LanziStoreTests", dependencies: ["LanziStore", "LanziCore", "LanziTestSupport"]),
        .testTarget(name: "LanziSigningTests", dependencies: ["LanziSigning", "LanziTestSupport"]),
        .testTarget(name: "LanziHTTPTests", dependencies: ["LanziHTTP"]),
        .testTarget(name: "LanziAPITests", dependencies: ["LanziAPI", "LanziHTTP", "LanziService", "LanziCore", "LanziTestSupport"]),
        .testTarget(name: "LanziServiceTests", dependencies: ["LanziService", "LanziStore", "LanziCore", "LanziSigning", "LanziTestSupport"]),
        // Runs the built `lanzi` binary end to end; depending on it makes `swift test` build it.
        .testTarget(name: "LanziCLITests", dependencies: ["lanzi", "LanziTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
