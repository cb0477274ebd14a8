import AuthBridge
@testable import AuthBridgePostgres
import Foundation
import PostgresNIO
import Testing

/// PostgreSQL down or silent: calls fail with `unavailable` within the call timeout (bounds here are generous
/// multiples of it, to say "never hangs", not to time anything), and the same store works once the server is back.
struct PostgresOutageTests {
    private static let timeout = Duration.milliseconds(300)
    private static let bound = Duration.seconds(5)

    private func expectUnavailableInBoundedTime(_ store: PostgresSessionStore) async {
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: SessionStoreError(.unavailable, "")) { try await store.read(SessionToken.generate().key) }
        #expect(clock.now - started < Self.bound)
    }

    @Test func closedPortFailsFastAsUnavailable() async throws {
        let port = try await TCPForwarder.closedPort()
        let store = try PostgresSessionStore(url: "postgres://nobody:secret@127.0.0.1:\(port)/none", callTimeout: Self.timeout)
        let running = Task { try await store.run() }
        defer { running.cancel() }
        await expectUnavailableInBoundedTime(store)
        await expectUnavailableInBoundedTime(store)
    }

    @Test func storeNotRunningFailsAsUnavailable() async throws {
        let store = try PostgresSessionStore(url: "postgres://nobody@127.0.0.1:1/none", callTimeout: Self.timeout)
        await expectUnavailableInBoundedTime(store)
    }

    @Test func serverThatNeverAnswersFailsAsUnavailable() async throws {
        let silent = try await TCPForwarder.start(to: nil)
        defer { Task { try await silent.stop() } }
        let store = try PostgresSessionStore(url: "postgres://nobody@127.0.0.1:\(silent.port)/none", callTimeout: Self.timeout)
        let running = Task { try await store.run() }
        defer { running.cancel() }
        await expectUnavailableInBoundedTime(store)
    }

    @Test(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL configured (set POSTGRES_* or CI=true)"))
    func storeRecoversWhenTheServerComesBack() async throws {
        var endpoint = try PostgresTestEnvironment.endpoint()
        let target = (host: endpoint.host, port: endpoint.port)
        let port = try await TCPForwarder.closedPort()
        endpoint.host = "127.0.0.1"
        endpoint.port = port
        let schema = "t_\(UUID().uuidString.prefix(8).lowercased())"
        let store = try PostgresSessionStore(endpoint: endpoint, schema: schema, callTimeout: Self.timeout)
        let running = Task { try await store.run() }
        defer { running.cancel() }
        await expectUnavailableInBoundedTime(store)

        let forwarder = try await TCPForwarder.start(port: port, to: target)
        defer { Task { try await forwarder.stop() } }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        var recovered = false
        while !recovered, clock.now < deadline {
            do {
                _ = try await store.list(userID: "nobody")
                recovered = true
            } catch {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(recovered, "the store did not work again within 30 s of the server coming back")
        let token = SessionToken.generate()
        let now = Date()
        try await store.create(
            SessionRecord(
                key: token.key, data: SessionData(user: SessionUser(id: "back")), createdAt: now, lastSeenAt: now,
                idleExpiresAt: now.addingTimeInterval(60), absoluteExpiresAt: now.addingTimeInterval(60)
            )
        )
        #expect(try await store.read(token.key)?.userID == "back")
        _ = try? await store.call { client in
            try await client.query(.init(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"))
        }
    }
}
