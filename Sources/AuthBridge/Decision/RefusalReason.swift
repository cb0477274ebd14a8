/// Why a credential failed or a request was refused. Extensible: compare with the static members.
///
/// The ``code`` is stable, snake_case and safe to log, to count and to show to clients; it never carries
/// the credential itself.
public struct RefusalReason: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable machine-readable code, e.g. `token_expired`.
    public let code: String
    /// A short human explanation, safe to send in `error_description`.
    public let explanation: String

    /// Creates a reason; the toolkit's own reasons are the static members.
    public init(code: String, explanation: String) {
        self.code = code
        self.explanation = explanation
    }

    public var description: String { code }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension RefusalReason {
    // MARK: Authorization header and token form
    public static let malformedAuthorization = Self(code: "malformed_authorization", explanation: "the Authorization header is not 'Bearer <token>'")
    public static let multipleAuthorizationHeaders = Self(code: "multiple_authorization_headers", explanation: "more than one Authorization header")
    public static let tokenTooLarge = Self(code: "token_too_large", explanation: "the token is larger than allowed")
    public static let malformedToken = Self(code: "malformed_token", explanation: "the token is not a compact JWS")
    public static let duplicateJSONMember = Self(code: "duplicate_json_member", explanation: "the token repeats a JSON member name")
    public static let critHeader = Self(code: "crit_header", explanation: "the token has a crit header, which is not supported")
    public static let algNone = Self(code: "alg_none", explanation: "unsigned tokens are not accepted")
    public static let algorithmMismatch = Self(code: "algorithm_mismatch", explanation: "the token's alg does not match the key's algorithm")
    public static let unknownKey = Self(code: "unknown_key", explanation: "the token names a key that is not configured")
    public static let unsupportedHeader = Self(code: "unsupported_header", explanation: "the token embeds or points to a key (jku, jwk, x5u, x5c), which is not accepted")
    public static let badSignature = Self(code: "bad_signature", explanation: "the signature does not verify")

    // MARK: Claims
    public static let tokenExpired = Self(code: "token_expired", explanation: "the token has expired")
    public static let missingExpiration = Self(code: "missing_exp", explanation: "the token has no exp claim")
    public static let tokenNotYetValid = Self(code: "token_not_yet_valid", explanation: "the token is not valid yet")
    public static let invalidIssuer = Self(code: "invalid_issuer", explanation: "the token's issuer is not accepted")
    public static let invalidAudience = Self(code: "invalid_audience", explanation: "the token's audience is not accepted")
    public static let invalidClaim = Self(code: "invalid_claim", explanation: "a claim has a wrong type or an impossible value")
    public static let missingSubject = Self(code: "missing_sub", explanation: "the token has no sub claim")
    public static let unknownUser = Self(code: "unknown_user", explanation: "the credential names no known user")

    // MARK: Migration policy
    public static let jwtDisabled = Self(code: "jwt_disabled", explanation: "bearer tokens are switched off; sign in to get a session")
    public static let jwtDisabledForRoute = Self(code: "jwt_disabled_for_route", explanation: "bearer tokens are switched off for this route; sign in to get a session")
    public static let jwtDisabledForMethod = Self(code: "jwt_disabled_for_method", explanation: "bearer tokens are switched off for this method; sign in to get a session")
    public static let jwtBrownout = Self(code: "jwt_brownout", explanation: "bearer tokens are refused during a scheduled brownout")
    public static let jwtRevokedByCutover = Self(code: "jwt_revoked_by_cutover", explanation: "tokens issued before the cut-over are revoked; sign in again")

    // MARK: Session cookie
    public static let malformedCookie = Self(code: "malformed_cookie", explanation: "the session cookie is malformed")
    public static let duplicateSessionCookie = Self(code: "duplicate_session_cookie", explanation: "more than one session cookie")
    public static let sessionNotFound = Self(code: "session_not_found", explanation: "the session does not exist or was ended")
    public static let sessionExpired = Self(code: "session_expired", explanation: "the session has expired")

    // MARK: Request-level refusals
    public static let credentialMismatch = Self(code: "credential_mismatch", explanation: "the session and the token name different users")
    public static let crossSiteRequest = Self(code: "cross_site_request", explanation: "cross-site request refused")
    public static let storeUnavailable = Self(code: "store_unavailable", explanation: "the session store is unavailable")
    public static let authenticationRequired = Self(code: "authentication_required", explanation: "this route requires a signed-in user")
}
