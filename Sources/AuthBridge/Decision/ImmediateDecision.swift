/// What ``Authenticator/authenticateImmediately(_:)`` produced: the decision, or one that must wait.
public enum ImmediateDecision<Resolver: UserResolver>: Sendable {
    /// Decided without suspending; its usage event and log line are already recorded.
    case decided(AuthDecision<Resolver.User>)
    /// Needs the store or the resolver to answer (or a session touched or created) first.
    case pending(PendingDecision<Resolver>)
}

/// A decision that stopped where it had to wait. Call ``decide()`` exactly once: the usage event and the log
/// line are recorded then, and a session touch or upgrade session it found due is written then (the upgrade
/// limiter already counted the upgrade, so a dropped pending decision delays that token's upgrade by one
/// interval).
public struct PendingDecision<Resolver: UserResolver>: Sendable {
    let authenticator: Authenticator<Resolver>
    let request: AuthRequest
    let draft: DecisionDraft<Resolver.User>

    /// Finishes the decision, waiting for the store and the resolver.
    @_specialize(where Resolver == SessionUserResolver)
    @_specialize(exported: true, where Resolver == SessionUserResolver)
    public func decide() async -> AuthDecision<Resolver.User> {
        var draft = draft
        await authenticator.complete(request, &draft)
        return draft.decision
    }
}
