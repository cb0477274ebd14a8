public import Foundation

/// Where usage batches are kept: the same database as the sessions, so one report covers the whole fleet.
public protocol UsageStore: Sendable {
    /// Adds a batch: rollup counts are summed into existing rows, sightings keep the latest time.
    func write(_ batch: UsageBatch) async throws

    /// Everything the report needs since `since`, with rollups summed per day.
    func summary(since: Date) async throws -> UsageSummary
}

/// Usage as read back from a store for reporting.
public struct UsageSummary: Sendable, Hashable {
    /// Rollups summed per UTC day (``UsageRollup/bucket`` is the day's start), all instances together.
    public var daily: [UsageRollup]
    /// JWT subjects and clients per route, latest sighting, all instances together.
    public var sightings: [JWTSighting]
    /// Events dropped by aggregators that could not keep up.
    public var dropped: Int
    /// The instances that wrote batches.
    public var instances: [String]

    /// Creates a summary.
    public init(daily: [UsageRollup], sightings: [JWTSighting], dropped: Int, instances: [String]) {
        self.daily = daily
        self.sightings = sightings
        self.dropped = dropped
        self.instances = instances
    }
}
