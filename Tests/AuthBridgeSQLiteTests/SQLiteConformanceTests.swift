import AuthBridge
import AuthBridgeSQLite
import AuthBridgeTesting
import Testing

struct SQLiteConformanceTests {
    /// Each check gets a new file; the concurrency checks also get a second pool on the same file, as a second
    /// process would open it.
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sessions.sqlite")
        let store = try SQLiteSessionStore(path: path)
        let peer = try SQLiteSessionStore(path: path)
        try await SessionStoreConformance().run(check, on: store, peer: peer)
    }
}

struct SQLiteUsageStoreTests {
    @Test func usageConformance() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sessions.sqlite")
        try await UsageStoreConformance().run(on: try SQLiteSessionStore(path: path), peer: try SQLiteSessionStore(path: path))
    }
}
