import AuthBridge
@testable import AuthBridgePostgres
import AuthBridgeTesting
import Foundation
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use: `AUTHBRIDGE_TEST_POSTGRES_URL`, or `POSTGRES_HOST`, `POSTGRES_PORT`,
/// `POSTGRES_USER`, `POSTGRES_PASSWORD`, `POSTGRES_DB`. Without them the tests are skipped, except when
/// `CI=true`: there they run and fail, so CI never skips them.
enum PostgresTestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var url: String? { PostgresTestServer.url(in: environment) }

    static var isCI: Bool { environment["CI"] == "true" }

    /// Whether the tests run: a server is configured, or this is CI (where a missing one is a failure).
    static var enabled: Bool { PostgresTestServer.enabled(in: environment) }

    static func requireURL() throws -> String {
        try #require(url, "CI=true but no PostgreSQL is configured (POSTGRES_* or AUTHBRIDGE_TEST_POSTGRES_URL)")
    }

    static func endpoint() throws -> StoreURL.PostgresEndpoint {
        guard case .postgres(let endpoint) = try StoreURL(parsing: try requireURL()) else {
            throw SessionStoreError(.invalidConfiguration, "the test URL is not a postgres URL")
        }
        return endpoint
    }

    /// Runs `body` with `count` running stores over one new schema, then drops the schema.
    static func withStores<T: Sendable>(
        count: Int = 1, schema: String = "t_\(UUID().uuidString.prefix(8).lowercased())",
        callTimeout: Duration = .seconds(10), _ body: ([PostgresSessionStore]) async throws -> T
    ) async throws -> T {
        let url = try requireURL()
        let stores = try (0..<count).map { _ throws(SessionStoreError) in
            try PostgresSessionStore(url: url, schema: schema, callTimeout: callTimeout)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.run() } }
            let result: Result<T, any Error>
            do { result = .success(try await body(stores)) } catch { result = .failure(error) }
            _ = try? await stores[0].call { client in
                try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"))
            }
            group.cancelAll()
            return try result.get()
        }
    }
}
