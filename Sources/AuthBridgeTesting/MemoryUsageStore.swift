public import AuthBridge
public import Foundation

/// A usage store in memory: for tests; it sums exactly as the SQL stores do.
public actor MemoryUsageStore: UsageStore {
    private var minutes: [UsageRollup: Int] = [:]
    private var days: [UsageRollup: Int] = [:]
    private var routeClients: [RouteClientSighting.Key: RouteClientSighting] = [:]
    private var clients: [ClientSighting.Key: ClientSighting] = [:]
    private var dropped: [(at: Date, count: Int)] = []
    private var instances: Set<String> = []
    /// When the first batch was taken, as the SQL stores keep it.
    private var recordingSince: Date?
    /// When set, writes fail (to test retry).
    public var failsWrites = false

    /// Creates an empty store.
    public init() {}

    /// Makes writes fail (or work again).
    public func setFailsWrites(_ fails: Bool) { failsWrites = fails }

    public func write(_ batch: UsageBatch) async throws {
        if failsWrites { throw SessionStoreError(.unavailable, "the memory usage store is switched off") }
        instances.insert(batch.instance)
        recordingSince = min(recordingSince ?? batch.takenAt, batch.takenAt)
        if batch.dropped > 0 { dropped.append((batch.takenAt, batch.dropped)) }
        Self.add(batch.rollups, to: &minutes)
        Self.add(batch.dailyRollups, to: &days)
        RouteClientSighting.merge(batch.routeClientSightings, into: &routeClients)
        ClientSighting.merge(batch.clientSightings, into: &clients)
    }

    public func summary(since: Date) async throws -> UsageSummary {
        // As the SQL stores: whole days from the day rows; the partial first day from its minute rows while they
        // are all there (their total equals the day rows'), else whole from its day rows.
        let partialStart = UsageTime.dayStart(since)
        let firstFullDay = UsageTime.firstFullDay(from: since)
        func total(_ table: [UsageRollup: Int], from start: Date, to end: Date) -> Int {
            table.filter { $0.key.bucket >= start && $0.key.bucket < end }.values.reduce(0, +)
        }
        let minutesComplete = total(minutes, from: partialStart, to: firstFullDay) == total(days, from: partialStart, to: firstFullDay)
        var daily = days.filter { $0.key.bucket >= (minutesComplete ? firstFullDay : partialStart) }
        if minutesComplete {
            for (key, count) in minutes where key.bucket >= since && key.bucket < firstFullDay {
                var day = key
                day.bucket = partialStart
                daily[day, default: 0] += count
            }
        }
        return UsageSummary(
            daily: daily.map { key, count in var row = key; row.count = count; return row },
            routeClients: routeClients.values.filter { $0.lastSeen >= since },
            clients: Array(
                clients.values.filter { $0.lastSeen >= since }
                    .sorted { ($0.count, $1.subject, $1.client) > ($1.count, $0.subject, $0.client) }
                    .prefix(UsageSummary.clientLimit)),
            dropped: dropped.filter { $0.at >= since }.reduce(0) { $0 + $1.count }, instances: instances.sorted(),
            recordingSince: recordingSince
        )
    }

    public func pruneMinuteRollups(before cutoff: Date) async throws -> Int {
        let (before, dayStart) = (minutes.count, UsageTime.dayStart(cutoff))
        minutes = minutes.filter { $0.key.bucket >= dayStart }
        return before - minutes.count
    }

    private static func add(_ rollups: [UsageRollup], to table: inout [UsageRollup: Int]) {
        for rollup in rollups {
            var key = rollup
            key.count = 0
            table[key, default: 0] += rollup.count
        }
    }

    /// Every minute rollup written so far (and not pruned).
    public var minuteRollups: [UsageRollup] {
        minutes.map { key, count in var row = key; row.count = count; return row }
    }
}
