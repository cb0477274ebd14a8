public import Foundation

/// The migration policy for the JWT path: read once at start-up, evaluated per request without allocation.
public struct JWTPolicy: Sendable {
    /// The global mode.
    public enum Mode: String, Sendable, CaseIterable {
        /// JWTs are accepted.
        case accept
        /// JWTs are accepted and their responses carry deprecation headers.
        case deprecate
        /// JWTs are refused everywhere.
        case off
    }

    /// What the policy says about a JWT on a given request.
    public enum Verdict: Sendable, Equatable {
        /// Accept the token (if it verifies).
        case accept
        /// Refuse the token for this reason.
        case refuse(RefusalReason)
    }

    /// The global mode. Default `accept`.
    public var mode: Mode
    /// Methods on which JWTs are refused (upper case), e.g. `POST`, `PUT`, `PATCH`, `DELETE`.
    public var offMethods: Set<String>
    /// Whether login and signup still return a JWT. Default on.
    public var issue: Bool
    /// Whether a JWT-authenticated request also gets a fresh session cookie. Default off.
    public var upgrade: Bool
    /// Whether refusals are only recorded ("would refuse") and the request let through. Default off.
    public var dryRun: Bool
    /// Tokens issued before this instant (or without `iat`) are refused.
    public var issuedAfter: Date?

    /// Creates a policy; the defaults accept JWTs everywhere and keep issuing them.
    public init(
        mode: Mode = .accept,
        offMethods: Set<String> = [],
        issue: Bool = true,
        upgrade: Bool = false,
        dryRun: Bool = false,
        issuedAfter: Date? = nil
    ) {
        self.mode = mode
        self.offMethods = Set(offMethods.map { $0.uppercased() })
        self.issue = issue
        self.upgrade = upgrade
        self.dryRun = dryRun
        self.issuedAfter = issuedAfter
    }

    /// The verdict for a JWT on `method` and `route` at `now`.
    public func verdict(method: String, route: String, now: Date) -> Verdict {
        if mode == .off { return .refuse(.jwtDisabled) }
        if offMethods.contains(method) { return .refuse(.jwtDisabledForRoute) }
        return .accept
    }

    /// Whether a verified token passes the cut-over revocation (`issuedAfter`).
    public func admits(_ claims: JWTClaims) -> Bool {
        guard let issuedAfter else { return true }
        guard let issuedAt = claims.issuedAt else { return false }
        return issuedAt >= issuedAfter
    }

    /// Headers added to JWT-authenticated responses (`Deprecation`, `Sunset`, `Link`).
    public func deprecationHeaders(now: Date) -> [HTTPHeaderField] {
        []
    }
}
