public import Foundation

/// Where usage batches are kept: the same database as the sessions, so one report covers the whole fleet.
public protocol UsageStore: Sendable {
    /// Adds a batch: rollup counts are summed into existing rows, sightings keep the latest time.
    func write(_ batch: UsageBatch) async throws

    /// Everything the report needs since `since`, with rollups summed per day.
    ///
    /// A window starting mid-day counts that first day from its minute rows; when they were pruned
    /// (``pruneMinuteRollups(before:)``), it counts that day whole from the day rows.
    func summary(since: Date) async throws -> UsageSummary

    /// Deletes the minute rows of every UTC day before the one holding `cutoff` and returns how many it deleted.
    /// Day rows stay, so reports keep every day's counts; minute rows only refine a window's first, partial day.
    /// Whole days go at once, which is what lets ``summary(since:)`` tell a pruned day from a quiet one.
    func pruneMinuteRollups(before cutoff: Date) async throws -> Int
}

/// Usage as read back from a store for reporting.
public struct UsageSummary: Sendable, Hashable {
    /// Rollups summed per UTC day (``UsageRollup/bucket`` is the day's start), all instances together.
    public var daily: [UsageRollup]
    /// JWT clients per route seen since the window's start, all instances together.
    public var routeClients: [RouteClientSighting]
    /// The most active JWT subjects and clients seen since the window's start (at most ``clientLimit``), with
    /// their counts since they were first seen.
    public var clients: [ClientSighting]
    /// Events dropped by aggregators that could not keep up.
    public var dropped: Int
    /// The instances that wrote batches.
    public var instances: [String]
    /// When the store began recording: the first batch any instance wrote (its events came at most one flush
    /// interval earlier); `nil` when the store cannot tell. A report claims no longer a quiet spell than this.
    public var recordingSince: Date?

    /// How many subjects and clients a summary lists at most.
    public static let clientLimit = 100

    /// Creates a summary.
    public init(
        daily: [UsageRollup], routeClients: [RouteClientSighting], clients: [ClientSighting], dropped: Int, instances: [String],
        recordingSince: Date? = nil
    ) {
        self.daily = daily
        self.routeClients = routeClients
        self.clients = clients
        self.dropped = dropped
        self.instances = instances
        self.recordingSince = recordingSince
    }
}
