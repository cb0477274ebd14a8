import Synchronization

/// A clock that moves only when told to: for testing caches and timeouts without waiting.
public final class ManualClock: Clock, Sendable {
    /// An instant of the manual clock.
    public struct Instant: InstantProtocol {
        /// Time since the clock's start.
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))

    /// Creates a clock at offset zero.
    /// - Parameter resolution: the resolution it declares (a coarse clock's readings lag by up to that much).
    public init(resolution: Duration = .nanoseconds(1)) {
        minimumResolution = resolution
    }

    public var now: Instant { current.withLock { $0 } }
    public let minimumResolution: Duration

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    /// Returns at once once the deadline has passed; otherwise yields until it does (tests advance the clock).
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        while now < deadline {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
