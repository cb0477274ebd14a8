import AuthBridge
import AuthBridgeConfig
import AuthBridgeDemo
import Foundation
import Logging

/// One demo server for a test, opened as `demo-server` opens it: settings from an environment, sessions and users
/// in a fresh temporary SQLite file; bcrypt at its lowest cost.
struct DemoHarness: Sendable {
    static let secret = "demo-tests-only-secret-0123456789abcdef"
    static let baseEnvironment = [
        "AUTHBRIDGE_JWT_SECRET": secret, "AUTHBRIDGE_COOKIE_SECURE": "off", "AUTHBRIDGE_DEMO_PORT": "0",
        "AUTHBRIDGE_DEMO_BCRYPT_COST": "4",
    ]

    let directory: URL
    var environment: [String: String]

    init(_ extra: [String: String] = [:]) {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-demo-tests-\(UUID())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = Self.baseEnvironment.merging(extra) { $1 }
        environment["AUTHBRIDGE_STORE_URL"] = "sqlite:" + directory.appendingPathComponent("demo.sqlite").path
    }

    var databasePath: String { directory.appendingPathComponent("demo.sqlite").path }

    /// A server on this harness's file with its environment (flags may change between calls).
    func server(recorder: (any UsageRecorder)? = nil) async throws -> DemoServer {
        var logger = Logger(label: "demo-tests")
        logger.logLevel = .error
        return try await DemoServer.open(environment: environment, recorder: recorder, logger: logger)
    }

    /// Runs a server while `body` talks to it.
    func run(_ body: (DemoClient, DemoServer) async throws -> Void) async throws {
        let server = try await server()
        try await server.withRunning { port in try await body(DemoClient(port: port), server) }
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}
