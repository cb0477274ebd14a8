public import Foundation
public import Logging
public import ServiceLifecycle

/// A `Service` that writes the aggregator's counts to the store every interval, and once more on graceful
/// shutdown. After a crash (SIGKILL) at most one interval of counts is lost.
public struct UsageFlusher: Service {
    /// The aggregator to drain.
    public let aggregator: UsageAggregator
    /// The store to write to.
    public let store: any UsageStore
    /// Time between flushes. Default 5 s.
    public let interval: Duration
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates a flusher.
    /// - Parameters:
    ///   - aggregator: the counts to write.
    ///   - store: where to write them.
    ///   - interval: time between flushes; at most this much is lost in a crash.
    ///   - logger: receives a warning when a write fails (the batch is kept for the next try).
    ///   - now: the wall clock batches are stamped with.
    public init(
        aggregator: UsageAggregator, store: any UsageStore, interval: Duration = .seconds(5),
        logger: Logger = Logger(label: "authbridge.usage", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.aggregator = aggregator
        self.store = store
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
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
