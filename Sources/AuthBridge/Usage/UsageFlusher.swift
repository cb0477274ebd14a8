import Foundation
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

    /// Creates a flusher.
    public init(
        aggregator: UsageAggregator, store: any UsageStore, interval: Duration = .seconds(5),
        logger: Logger = Logger(label: "authbridge.usage", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.aggregator = aggregator
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
    }

    /// Writes what the aggregator holds now; on failure puts it back for the next try.
    public func flush() async {
        let batch = aggregator.drain()
        guard !batch.isEmpty else { return }
        do {
            try await store.write(batch)
        } catch {
            logger.warning("usage flush failed; will retry", metadata: ["error": "\(error)", "requests": "\(batch.requestCount)"])
            aggregator.restore(batch)
        }
    }
}
