// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "AuthBridge",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AuthBridge", targets: ["AuthBridge"]),
        .library(name: "AuthBridgeSQLite", targets: ["AuthBridgeSQLite"]),
        .library(name: "AuthBridgePostgres", targets: ["AuthBridgePostgres"]),
        .library(name: "AuthBridgeTesting", targets: ["AuthBridgeTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "AuthBridge",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
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
            name: "AuthBridgeTesting",
            dependencies: ["AuthBridge"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "store-probe",
            dependencies: ["AuthBridge", "AuthBridgeSQLite"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SessionStoreBenchmark",
            dependencies: [
                "AuthBridge", "AuthBridgeSQLite", "AuthBridgePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
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
    ]
)
