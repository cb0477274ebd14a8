public import Foundation
public import Logging
public import ServiceLifecycle

/// Deletes expired sessions every `interval`: a ServiceLifecycle `Service`, framework-neutral.
///
/// Every instance of an application may run one against a shared store: stores delete each expired row once, so
/// the counts of concurrent runs add up. The pruner stops on graceful shutdown or cancellation. A failed run is
/// logged and retried at the next interval; it never stops the service.
///
/// ```swift
/// let group = ServiceGroup(
///     services: [store, SessionPruner(store: store), server],   // shut down in reverse order
///     gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
/// )
/// try await group.run()
/// ```
public struct SessionPruner: Service {
    /// The store to prune.
    public let store: any SessionStore
    /// Time between runs. Default 5 minutes.
    public let interval: Duration
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates a pruner.
    /// - Parameters:
    ///   - store: the store to prune.
    ///   - interval: time between runs; the first run starts at once.
    ///   - logger: receives a debug line per run and a warning per failure.
    ///   - now: the wall clock.
    public init(
        store: any SessionStore,
        interval: Duration = .seconds(300),
        logger: Logger = Logger(label: "authbridge.pruner", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    /// Prunes at once, then every `interval`, until graceful shutdown or cancellation.
    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await pruneOnce()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// One run; returns how many sessions were deleted, or `nil` when the store failed.
    @discardableResult
    public func pruneOnce() async -> Int? {
        do {
            let count = try await store.pruneExpired(now: now())
            logger.debug("pruned expired sessions", metadata: ["sessions.pruned": "\(count)"])
            return count
        } catch {
            logger.warning("pruning expired sessions failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
