import Synchronization

/// Runs an operation against a deadline and returns at the deadline even when the operation does not stop (a
/// server that accepted the connection and went silent): the operation is cancelled and left to finish alone.
enum CallDeadline {
    /// The operation's result, or `nil` when `timeout` passed first.
    static func run<T: Sendable>(
        within timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        let slot = Slot<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                slot.install(continuation)
                let work = Task {
                    do { slot.finish(.success(try await operation())) } catch { slot.finish(.failure(error)) }
                }
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    slot.finish(.success(nil))
                }
                slot.adopt([work, timer])
            }
        } onCancel: {
            slot.finish(.failure(CancellationError()))
        }
    }

    /// The first outcome wins: it resumes the caller once and cancels the losing tasks.
    private final class Slot<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T?, any Error>?
            var result: Result<T?, any Error>?
            var tasks: [Task<Void, Never>] = []
        }
        private let state = Mutex(State())

        func install(_ continuation: CheckedContinuation<T?, any Error>) {
            let early = state.withLock { state -> Result<T?, any Error>? in
                if state.result == nil { state.continuation = continuation }
                return state.result
            }
            if let early { continuation.resume(with: early) }
        }

        func adopt(_ tasks: [Task<Void, Never>]) {
            let finished = state.withLock { state -> Bool in
                if state.result == nil { state.tasks = tasks }
                return state.result != nil
            }
            if finished { tasks.forEach { $0.cancel() } }
        }

        func finish(_ result: Result<T?, any Error>) {
            let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<T?, any Error>?, [Task<Void, Never>]) in
                guard state.result == nil else { return (nil, []) }
                state.result = result
                defer {
                    state.continuation = nil
                    state.tasks = []
                }
                return (state.continuation, state.tasks)
            }
            continuation?.resume(with: result)
            tasks.forEach { $0.cancel() }
        }
    }
}
