/// An answer given without waiting, or the admission that there is none: the caller then asks the asynchronous
/// way. Stores and resolvers that hold what a decision needs in memory answer this way, so the decision (and,
/// on Vapor, the request) need not suspend.
public enum ImmediateAnswer<Value: Sendable>: Sendable {
    /// The answer; it may itself be "nothing" (no such session, no such user).
    case answered(Value)
    /// No answer without waiting: ask the asynchronous way.
    case mustWait
}
