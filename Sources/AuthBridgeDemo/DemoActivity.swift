import Synchronization

/// What the demo app did, counted as it happened: sign-ups, logins, logouts, and what AuthBridge added to
/// responses (sessions created by upgrade, deprecation headers). Read by `authbridge demo` after each phase.
public final class DemoActivity: Sendable {
    /// Counts since the server started.
    public struct Counts: Sendable, Hashable {
        /// Accounts created.
        public var signups = 0
        /// Successful logins.
        public var logins = 0
        /// Logins refused for a wrong email or password.
        public var failedLogins = 0
        /// Logouts.
        public var logouts = 0
        /// Sessions created by upgrade: a request authenticated by a JWT alone got a session cookie.
        public var upgradeSessions = 0
        /// Responses that carried deprecation headers (`Deprecation`, `Sunset`, `Link`).
        public var deprecatedResponses = 0

        /// No activity.
        public init() {}
    }

    private let state = Mutex(Counts())

    /// Creates empty counts.
    public init() {}

    /// The counts so far.
    public var counts: Counts { state.withLock { $0 } }

    func record(_ change: (inout Counts) -> Void) {
        state.withLock { change(&$0) }
    }
}
