import AuthBridge
@testable import AuthBridgePostgres
import Foundation
import PostgresNIO
import Testing

/// Usage writing on PostgreSQL beyond the shared conformance suite.
@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL configured (set POSTGRES_* or CI=true)"))
struct PostgresUsageTests {
    let day = UsageTime.dayStart(Date(timeIntervalSince1970: 1_800_000_000))

    /// Waits (bounded) until the store answers: a short call timeout may not cover the schema migration.
    private func ready(_ store: PostgresSessionStore) async throws {
        for _ in 0..<200 {
            if (try? await store.summary(since: day)) != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the store never became ready")
    }

    /// The requests the minute rows and the day rows count, read in one small answer each (within a short call
    /// timeout, where a summary of thousands of routes might not fit).
    private func totals(_ store: PostgresSessionStore) async throws -> [Int64] {
        let sql = store.schema.usage
        var totals: [Int64] = []
        for table in [sql.minuteTable, sql.dayTable] {
            let query = PostgresQuery(unsafeSQL: "SELECT coalesce(sum(count), 0)::int8 FROM \(table)")
            totals.append(try await store.call { client in
                var total: Int64 = 0
                for try await found in try await client.query(query).decode(Int64.self) { total = found }
                return total
            })
        }
        return totals
    }

    /// A flush that takes longer than the request-path call timeout (here it waits a second for a row another
    /// transaction holds) is neither failed nor written twice. Under that deadline the write reported failure and
    /// committed afterwards, and the flusher put the batch back and wrote it again.
    @Test func aUsageWriteOutlastingTheCallTimeoutIsWrittenOnce() async throws {
        try await PostgresTestEnvironment.withStores(callTimeout: .milliseconds(250)) { stores in
            let store = stores[0]
            try await ready(store)
            try await store.write(
                UsageBatch(
                    instance: "web-1", takenAt: day,
                    rollups: [UsageRollup(bucket: day, route: "/r0", method: "GET", path: .session, outcome: .authenticated, count: 1)],
                    sightings: [], dropped: 0))
            let aggregator = UsageAggregator(instance: "web-1")
            let requests = 2_000
            for index in 0..<requests {
                aggregator.record(
                    UsageEvent(time: day + TimeInterval(index % 1440) * 60, route: "/r\(index)", method: "GET", path: .session, outcome: .authenticated))
            }
            let flusher = UsageFlusher(aggregator: aggregator, store: store, minuteRetention: nil, now: { day + 86400 })
            let (locked, lockTaken) = AsyncStream.makeStream(of: Void.self)
            let lockRow = PostgresQuery(unsafeSQL: "SELECT 1 FROM \(store.schema.usage.dayTable) WHERE route = '/r0' FOR UPDATE")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Finished either way: a lock task that fails before it yields must not leave the test waiting.
                    defer { lockTaken.finish() }
                    try await store.client.withTransaction(logger: PostgresSessionStore.quiet) { connection in
                        _ = try await connection.query(lockRow, logger: PostgresSessionStore.quiet).collect()
                        lockTaken.yield()
                        try await Task.sleep(for: .seconds(1))
                    }
                }
                var lockHeld = false
                for await _ in locked {
                    lockHeld = true
                    break
                }
                try #require(lockHeld, "the other transaction holds the row")
                let started = ContinuousClock.now
                await flusher.flush()
                #expect(ContinuousClock.now - started > .milliseconds(500), "the write waited for the row")
                try await group.waitForAll()
            }
            #expect(try await totals(store) == [Int64(requests + 1), Int64(requests + 1)])
            // A batch put back after the write would be written again by the next flush.
            await flusher.flush()
            #expect(try await totals(store) == [Int64(requests + 1), Int64(requests + 1)])
            #expect(aggregator.drain().isEmpty, "the write succeeded: nothing was put back to write again")
        }
    }

    /// One bulk statement may update a row only once: rollups of one stored key (the same second) and sightings
    /// of one route and client are merged before they are written.
    @Test func aBatchWithRepeatedKeysAddsUp() async throws {
        try await PostgresTestEnvironment.withStores { stores in
            let store = stores[0]
            let rollups = [day + 60, day + 60.25, day + 60.75].map {
                UsageRollup(bucket: $0, route: "/a", method: "GET", path: .jwt, outcome: .authenticated, count: 2)
            }
            let sightings = ["u1", "u2"].map {
                JWTSighting(route: "/a", method: "GET", subject: $0, client: "ios", lastSeen: day + 61, count: 3)
            }
            let batch = UsageBatch(instance: "web-1", takenAt: day + 61, rollups: rollups, sightings: sightings + sightings, dropped: 0)
            try await store.write(batch)
            try await store.write(batch)
            let summary = try await store.summary(since: day)
            #expect(summary.daily.map(\.count) == [12])
            #expect(summary.routeClients.map(\.count) == [24])
            #expect(Set(summary.clients.map { "\($0.subject) \($0.count)" }) == ["u1 12", "u2 12"])
        }
    }
}
