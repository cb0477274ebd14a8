import AuthBridge
import AuthBridgePostgres
import AuthBridgeTesting
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL configured (set POSTGRES_* or CI=true)"))
struct PostgresConformanceTests {
    /// Each check gets its own schema; the concurrency checks also get a second client, as a second instance.
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await PostgresTestEnvironment.withStores(count: 2) { stores in
            try await SessionStoreConformance().run(check, on: stores[0], peer: stores[1])
        }
    }
}

@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL configured (set POSTGRES_* or CI=true)"))
struct PostgresUsageStoreTests {
    @Test func usageConformance() async throws {
        try await PostgresTestEnvironment.withStores(count: 2) { stores in
            try await UsageStoreConformance().run(on: stores[0], peer: stores[1])
        }
    }
}
