import Synchronization

/// Receives one ``UsageEvent`` per decision. Must not block: it is called on the request path.
public protocol UsageRecorder: Sendable {
    /// Records an event.
    func record(_ event: UsageEvent)
}

/// A recorder that drops every event.
public struct DiscardingUsageRecorder: UsageRecorder {
    /// Creates the recorder.
    public init() {}
    public func record(_ event: UsageEvent) {}
}

/// A recorder that keeps events in memory, for tests and small tools.
public final class MemoryUsageRecorder: UsageRecorder {
    private let storage = Mutex<[UsageEvent]>([])

    /// Creates an empty recorder.
    public init() {}

    public func record(_ event: UsageEvent) {
        storage.withLock { $0.append(event) }
    }

    /// The events recorded so far, oldest first.
    public var events: [UsageEvent] { storage.withLock { $0 } }

    /// Forgets every event.
    public func removeAll() { storage.withLock { $0.removeAll() } }
}
