public import AuthBridge
public import Foundation
public import Logging

/// A usage store that keeps nothing: each batch becomes one log line with the requests per credential path
/// and the refusals by reason. Used while no durable usage store is configured.
public struct LoggingUsageStore: UsageStore {
    private let logger: Logger

    /// Creates the store.
    public init(logger: Logger) {
        self.logger = logger
    }

    public func write(_ batch: UsageBatch) async throws {
        var paths: [String: Int] = [:]
        var refusals: [String: Int] = [:]
        for rollup in batch.rollups {
            paths[rollup.path.rawValue, default: 0] += rollup.count
            if !rollup.reason.isEmpty { refusals[rollup.reason, default: 0] += rollup.count }
        }
        func text(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        logger.info(
            "usage",
            metadata: [
                "usage.requests": "\(batch.requestCount)", "usage.paths": "\(text(paths))",
                "usage.refusals": "\(text(refusals))", "usage.dropped": "\(batch.dropped)",
            ])
    }

    /// Always empty: nothing is kept.
    public func summary(since: Date) async throws -> UsageSummary {
        UsageSummary(daily: [], routeClients: [], clients: [], dropped: 0, instances: [])
    }

    /// Nothing to delete: nothing is kept.
    public func pruneMinuteRollups(before cutoff: Date) async throws -> Int { 0 }
}
