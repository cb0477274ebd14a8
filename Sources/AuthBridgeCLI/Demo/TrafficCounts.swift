import AuthBridge
import AuthBridgeDemo

/// What one phase's traffic amounted to. Counted twice: by the server (from its usage events and activity)
/// and by the simulated clients (from what they sent and got back); `authbridge demo` prints the server's and
/// checks that both agree.
struct TrafficCounts: Equatable, Sendable {
    /// Requests per credential path (the path used, or attempted when refused).
    var requests: [CredentialPath: Int] = [:]
    /// Requests a credential authenticated, per path.
    var authenticated: [CredentialPath: Int] = [:]
    /// Requests refused (401, 403), per path.
    var refused: [CredentialPath: Int] = [:]
    /// Refusals per reason code.
    var refusals: [String: Int] = [:]
    /// Logins after sign-up: clients that had to log in again.
    var relogins = 0
    /// Sessions created by upgrade.
    var upgrades = 0
    /// Responses with deprecation headers.
    var deprecated = 0

    init() {}

    /// The server's view: one usage event per request, and the app's activity counts.
    init(events: [UsageEvent], activity: DemoActivity.Counts) {
        for event in events {
            requests[event.path, default: 0] += 1
            switch event.outcome {
            case .authenticated: authenticated[event.path, default: 0] += 1
            case .invalid, .refused:
                refused[event.path, default: 0] += 1
                refusals[event.reason ?? "unknown", default: 0] += 1
            case .anonymous: break
            }
        }
        relogins = activity.logins
        upgrades = activity.upgradeSessions
        deprecated = activity.deprecatedResponses
    }

    var total: Int { requests.values.reduce(0, +) }
}
