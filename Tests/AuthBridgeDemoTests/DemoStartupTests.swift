import AuthBridge
import AuthBridgeConfig
import AuthBridgeDemo
import AuthBridgeSQLite
import Foundation
import Logging
import Testing

/// Start-up from the environment, and the SQLite file the demo shares between sessions and users.
struct DemoStartupTests {
    @Test func aSecretUnder32BytesStopsStartUp() async throws {
        let harness = DemoHarness(["AUTHBRIDGE_JWT_SECRET": "only-31-bytes-long-secret-12345"])
        defer { harness.removeFiles() }
        let error = try await #require(throws: ConfigurationError.self) { try await harness.server() }
        #expect(error.variable == "AUTHBRIDGE_JWT_SECRET")
        #expect(!error.description.contains("only-31-bytes"))
        #expect(!FileManager.default.fileExists(atPath: harness.databasePath))
    }

    @Test func aPostgresStoreURLKeepsUsersInTheUsersFile() async throws {
        var harness = DemoHarness()
        defer { harness.removeFiles() }
        let usersFile = harness.directory.appendingPathComponent("users.sqlite").path
        harness.environment["AUTHBRIDGE_STORE_URL"] = "postgres://demo:hunter2@127.0.0.1/demo"
        harness.environment["AUTHBRIDGE_DEMO_USERS_FILE"] = usersFile
        let server = try await harness.server()
        #expect(server.users.path == usersFile)
        #expect(FileManager.default.fileExists(atPath: usersFile))
        #expect(!FileManager.default.fileExists(atPath: harness.databasePath))
        #expect(server.authenticator.store is CachedSessionStore<CoarseClock>)
    }

    @Test func aBadUsersFileIsRefusedWithoutTheStorePassword() async throws {
        var harness = DemoHarness()
        defer { harness.removeFiles() }
        harness.environment["AUTHBRIDGE_STORE_URL"] = "postgres://demo:hunter2@127.0.0.1/demo"
        harness.environment["AUTHBRIDGE_DEMO_USERS_FILE"] = "/proc/version"
        let error = try await #require(throws: SessionStoreError.self) { try await harness.server() }
        #expect(error.code == .invalidConfiguration)
        #expect("\(error)".contains("AUTHBRIDGE_DEMO_USERS_FILE"))
        #expect(!"\(error)".contains("hunter2"))
    }

    @Test func theSessionCacheIsOnByDefaultAndCanBeSwitchedOff() async throws {
        var harness = DemoHarness()
        defer { harness.removeFiles() }
        let cached = try #require(await harness.server().authenticator.store as? CachedSessionStore<CoarseClock>)
        #expect(cached.maximumAge == .seconds(1))
        harness.environment["AUTHBRIDGE_SESSION_CACHE_MAX_AGE"] = "250ms"
        let shorter = try await harness.server().authenticator.store as? CachedSessionStore<CoarseClock>
        #expect(shorter?.maximumAge == .milliseconds(250))
        harness.environment["AUTHBRIDGE_SESSION_CACHE"] = "off"
        #expect(try await harness.server().authenticator.store is SQLiteSessionStore)
    }

    @Test func usersAndSessionsShareOneFileAndSurviveARestart() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        var cookie: String?
        var token: String?
        try await harness.run { client, _ in
            let signup = try await client.signup("hedy@example.com")
            cookie = signup.sessionCookie
            token = signup.token
        }
        // The same file, opened by the session store and by the users table on their own.
        let sessions = try SQLiteSessionStore(path: harness.databasePath)
        let users = try UserDirectory(path: harness.databasePath)
        let user = try #require(try await users.credentials(email: "hedy@example.com")?.user)
        #expect(try await sessions.list(userID: user.id).count == 1)
        // A new server process on the same file: the cookie still works; so does the JWT (same secret).
        try await harness.run { client, _ throws in
            #expect(try await client.dashboard(cookie: cookie).path == "session")
            #expect(try await client.dashboard(bearer: token).path == "jwt")
            #expect(try await client.login("hedy@example.com").status == 200)
        }
        #expect(try await sessions.list(userID: user.id).count == 2)
    }

    @Test func usageIsCountedPerPathAndFlushedAtShutdown() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        let recorder = MemoryUsageRecorder()
        let store = CountingUsageStore()
        var logger = Logger(label: "demo-tests")
        logger.logLevel = .error
        let server = try await DemoServer.open(
            environment: harness.environment, usageStore: store, recorder: recorder, logger: logger)
        try await server.withRunning { port in
            let client = DemoClient(port: port)
            let signup = try await client.signup("lise@example.com")
            _ = try await client.dashboard(cookie: signup.sessionCookie)
            _ = try await client.dashboard(bearer: signup.token)
            _ = try await client.dashboard()
        }
        #expect(recorder.events.map(\.path) == [.none, .session, .jwt, .none])
        #expect(recorder.events.map(\.route) == ["/api/signup", "/api/dashboard", "/api/dashboard", "/api/dashboard"])
        #expect(await store.requests == 4)
    }
}

/// A usage store that sums what it is given.
actor CountingUsageStore: UsageStore {
    private(set) var requests = 0

    func write(_ batch: UsageBatch) async throws {
        requests += batch.requestCount
    }

    func summary(since: Date) async throws -> UsageSummary {
        UsageSummary(daily: [], routeClients: [], clients: [], dropped: 0, instances: [])
    }

    func pruneMinuteRollups(before cutoff: Date) async throws -> Int { 0 }
}
