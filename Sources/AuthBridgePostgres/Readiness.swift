import AuthBridge
import Synchronization

/// Whether the store's `run()` has started its client and brought the schema up to date.
final class Readiness: Sendable {
    enum State: Sendable {
        case notRunning, migrating, ready
        case failed(SessionStoreError)
    }

    private let state = Mutex(State.notRunning)

    var current: State { state.withLock { $0 } }

    func set(_ new: State) { state.withLock { $0 = new } }

    /// Returns once ready; throws the start-up error, or `CancellationError` when the caller gives up.
    func wait() async throws {
        while true {
            switch current {
            case .ready: return
            case .failed(let error): throw error
            case .notRunning, .migrating: try await Task.sleep(for: .milliseconds(5))
            }
        }
    }
}
