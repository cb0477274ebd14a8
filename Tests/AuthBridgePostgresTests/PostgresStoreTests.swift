import AuthBridge
@testable import AuthBridgePostgres
import Foundation
import PostgresNIO
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL configured (set POSTGRES_* or CI=true)"))
struct PostgresStoreTests {
    private func session(user: String = "u1") -> SessionRecord {
        let now = Date()
        return SessionRecord(
            key: SessionToken.generate().key, data: SessionData(user: SessionUser(id: user)), createdAt: now,
            lastSeenAt: now, idleExpiresAt: now.addingTimeInterval(60), absoluteExpiresAt: now.addingTimeInterval(600)
        )
    }

    @Test func keysAreStoredAsHashBytes() async throws {
        try await PostgresTestEnvironment.withStores { stores in
            let store = stores[0]
            let token = SessionToken.generate()
            var record = session()
            record.key = token.key
            try await store.create(record)
            let sql = "SELECT key, octet_length(key)::int8 FROM \(store.schema.sessions)"
            let rows = try await store.call { client in
                try await client.query(PostgresQuery(unsafeSQL: sql)).decode((Data, Int64).self).reduce(into: []) { $0.append($1) }
            }
            #expect(rows.count == 1)
            #expect([UInt8](rows[0].0) == token.key.bytes)
            #expect(rows[0].1 == 32)
        }
    }

    @Test func bulkCreateIsOneTransaction() async throws {
        try await PostgresTestEnvironment.withStores { stores in
            let store = stores[0]
            let existing = session()
            try await store.create(existing)
            let fresh = (0..<2_500).map { _ in session(user: "bulk") }
            await #expect(throws: SessionStoreError(.duplicateKey, "")) {
                try await store.create(contentsOf: fresh + [existing])
            }
            #expect(try await store.list(userID: "bulk").isEmpty)
            try await store.create(contentsOf: fresh)
            #expect(try await store.list(userID: "bulk").count == 2_500)
        }
    }

    @Test func schemaFromANewerVersionStopsStartUpAndChangesNothing() async throws {
        let schema = "t_\(UUID().uuidString.prefix(8).lowercased())"
        try await PostgresTestEnvironment.withStores(schema: schema) { stores in
            let record = session()
            try await stores[0].create(record)
            _ = try await stores[0].call { client in
                try await client.query(
                    PostgresQuery(unsafeSQL: "INSERT INTO \(stores[0].schema.versions) (version) VALUES (99)")
                )
            }
            let newer = try PostgresSessionStore(url: try PostgresTestEnvironment.requireURL(), schema: schema)
            let error = await #expect(throws: SessionStoreError.self) { try await newer.run() }
            #expect(error?.code == .incompatibleSchema)
            #expect(error?.detail.contains("version 99") == true)
            #expect(error?.detail.contains("AUTHBRIDGE_STORE_URL") == true)
            await #expect(throws: SessionStoreError(.incompatibleSchema, "")) { try await newer.read(record.key) }
            #expect(try await stores[0].read(record.key)?.userID == "u1")
        }
    }

    @Test func wrongPasswordStopsStartUpWithoutEchoingIt() async throws {
        var endpoint = try PostgresTestEnvironment.endpoint()
        endpoint.password = "wrong-\(UUID().uuidString)"
        let store = try PostgresSessionStore(endpoint: endpoint, setting: "AUTHBRIDGE_STORE_URL")
        let error = await #expect(throws: SessionStoreError.self) { try await store.run() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("AUTHBRIDGE_STORE_URL") == true)
        #expect(error?.description.contains(endpoint.password!) == false)
    }

    @Test func migrationsOfInstancesStartingTogetherApplyOnce() async throws {
        try await PostgresTestEnvironment.withStores(count: 4) { stores in
            for store in stores { _ = try await store.list(userID: "nobody") }
            let versions = try await stores[0].call { client in
                try await client.query(PostgresQuery(unsafeSQL: "SELECT version::int8 FROM \(stores[0].schema.versions)"))
                    .decode(Int64.self).reduce(into: []) { $0.append($1) }
            }
            #expect(versions == [1, 2])  // 1: sessions, 2: usage
        }
    }

    @Test func gracefulShutdownEndsRun() async throws {
        let schema = "t_\(UUID().uuidString.prefix(8).lowercased())"
        try await PostgresTestEnvironment.withStores(schema: schema) { _ in
            // A generous call timeout: this store migrates its schema while another client does the same.
            let store = try PostgresSessionStore(url: try PostgresTestEnvironment.requireURL(), schema: schema, callTimeout: .seconds(15))
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await store.run() }
                    _ = try await store.list(userID: "nobody")
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
            await #expect(throws: SessionStoreError(.unavailable, "")) { try await store.list(userID: "nobody") }
        }
    }
}
