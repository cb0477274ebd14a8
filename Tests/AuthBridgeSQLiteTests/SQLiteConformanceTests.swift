import AuthBridge
import AuthBridgeSQLite
import AuthBridgeTesting
import Foundation
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

    /// More minute rows than one pruning statement takes: the store goes on until none is left, and the days'
    /// counts stay whole.
    @Test func prunesInBatchesUntilNothingIsLeft() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteSessionStore(path: directory.path("sessions.sqlite"))
        let day = UsageTime.dayStart(Date(timeIntervalSince1970: 1_800_000_000))
        let rows = UsageSQL.pruneBatchSize * 2 + 500
        let rollups = (0..<rows).map { index in
            UsageRollup(
                bucket: day - 86400 + TimeInterval(index % 1440) * 60, route: "/r\(index / 1440)", method: "GET", path: .jwt,
                outcome: .authenticated, reason: "", wouldRefuse: "", count: 1)
        }
        try await store.write(UsageBatch(instance: "web-1", takenAt: day, rollups: rollups, sightings: [], dropped: 0))
        #expect(try await store.pruneMinuteRollups(before: day) == rows)
        #expect(try await store.pruneMinuteRollups(before: day) == 0)
        let summary = try await store.summary(since: day - 3600)
        #expect(summary.daily.reduce(0) { $0 + $1.count } == rows, "the pruned day counts whole, from its day rows")
    }
}
