public import AuthBridge
public import Foundation

/// The behaviour every ``SessionStore`` must show, as checks a store's tests run against a fresh store.
///
/// Each check throws ``ConformanceFailure`` (or the store's unexpected error) when the store misbehaves, so a
/// Swift Testing test fails with the reason. Checks assume they are the only writer of the store they are given
/// (counts of pruned rows are exact); give each check a fresh store.
///
/// ```swift
/// @Test(arguments: SessionStoreConformance.Check.allCases)
/// func conformance(_ check: SessionStoreConformance.Check) async throws {
///     try await SessionStoreConformance().run(check, on: try makeFreshStore())
/// }
/// ```
public struct SessionStoreConformance: Sendable {
    /// One behaviour of the protocol.
    public enum Check: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Create then read: data JSON intact, dates to the millisecond; a missing key reads `nil`.
        case createAndRead
        /// A second create with the same key fails with `duplicateKey` and changes nothing.
        case duplicateKey
        /// Touch moves the idle deadline and last-seen time, never the data, version or other dates.
        case touch
        /// Compare-and-set update: new version and data; a stale version gets `conflict`, a missing key `notFound`.
        case update
        /// Concurrent writers with the same expected version: exactly one wins, every other gets `conflict`.
        case concurrentUpdates
        /// Rotate: the old key is gone, the new key reads the same session; onto a taken key, `duplicateKey`.
        case rotate
        /// Destroy deletes one session and says whether it existed.
        case destroy
        /// Destroy-all deletes every session of one user and no other.
        case destroyAll
        /// List returns a user's sessions, oldest first, expired ones included.
        case list
        /// Prune deletes expired sessions only (idle, absolute, and exactly at `now`).
        case pruneExpired
        /// Concurrent prunes (several tasks, and a peer instance when given): counts add up, nothing else lost.
        case concurrentPrune

        public var description: String { rawValue }
    }

    /// The instant the checks treat as now: whole seconds, so every store can keep it exactly.
    public let now: Date
    /// How many concurrent writers or pruners the concurrency checks start.
    public let contenders: Int

    /// Creates the suite.
    /// - Parameters:
    ///   - now: the checks' notion of now; rounded down to a whole second.
    ///   - contenders: concurrent tasks in the concurrency checks.
    public init(now: Date = Date(), contenders: Int = 8) {
        self.now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        self.contenders = max(2, contenders)
    }

    /// Runs one check.
    /// - Parameters:
    ///   - check: the behaviour to check.
    ///   - store: a fresh store.
    ///   - peer: optionally a second instance over the same storage (another pool or client), used by the
    ///     concurrency checks as a second server would; `store` is used alone otherwise.
    public func run(_ check: Check, on store: some SessionStore, peer: (any SessionStore)? = nil) async throws {
        let stores: [any SessionStore] = [store] + (peer.map { [$0] } ?? [])
        switch check {
        case .createAndRead: try await checkCreateAndRead(store)
        case .duplicateKey: try await checkDuplicateKey(store)
        case .touch: try await checkTouch(store)
        case .update: try await checkUpdate(store)
        case .concurrentUpdates: try await checkConcurrentUpdates(stores)
        case .rotate: try await checkRotate(store)
        case .destroy: try await checkDestroy(store)
        case .destroyAll: try await checkDestroyAll(store)
        case .list: try await checkList(store)
        case .pruneExpired: try await checkPruneExpired(store)
        case .concurrentPrune: try await checkConcurrentPrune(stores)
        }
    }

    /// Runs every check in turn against stores `makeStore` creates, one per check.
    public func runAll(_ makeStore: () async throws -> any SessionStore) async throws {
        for check in Check.allCases {
            try await run(check, on: try await makeStore())
        }
    }
}
