public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A monotonic clock read from the kernel's coarse clock: on Linux `CLOCK_MONOTONIC_COARSE`, a few nanoseconds a
/// read (against about 20 for `ContinuousClock`) at the kernel tick's resolution, a few milliseconds. Elsewhere
/// it reads `ContinuousClock`.
///
/// What runs on every request reads the time once or twice; this clock (and ``date()`` for the wall clock) is
/// for such readings, where milliseconds do not matter. ``minimumResolution`` says how coarse it is, so a bound
/// can allow for it (``CachedSessionStore`` does).
public struct CoarseClock: Clock, Sendable {
    /// An instant: the time since an arbitrary origin (boot, on Linux).
    public struct Instant: InstantProtocol, Sendable {
        /// The time since the clock's origin.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// Creates the clock.
    public init() {}

    public var now: Instant {
        #if os(Linux)
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
        return Instant(offset: .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec))
        #else
        return Instant(offset: Self.origin.duration(to: ContinuousClock.now))
        #endif
    }

    public var minimumResolution: Duration { Self.resolution }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await ContinuousClock().sleep(for: now.duration(to: deadline), tolerance: tolerance)
    }

    /// The wall-clock time now, read as cheaply (`CLOCK_REALTIME_COARSE` on Linux): within a few milliseconds.
    public static func date() -> Date {
        #if os(Linux)
        var time = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &time)
        return Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9)
        #else
        return Date()
        #endif
    }

    #if os(Linux)
    private static let resolution: Duration = {
        var resolution = timespec()
        clock_getres(CLOCK_MONOTONIC_COARSE, &resolution)
        return .seconds(resolution.tv_sec) + .nanoseconds(resolution.tv_nsec)
    }()
    #else
    private static let resolution = ContinuousClock().minimumResolution
    private static let origin = ContinuousClock.now
    #endif
}
