public import Foundation
public import Logging
public import ServiceLifecycle

/// A `Service` that writes the aggregator's counts to the store every interval, and once more on graceful shutdown
/// (even when signalled before ``run()`` began). After a crash (SIGKILL) at most one interval of counts is lost, and
/// the same after a cancellation (another service of the group failed): the stores give up its last write at once.
///
/// It also keeps the store's minute rows from growing without end: at start and then hourly it deletes those of
/// days older than ``minuteRetention`` (``UsageStore/pruneMinuteRollups(before:)``), in a child task of its own, so
/// a long prune never delays a flush. Day rows are kept, so reports over any window keep their counts; only a
/// window starting more than the retention ago counts its first day whole. Every instance of a fleet may prune:
/// deleting the same rows twice deletes nothing more.
public struct UsageFlusher: Service {
    /// The aggregator to drain.
    public let aggregator: UsageAggregator
    /// The store to write to.
    public let store: any UsageStore
    /// Time between flushes. Default 5 s.
    public let interval: Duration
    /// How long minute rows are kept (whole UTC days, at least one: a batch retried late must find its day's
    /// minutes still there); `nil` keeps them for ever. Default 35 days, so a `--since 30d` report is exact to the
    /// minute.
    public let minuteRetention: Duration?
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates a flusher.
    /// - Parameters:
    ///   - aggregator: the counts to write.
    ///   - store: where to write them.
    ///   - interval: time between flushes; at most this much is lost in a crash.
    ///   - minuteRetention: how long minute rows are kept (less than a day counts as a day); `nil` keeps them
    ///     for ever.
    ///   - logger: receives a warning when a write fails (the batch is kept for the next try).
    ///   - now: the wall clock batches are stamped with.
    public init(
        aggregator: UsageAggregator, store: any UsageStore, interval: Duration = .seconds(5),
        minuteRetention: Duration? = .seconds(35 * 86_400),
        logger: Logger = Logger(label: "authbridge.usage", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.aggregator = aggregator
        self.store = store
        self.interval = interval
        self.minuteRetention = minuteRetention.map { max($0, .seconds(86_400)) }
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if minuteRetention != nil {
                group.addTask {
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        await pruneMinuteRollups()
                        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
                    }
                }
            }
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
                await flush()
            }
            // Once more on the way out, also when shutdown came before the first interval (or before `run()`), and
            // without waiting for a prune in progress to end.
            await flush()
            group.cancelAll()
        }
    }

    /// Deletes the minute rows older than ``minuteRetention`` (whole days); ``run()`` calls it at start and hourly.
    /// A store that cannot answer is logged and tried again at the next hour.
    public func pruneMinuteRollups() async {
        guard let minuteRetention else { return }
        let cutoff = now().addingTimeInterval(-TimeInterval(minuteRetention.components.seconds))
        do {
            let deleted = try await store.pruneMinuteRollups(before: cutoff)
            if deleted > 0 { logger.info("usage minute rows pruned", metadata: ["usage.deleted": "\(deleted)"]) }
        } catch {
            logger.warning("usage minute pruning failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Writes what the aggregator holds now; on failure puts it back for the next try.
    public func flush() async {
        let batch = aggregator.drain(now: now())
        guard !batch.isEmpty else { return }
        do {
            try await store.write(batch)
        } catch {
            logger.warning("usage flush failed; will retry", metadata: ["error": "\(error)", "requests": "\(batch.requestCount)"])
            aggregator.restore(batch)
        }
    }
}
