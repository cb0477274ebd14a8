import AuthBridge
import AuthBridgeTesting
import Foundation
import MetricsTestKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

struct UsageAggregatorTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z, on a minute boundary

    func event(_ seconds: TimeInterval, route: String = "/a", path: CredentialPath = .jwt, outcome: UsageEvent.Outcome = .authenticated, subject: String? = "u1", client: String? = "ios") -> UsageEvent {
        UsageEvent(time: t0 + seconds, route: route, method: "GET", path: path, outcome: outcome, subject: subject, client: client)
    }

    @Test func countsPerMinuteAndKey() {
        let aggregator = UsageAggregator(instance: "i1")
        for second in 0..<90 { aggregator.record(event(TimeInterval(second))) }
        aggregator.record(event(5, path: .session, subject: nil))
        let batch = aggregator.drain(now: t0)
        #expect(batch.requestCount == 91)
        #expect(Set(batch.rollups.map { "\($0.bucket.timeIntervalSince1970) \($0.path) \($0.count)" }) == [
            "1800000000.0 jwt 60", "1800000060.0 jwt 30", "1800000000.0 session 1",
        ])
        #expect(batch.sightings == [JWTSighting(route: "/a", method: "GET", subject: "u1", client: "ios", lastSeen: t0 + 89, count: 90)])
        #expect(aggregator.drain().isEmpty)
    }

    @Test func boundedMemoryCountsWhatItDrops() {
        let aggregator = UsageAggregator(instance: "i1", capacity: 10)
        for index in 0..<25 { aggregator.record(event(0, route: "/r\(index)", subject: nil)) }
        for _ in 0..<5 { aggregator.record(event(0, route: "/r0", subject: nil)) }  // known keys still count
        let batch = aggregator.drain()
        #expect(batch.rollups.count == 10)
        #expect(batch.requestCount == 15)
        #expect(batch.dropped == 15)
    }

    /// A JWT request whose sighting does not fit is dropped whole: counted in `dropped`, never a rollup without
    /// its sighting (which would let the report call the route ready).
    @Test func aJWTRequestWhoseSightingDoesNotFitIsDroppedWhole() {
        let aggregator = UsageAggregator(instance: "i1", capacity: 2)
        aggregator.record(event(0, subject: "u1"))  // a rollup and a sighting: full
        aggregator.record(event(1, subject: "u2"))  // a known rollup, a new sighting
        aggregator.record(event(2, subject: "u1"))  // both known: still counts
        let batch = aggregator.drain()
        #expect(batch.requestCount == 2)
        #expect(batch.dropped == 1)
        #expect(batch.sightings.map(\.count) == [2])
    }

    @Test func restoreCountsTheSightingsThatDoNotFit() {
        let aggregator = UsageAggregator(instance: "i1", capacity: 2)
        let failed = UsageBatch(
            instance: "i1", takenAt: t0,
            rollups: [UsageRollup(bucket: t0, route: "/a", method: "GET", path: .jwt, outcome: .authenticated, count: 7)],
            sightings: [
                JWTSighting(route: "/a", method: "GET", subject: "u1", client: "ios", lastSeen: t0, count: 3),
                JWTSighting(route: "/a", method: "GET", subject: "u2", client: "ios", lastSeen: t0, count: 4),
            ], dropped: 1)
        aggregator.restore(failed)
        let again = aggregator.drain()
        #expect(again.requestCount == 7)
        // The rollup takes one key and u1's sighting the other; u2's four requests count as dropped.
        #expect(again.sightings.map(\.subject) == ["u1"])
        #expect(again.sightings.map(\.count) == [3])
        #expect(again.dropped == 1 + 4)
    }

    @Test func restorePutsAFailedBatchBack() {
        let aggregator = UsageAggregator(instance: "i1")
        for second in 0..<10 { aggregator.record(event(TimeInterval(second))) }
        let batch = aggregator.drain()
        aggregator.record(event(1))
        aggregator.restore(batch)
        let again = aggregator.drain()
        #expect(again.requestCount == 11)
        #expect(again.sightings.first?.count == 11)
    }

    @Test func concurrentRecordingLosesNothing() async {
        let aggregator = UsageAggregator(instance: "i1")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask { for index in 0..<1000 { aggregator.record(event(TimeInterval(index % 120), route: "/r\(task % 4)")) } }
            }
        }
        #expect(aggregator.drain().requestCount == 16_000)
    }
}

struct UsageFlusherTests {
    @Test func flushWritesAndRetriesAfterAFailure() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let flusher = UsageFlusher(aggregator: aggregator, store: store)
        let now = Date()
        aggregator.record(UsageEvent(time: now, route: "/a", method: "GET", path: .session, outcome: .authenticated))
        await store.setFailsWrites(true)
        await flusher.flush()
        #expect(try await store.summary(since: .distantPast).daily.isEmpty)
        await store.setFailsWrites(false)
        aggregator.record(UsageEvent(time: now, route: "/a", method: "GET", path: .session, outcome: .authenticated))
        await flusher.flush()
        #expect(try await store.summary(since: .distantPast).daily.map(\.count) == [2])
    }

    /// Shutdown signalled at once (before `run()` reaches its loop, or in its first sleep): everything recorded is
    /// still written.
    @Test func gracefulShutdownFlushesEverything() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let flusher = UsageFlusher(aggregator: aggregator, store: store, interval: .seconds(3600))
        for _ in 0..<7 { aggregator.record(UsageEvent(time: Date(), route: "/a", method: "POST", path: .jwt, outcome: .authenticated, subject: "s")) }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await flusher.run() }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let summary = try await store.summary(since: .distantPast)
        #expect(summary.daily.reduce(0) { $0 + $1.count } == 7)
        #expect(summary.instances == ["i1"])
    }

    @Test func shutdownSignalledBeforeRunStillFlushes() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let flusher = UsageFlusher(aggregator: aggregator, store: store, interval: .seconds(3600), minuteRetention: nil)
        for _ in 0..<7 { aggregator.record(UsageEvent(time: Date(), route: "/a", method: "POST", path: .jwt, outcome: .authenticated, subject: "s")) }
        try await testGracefulShutdown { trigger in
            trigger.triggerGracefulShutdown()
            try await flusher.run()
        }
        #expect(try await store.summary(since: .distantPast).daily.reduce(0) { $0 + $1.count } == 7)
        #expect(aggregator.drain().isEmpty)
    }

    /// A prune that takes long (a large backlog) runs beside the flushes, never in front of them.
    @Test func aLongPruneDoesNotDelayFlushes() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = SlowPruningStore()
        let flusher = UsageFlusher(aggregator: aggregator, store: store, interval: .milliseconds(10))
        aggregator.record(UsageEvent(time: Date(), route: "/a", method: "GET", path: .session, outcome: .authenticated))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await flusher.run() }
                // Bounded wait (10 s) for the flush, while the prune `run()` started at once still holds.
                var flushed = false
                for _ in 0..<1000 where !flushed {
                    try await Task.sleep(for: .milliseconds(10))
                    flushed = try await store.summary(since: .distantPast).daily.reduce(0) { $0 + $1.count } == 1
                }
                #expect(flushed, "the flush came while the prune was still running")
                let (started, finished) = await (store.pruneStarted, store.pruneFinished)
                #expect(started && !finished)
                await store.finishPrune()
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(await store.pruneFinished)
    }
}

/// A memory usage store whose pruning holds until ``finishPrune()``, like a prune working through a backlog.
actor SlowPruningStore: UsageStore {
    private let store = MemoryUsageStore()
    private(set) var pruneStarted = false
    private(set) var pruneFinished = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func write(_ batch: UsageBatch) async throws { try await store.write(batch) }
    func summary(since: Date) async throws -> UsageSummary { try await store.summary(since: since) }

    func pruneMinuteRollups(before cutoff: Date) async throws -> Int {
        pruneStarted = true
        if !pruneFinished { await withCheckedContinuation { waiting.append($0) } }
        return try await store.pruneMinuteRollups(before: cutoff)
    }

    func finishPrune() {
        pruneFinished = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

extension UsageFlusherTests {
    @Test func prunesMinuteRowsOlderThanTheRetentionAtStartAndKeepsEveryDay() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let flusher = UsageFlusher(
            aggregator: aggregator, store: store, interval: .seconds(3600), minuteRetention: .seconds(2 * 86400), now: { now })
        for daysAgo in [5.0, 3.0, 1.0, 0.0] {
            aggregator.record(UsageEvent(time: now - daysAgo * 86400, route: "/a", method: "GET", path: .jwt, outcome: .authenticated))
        }
        await flusher.flush()
        #expect(await store.minuteRollups.count == 4)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await flusher.run() }
                // `run()` prunes before its first sleep; wait for it (bounded) rather than for a fixed time.
                var waited = 0
                while await store.minuteRollups.count == 4, waited < 500 {
                    try await Task.sleep(for: .milliseconds(10))
                    waited += 1
                }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        // Whole days before the one two days back go: the rows of 5 and 3 days ago.
        let cutoffDay = UsageTime.dayStart(now - 2 * 86400)
        #expect(await store.minuteRollups.map(\.bucket).allSatisfy { $0 >= cutoffDay })
        #expect(await store.minuteRollups.count == 2)
        let summary = try await store.summary(since: now - 6 * 86400)
        #expect(summary.daily.reduce(0) { $0 + $1.count } == 4, "every day still counts")
    }

    @Test func aRetentionUnderADayKeepsToday() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        // Taken as given, two days' negative retention would put the cutoff two days ahead and delete today's rows.
        let flusher = UsageFlusher(aggregator: aggregator, store: store, minuteRetention: .seconds(-2 * 86_400), now: { now })
        #expect(flusher.minuteRetention == .seconds(86_400))
        aggregator.record(UsageEvent(time: now, route: "/a", method: "GET", path: .jwt, outcome: .authenticated))
        await flusher.flush()
        await flusher.pruneMinuteRollups()
        #expect(await store.minuteRollups.count == 1)
    }

    @Test func keepsMinuteRowsWithoutARetention() async throws {
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let flusher = UsageFlusher(aggregator: aggregator, store: store, minuteRetention: nil, now: { now })
        aggregator.record(UsageEvent(time: now - 400 * 86400, route: "/a", method: "GET", path: .jwt, outcome: .authenticated))
        await flusher.flush()
        await flusher.pruneMinuteRollups()
        #expect(await store.minuteRollups.count == 1)
    }
}

struct UsageReportTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A `GET` rollup `ago` seconds before `now`.
    func get(
        _ route: String, _ path: CredentialPath, _ outcome: UsageEvent.Outcome, _ count: Int, ago: TimeInterval,
        reason: String = ""
    ) -> UsageRollup {
        UsageRollup(bucket: now - ago, route: route, method: "GET", path: path, outcome: outcome, reason: reason, count: count)
    }

    /// The report since `window` seconds ago over a memory store holding one batch of instance `a`, taken `ago`
    /// seconds before `now`.
    func reportOfOneBatch(
        ago: TimeInterval, window: TimeInterval, _ rollups: [UsageRollup], sightings: [JWTSighting] = [], dropped: Int = 0,
        including include: (String, String) -> Bool = { _, _ in true }
    ) async throws -> UsageReport {
        let store = MemoryUsageStore()
        try await store.write(
            UsageBatch(instance: "a", takenAt: now - ago, rollups: rollups, sightings: sightings, dropped: dropped))
        return UsageReport(summary: try await store.summary(since: now - window), since: now - window, now: now, include: include)
    }

    /// Drives real decisions through an Authenticator into an aggregator and a store, then reports.
    @Test func reportNumbersMatchTheTrafficExactly() async throws {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let aggregator = UsageAggregator(instance: "i1")
        let store = MemoryUsageStore()
        let clock = TestClock(now - 3 * 86400)
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: JWTPolicy(offMethods: ["DELETE"], dryRun: true)),
            store: MemorySessionStore(), resolver: SessionUserResolver(), recorder: aggregator, now: clock.function
        )
        let factory = await TokenFactory.hmac()
        func token(_ sub: String, client: String) throws -> String {
            let t = Int(clock.now.timeIntervalSince1970)
            return try factory.token(alg: "HS256", claims: ["sub": sub, "exp": t + 600, "azp": client])
        }
        let login = try await auth.login(SessionUser(id: "web"), request: AuthRequest(method: "POST", route: "/login"))
        let cookie = "__Host-authbridge_session=\(login.sessionToken.value)"
        // Day -3: /orders gets 4 JWT (ios) and 2 session; /profile 3 session.
        for _ in 0..<4 { _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders", authorization: ["Bearer \(try token("u1", client: "ios"))"])) }
        for _ in 0..<2 { _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders", cookies: [cookie])) }
        for _ in 0..<3 { _ = await auth.authenticate(AuthRequest(method: "GET", route: "/profile", cookies: [cookie])) }
        // Two session requests no route matched: one entry, never a flag entry.
        for path in ["/nope/1", "/nope/2"] {
            _ = await auth.authenticate(AuthRequest(method: "GET", route: path, routeMatched: false, cookies: [cookie]))
        }
        try await store.write(aggregator.drain(now: clock.now))
        // Today, two hours ago: /orders 1 JWT (script), 1 bad token; DELETE /orders 2 JWT (dry run would refuse).
        clock.advance(3 * 86400 - 7200)
        _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders", authorization: ["Bearer \(try token("bot", client: "nightly-script"))"]))
        _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders", authorization: ["Bearer nope"]))
        for _ in 0..<2 { _ = await auth.authenticate(AuthRequest(method: "DELETE", route: "/orders", authorization: ["Bearer \(try token("u1", client: "ios"))"])) }
        try await store.write(aggregator.drain(now: clock.now))

        let report = UsageReport(summary: try await store.summary(since: now - 7 * 86400), since: now - 7 * 86400, now: now)
        #expect(report.totalRequests == 15)
        #expect(report.totalJWT == 8)
        let unmatched = try #require(report.routes.first { $0.route == UsageEvent.unmatchedRoute })
        #expect((unmatched.requests, unmatched.session, unmatched.readiness.status) == (2, 2, "unmatched"))
        #expect(unmatched.readiness.flagEntry == nil)
        let orders = try #require(report.routes.first { $0.route == "/orders" && $0.method == "GET" })
        #expect((orders.requests, orders.session, orders.jwt, orders.both, orders.refused) == (8, 2, 6, 0, 1))
        #expect(orders.jwtShare == 6.0 / 8.0)
        #expect(orders.trend.count == 8)
        #expect(orders.trend.map(\.jwt) == [0, 0, 0, 0, 4, 0, 0, 2])
        #expect(orders.lastJWT == now - 7200)
        #expect(orders.readiness.status == "blocked")
        #expect(orders.readiness.summary == "blocked — 1 client in the last 24 h: nightly-script")
        let delete = try #require(report.routes.first { $0.method == "DELETE" })
        #expect(delete.readiness.summary == "dry run would have refused 2")
        let profile = try #require(report.routes.first { $0.route == "/profile" })
        // Traffic began three days ago: the store has not seen seven quiet days.
        #expect(profile.readiness.summary == "ready — no JWT for 3 days")
        #expect(report.flagLine == #"AUTHBRIDGE_JWT_OFF_ROUTES="GET /profile""#)
        #expect(report.clients.map(\.client) == ["ios", "nightly-script"])
        #expect(report.clients.first?.requests == 6)
        #expect(report.clients.first?.routes == ["DELETE /orders", "GET /orders"])
        #expect(report.routes.first?.route == "/orders")  // busiest JWT route first
    }

    /// Accepted JWTs in the counts block a route even when their sightings were not kept (an aggregator that was
    /// full): no sighting is not proof of no JWT.
    @Test func acceptedJWTsWithoutSightingsBlockTheRoute() async throws {
        let ago = 3 * 86400.0
        let report = try await reportOfOneBatch(
            ago: ago, window: 7 * 86400,
            [
                get("/a", .jwt, .authenticated, 3, ago: ago), get("/a", .session, .authenticated, 5, ago: ago),
                get("/b", .both, .authenticated, 1, ago: ago),
                get("/c", .jwt, .invalid, 2, ago: ago, reason: "jwt_expired"), get("/c", .session, .authenticated, 2, ago: ago),
            ], dropped: 4)
        let a = try #require(report.routes.first { $0.route == "/a" })
        #expect(a.readiness.status == "blocked")
        #expect(a.readiness.summary == "blocked — 3 valid JWT requests in the window; clients not recorded")
        let b = try #require(report.routes.first { $0.route == "/b" })
        #expect(b.readiness.summary == "blocked — 1 valid JWT request in the window; clients not recorded")
        // Only failed JWTs on /c: still ready, and the only route the flag line names.
        #expect(report.flagLine == #"AUTHBRIDGE_JWT_OFF_ROUTES="GET /c""#)
    }

    /// The JWT share is requests that presented a JWT over requests that presented a credential: the route column,
    /// the trend and the headline alike, in every format.
    @Test func jwtShareIsOverRequestsWithACredentialEverywhere() async throws {
        let report = try await reportOfOneBatch(
            ago: 600, window: 86400,
            [
                get("/a", .jwt, .authenticated, 2, ago: 600), get("/a", .session, .authenticated, 2, ago: 600),
                get("/a", .none, .anonymous, 4, ago: 600),
            ],
            sightings: [JWTSighting(route: "/a", method: "GET", subject: "u1", client: "ios", lastSeen: now - 600, count: 2)])
        let route = try #require(report.routes.first)
        #expect(route.jwtShare == 0.5)
        #expect(route.trend.last.map { ($0.requests, $0.credentialed, $0.jwt, $0.jwtShare) } ?? (0, 0, 0, 0) == (8, 4, 2, 0.5))
        #expect((report.totalRequests, report.totalCredentialed, report.totalJWT, report.jwtShare) == (8, 4, 2, 0.5))

        let table = report.rendered(as: .table)
        #expect(table.contains("8 requests, 2 with a JWT (50.0% of the 4 with a credential), instances: a"))
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("GET ") })
        #expect(row.contains("▄") && !row.contains("▂"))  // the trend's last day at half height, not a quarter
        #expect(report.rendered(as: .markdown).contains("8 requests, 2 with a JWT (50.0% of the 4 with a credential)."))
        let html = report.rendered(as: .html)
        #expect(html.contains("8 requests, 2 with a JWT (50.0% of the 4 with a credential)"))
        #expect(html.contains("cy=\"118.0\""))  // the chart's point at 50% (y = 12 + 212 × 0.5)
        #expect(report.rendered(as: .csv).contains(#""0.5000""#))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(as: .json).utf8)) as? [String: Any])
        #expect(json["jwtShare"] as? Double == 0.5)
        let trend = try #require(((json["routes"] as? [[String: Any]])?.first?["trend"] as? [[String: Any]])?.last)
        #expect(trend["jwtShare"] as? Double == 0.5)
    }

    @Test func routeFilterAndDroppedCount() async throws {
        let report = try await reportOfOneBatch(
            ago: 60, window: 86400,
            [get("/api/x", .session, .authenticated, 5, ago: 60), get("/admin", .jwt, .authenticated, 2, ago: 60)],
            dropped: 3, including: { route, _ in route.hasPrefix("/api") })
        #expect(report.routes.map(\.route) == ["/api/x"])
        #expect(report.dropped == 3)
    }
}

struct MetricsUsageRecorderTests {
    @Test func countsByBoundedLabels() throws {
        let metrics = TestMetrics()
        let recorder = MetricsUsageRecorder(maximumRoutes: 2, factory: metrics)
        for route in ["/a", "/a", "/b", "/c", "/d"] {
            recorder.record(UsageEvent(time: Date(), route: route, method: "GET", path: .jwt, outcome: .authenticated, subject: "user-42"))
        }
        let a = try metrics.expectCounter("authbridge_requests_total", [("path", "jwt"), ("outcome", "authenticated"), ("route", "/a")])
        #expect(a.totalValue == 2)
        let other = try metrics.expectCounter("authbridge_requests_total", [("path", "jwt"), ("outcome", "authenticated"), ("route", "other")])
        #expect(other.totalValue == 2)
        #expect(!metrics.counters.contains { $0.dimensions.contains { $0.1.contains("user-42") } })
    }
}
