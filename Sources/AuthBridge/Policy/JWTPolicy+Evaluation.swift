extension JWTPolicy {
    /// A verdict and the rule that produced it, for explaining a decision (`authbridge flags --explain`).
    public struct Evaluation: Sendable, Equatable {
        /// The rule that decided.
        public enum Rule: Sendable, Equatable {
            /// No rule applies: the token is accepted.
            case none
            /// The global mode is `off`.
            case modeOff
            /// The brownout at this index of ``JWTPolicy/brownouts`` is in progress.
            case brownout(Int)
            /// The on-route at this index of ``JWTPolicy/onRoutes`` matches.
            case onRoute(Int)
            /// The off-route at this index of ``JWTPolicy/offRoutes`` matches.
            case offRoute(Int)
            /// The method is in ``JWTPolicy/offMethods``.
            case offMethod
        }

        /// What the policy says.
        public var verdict: Verdict
        /// Why.
        public var rule: Rule

        /// Creates an evaluation.
        public init(_ verdict: Verdict, _ rule: Rule) {
            self.verdict = verdict
            self.rule = rule
        }
    }
}
