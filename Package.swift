// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

/// A benchmark: an executable in `Benchmarks/NAME`, run on purpose, never by the tests.
func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, path: "Benchmarks/\(name)", swiftSettings: swiftSettings)
}

let package = Package(
    name: "AuthBridge",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AuthBridge", targets: ["AuthBridge"]),
        .library(name: "AuthBridgeConfig", targets: ["AuthBridgeConfig"]),
        .library(name: "AuthBridgeTesting", targets: ["AuthBridgeTesting"]),
        .library(name: "AuthBridgeSQLite", targets: ["AuthBridgeSQLite"]),
        .library(name: "AuthBridgePostgres", targets: ["AuthBridgePostgres"]),
        .library(name: "AuthBridgeVapor", targets: ["AuthBridgeVapor"]),
        .library(name: "AuthBridgeHummingbird", targets: ["AuthBridgeHummingbird"]),
        .library(name: "AuthBridgeCLI", targets: ["AuthBridgeCLI"]),
        .executable(name: "authbridge", targets: ["authbridge"]),
        .library(name: "AuthBridgeDemo", targets: ["AuthBridgeDemo"]),
        .executable(name: "demo-server", targets: ["demo-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.2.0"),
    ],
    targets: [
        .target(
            name: "AuthBridge",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeConfig",
            dependencies: [
                "AuthBridge",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeTesting",
            dependencies: ["AuthBridge"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeSQLite",
            dependencies: [
                "AuthBridge",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgePostgres",
            dependencies: [
                "AuthBridge",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeVapor",
            dependencies: [
                "AuthBridge",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeHummingbird",
            dependencies: [
                "AuthBridge",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeCLI",
            dependencies: [
                "AuthBridge", "AuthBridgeConfig", "AuthBridgeSQLite", "AuthBridgePostgres", "AuthBridgeDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AuthBridgeDemo",
            dependencies: [
                "AuthBridge", "AuthBridgeConfig", "AuthBridgeHummingbird", "AuthBridgeSQLite", "AuthBridgePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "demo-server",
            dependencies: ["AuthBridgeDemo"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "authbridge",
            dependencies: ["AuthBridgeCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AuthBridgeFuzz",
            dependencies: ["AuthBridge", "AuthBridgeConfig", "AuthBridgeTesting"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "store-probe",
            dependencies: ["AuthBridge", "AuthBridgeSQLite"],
            swiftSettings: swiftSettings
        ),
        benchmark("SessionStoreBenchmark", [
            "AuthBridge", "AuthBridgeSQLite", "AuthBridgePostgres", "AuthBridgeTesting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        benchmark("PolicyBenchmark", ["AuthBridge"]),
        benchmark("UsageBenchmark", ["AuthBridge", "AuthBridgeSQLite"]),
        benchmark("HTTPBenchServer", [
            "AuthBridge", "AuthBridgeConfig", "AuthBridgeSQLite", "AuthBridgeHummingbird", "AuthBridgeVapor",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "Vapor", package: "vapor"),
            .product(name: "JWT", package: "jwt"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        benchmark("AdapterBenchmark", [
            "AuthBridge", "AuthBridgeHummingbird", "AuthBridgeTesting", "AuthBridgeVapor",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Vapor", package: "vapor"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        benchmark("DecisionBenchmark", ["AuthBridge", "AuthBridgeTesting"]),
        .testTarget(
            name: "AuthBridgeAdapterTests",
            dependencies: [
                "AuthBridge", "AuthBridgeTesting", "AuthBridgeVapor", "AuthBridgeHummingbird", "AuthBridgeSQLite",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgeTests",
            dependencies: [
                "AuthBridge", "AuthBridgeTesting",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgeTestingTests",
            dependencies: ["AuthBridge", "AuthBridgeTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgeSQLiteTests",
            dependencies: [
                "AuthBridge", "AuthBridgeSQLite", "AuthBridgeTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgePostgresTests",
            dependencies: [
                "AuthBridge", "AuthBridgePostgres", "AuthBridgeTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgeConfigTests",
            dependencies: [
                "AuthBridge", "AuthBridgeConfig", "AuthBridgeTesting",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgeDemoTests",
            dependencies: [
                "AuthBridge", "AuthBridgeConfig", "AuthBridgeDemo", "AuthBridgeTesting", "AuthBridgeSQLite", "AuthBridgePostgres", "demo-server",
                "authbridge",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthBridgeCLITests",
            dependencies: [
                "AuthBridge", "AuthBridgeConfig", "AuthBridgeCLI", "AuthBridgeTesting", "AuthBridgeSQLite", "authbridge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
