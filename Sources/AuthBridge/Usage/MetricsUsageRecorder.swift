public import CoreMetrics
import Synchronization

/// Counts decisions in `authbridge_requests_total` through swift-metrics, by `path`, `outcome` and `route`.
///
/// Label values stay bounded: routes beyond ``maximumRoutes`` distinct templates are counted as `other`, and
/// no raw path or user id is ever a label.
public final class MetricsUsageRecorder: UsageRecorder {
    private struct Key: Hashable {
        var path: CredentialPath
        var outcome: UsageEvent.Outcome
        var route: String
    }

    private let counters = Mutex<[Key: CoreMetrics.Counter]>([:])
    private let routes = Mutex<Set<String>>([])
    private let factory: any MetricsFactory
    /// The most distinct route labels.
    public let maximumRoutes: Int

    /// Creates the recorder.
    /// - Parameters:
    ///   - maximumRoutes: the most distinct `route` label values; the rest are `other`.
    ///   - factory: the metrics backend (default: the bootstrapped one, e.g. swift-prometheus).
    public init(maximumRoutes: Int = 200, factory: any MetricsFactory = MetricsSystem.factory) {
        self.maximumRoutes = maximumRoutes
        self.factory = factory
    }

    public func record(_ event: UsageEvent) {
        let route = routes.withLock { known -> String in
            if known.contains(event.route) { return event.route }
            guard known.count < maximumRoutes else { return "other" }
            known.insert(event.route)
            return event.route
        }
        let key = Key(path: event.path, outcome: event.outcome, route: route)
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: "authbridge_requests_total",
                dimensions: [("path", key.path.rawValue), ("outcome", key.outcome.rawValue), ("route", key.route)],
                factory: factory
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
    }
}

/// Sends every event to several recorders (say, a ``UsageAggregator`` and a ``MetricsUsageRecorder``).
public struct UsageRecorders: UsageRecorder {
    private let recorders: [any UsageRecorder]

    /// Creates a fan-out recorder.
    public init(_ recorders: [any UsageRecorder]) {
        self.recorders = recorders
    }

    public func record(_ event: UsageEvent) {
        for recorder in recorders { recorder.record(event) }
    }
}
