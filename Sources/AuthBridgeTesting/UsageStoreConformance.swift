public import AuthBridge
public import Foundation

/// The behaviour every ``UsageStore`` must show; a store's tests run ``run(on:peer:)`` against a fresh store.
///
/// Checks: counts from several instances and batches add up exactly per day; a window starting mid-day counts
/// only the minutes after its start; sightings keep the latest time and add their counts; dropped events and
/// instances are reported; concurrent writers (and a peer connection) lose nothing; pruning minute rows deletes
/// whole past days only, and a window starting on a pruned day counts that day whole; recording began with the first
/// batch any instance took, whatever order the instances wrote in.
public struct UsageStoreConformance: Sendable {
    /// Midnight UTC, 2027-01-15: the day the checks write around.
    public let day = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 86400))

    /// Creates the suite.
    public init() {}

    /// Runs every check against a fresh store; `peer` is a second handle on the same storage, when there is one.
    public func run(on store: any UsageStore, peer: (any UsageStore)? = nil) async throws {
        let hour = 3600.0
        func rollup(_ offset: TimeInterval, _ route: String, _ path: CredentialPath, _ count: Int, reason: String = "", would: String = "") -> UsageRollup {
            UsageRollup(bucket: day + offset, route: route, method: "GET", path: path, outcome: reason.isEmpty ? .authenticated : .invalid, reason: reason, wouldRefuse: would, count: count)
        }
        try expect(try await store.summary(since: day - 86400).recordingSince == nil, "an empty store has not begun recording")
        // Yesterday evening, and today at 01:00, 09:00 and 15:00, from two instances.
        try await store.write(UsageBatch(
            instance: "web-1", takenAt: day - 2 * hour,
            rollups: [rollup(-2 * hour, "/a", .jwt, 3), rollup(-2 * hour, "/a", .session, 4)],
            sightings: [JWTSighting(route: "/a", method: "GET", subject: "u1", client: "ios", lastSeen: day - 2 * hour, count: 3)],
            dropped: 0))
        try await store.write(UsageBatch(
            instance: "web-1", takenAt: day + hour,
            rollups: [rollup(hour, "/a", .jwt, 5), rollup(hour, "/b", .session, 1, reason: "session_expired")],
            sightings: [JWTSighting(route: "/a", method: "GET", subject: "u1", client: "ios", lastSeen: day + hour, count: 5)],
            dropped: 2))
        try await (peer ?? store).write(UsageBatch(
            instance: "web-2", takenAt: day + 9 * hour,
            rollups: [rollup(hour, "/a", .jwt, 7), rollup(9 * hour, "/a", .jwt, 11, would: "jwt_disabled")],
            sightings: [JWTSighting(route: "/a", method: "GET", subject: "u1", client: "ios", lastSeen: day + 9 * hour - 60, count: 18)],
            dropped: 1))
        try await store.write(UsageBatch(instance: "web-2", takenAt: day + 15 * hour, rollups: [rollup(15 * hour, "/a", .jwt, 13)], sightings: [], dropped: 0))

        // A window from yesterday 00:00: whole days.
        let all = try await store.summary(since: day - 86400)
        try expect(Self.sum(all, day: day - 86400, route: "/a", path: .jwt) == 3, "yesterday's JWT count is 3")
        try expect(Self.sum(all, day: day, route: "/a", path: .jwt) == 5 + 7 + 11 + 13, "today's counts from two instances add up to 36")
        try expect(Self.sum(all, day: day, route: "/b", path: .session) == 1, "the refused session request counts once")
        try expect(all.daily.contains { $0.route == "/a" && $0.wouldRefuse == "jwt_disabled" && $0.count == 11 }, "dry-run rows keep their reason")
        try expect(all.dropped == 3, "dropped events add up to 3, got \(all.dropped)")
        try expect(Set(all.instances) == ["web-1", "web-2"], "both instances are listed, got \(all.instances)")
        let route = try require(all.routeClients.first, "the route's client is kept")
        try expect(all.routeClients.count == 1 && route.count == 26 && route.client == "ios", "route client counts add up to 26, got \(all.routeClients)")
        try expect(route.lastSeen == day + 9 * hour - 60, "the latest sighting time is kept per route")
        let client = try require(all.clients.first, "the subject and client are kept")
        try expect(all.clients.count == 1 && client.count == 26 && client.subject == "u1", "client counts add up to 26, got \(all.clients)")
        try expect(client.lastSeen == day + 9 * hour - 60, "the latest sighting time is kept per client")

        // Many subjects: the summary lists the most active ones only, most active first.
        let many = (0..<(UsageSummary.clientLimit + 20)).map {
            JWTSighting(route: "/m", method: "GET", subject: "user\($0)", client: "app", lastSeen: day + 10 * hour, count: $0 + 1)
        }
        try await store.write(UsageBatch(instance: "web-1", takenAt: day + 10 * hour, rollups: [], sightings: many, dropped: 0))
        let listed = try await store.summary(since: day).clients
        try expect(listed.count == UsageSummary.clientLimit, "at most \(UsageSummary.clientLimit) clients are listed, got \(listed.count)")
        try expect(listed.first?.subject == "user\(UsageSummary.clientLimit + 19)" && listed.first?.count == UsageSummary.clientLimit + 20, "the most active client comes first")

        // A window from today 05:00: the partial first day counts only the minutes after its start.
        let partial = try await store.summary(since: day + 5 * hour)
        try expect(partial.routeClients.filter { $0.route == "/a" }.count == 1, "the 08:59 sighting is inside a window from 05:00")
        let late = try await store.summary(since: day + 9 * hour)
        try expect(!late.routeClients.contains { $0.route == "/a" } && !late.clients.contains { $0.subject == "u1" }, "sightings before the window are left out")
        try expect(Self.sum(partial, day: day, route: "/a", path: .jwt) == 11 + 13, "from 05:00 only 24 JWT requests count, got \(Self.sum(partial, day: day, route: "/a", path: .jwt))")
        try expect(Self.sum(partial, day: day, route: "/b", path: .session) == 0, "the 01:00 request is outside the window")
        try expect(partial.dropped == 1, "only the drop at 09:00 is inside the window")

        // Concurrent writers of the same minute lose nothing.
        let writers = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<writers {
                let target = index.isMultiple(of: 2) ? store : (peer ?? store)
                group.addTask {
                    try await target.write(UsageBatch(instance: "web-\(index % 3)", takenAt: day + 20 * hour, rollups: [rollup(20 * hour, "/c", .session, 10)], sightings: [], dropped: 0))
                }
            }
            try await group.waitForAll()
        }
        let concurrent = try await store.summary(since: day)
        try expect(Self.sum(concurrent, day: day, route: "/c", path: .session) == 10 * writers, "concurrent writes add up to \(10 * writers)")

        // Pruning minute rows takes whole days before the cutoff's day; day rows stay.
        let yesterday = day - 86400
        let lateYesterday = try await store.summary(since: day - hour)
        try expect(Self.sum(lateYesterday, day: yesterday, route: "/a", path: .jwt) == 0, "a window from 23:00 leaves out the 22:00 requests")
        let pruned = try await store.pruneMinuteRollups(before: day + 5 * hour)
        try expect(pruned == 2, "pruning before today deletes yesterday's two minute rows, got \(pruned)")
        let afterPruning = try await store.summary(since: day - hour)
        try expect(
            Self.sum(afterPruning, day: yesterday, route: "/a", path: .jwt) == 3 && Self.sum(afterPruning, day: yesterday, route: "/a", path: .session) == 4,
            "a window starting on a pruned day counts that day whole, from its day rows")
        try expect(Self.sum(afterPruning, day: day, route: "/a", path: .jwt) == 5 + 7 + 11 + 13, "today's counts are untouched")
        let refined = try await store.summary(since: day + 5 * hour)
        try expect(Self.sum(refined, day: day, route: "/a", path: .jwt) == 11 + 13, "today's minute rows still refine a window from 05:00")
        let again = try await store.pruneMinuteRollups(before: day)
        try expect(again == 0, "pruning the same days again deletes nothing, got \(again)")

        // A batch an instance took earlier than any other, written last: recording began then.
        try expect(try await store.summary(since: day).recordingSince == day - 2 * hour, "recording began with the first batch taken")
        try await (peer ?? store).write(UsageBatch(instance: "web-3", takenAt: day - 3 * hour + 0.5, rollups: [], sightings: [], dropped: 0))
        let began = try await store.summary(since: day).recordingSince
        try expect(began == day - 3 * hour + 0.5, "recording began with the earliest batch, whichever wrote last, got \(String(describing: began))")
    }

    static func sum(_ summary: UsageSummary, day: Date, route: String, path: CredentialPath) -> Int {
        summary.daily.filter { $0.bucket == day && $0.route == route && $0.path == path }.reduce(0) { $0 + $1.count }
    }

    private func expect(_ condition: Bool, _ message: String, line: Int = #line) throws {
        if !condition { throw ConformanceFailure(check: "usage", message: message, location: "UsageStoreConformance.swift:\(line)") }
    }

    private func require<T>(_ value: T?, _ message: String, line: Int = #line) throws -> T {
        guard let value else { throw ConformanceFailure(check: "usage", message: message, location: "UsageStoreConformance.swift:\(line)") }
        return value
    }
}
