extension ConfigurationVariable {
    static let flagValues = "on, off (also true/false, yes/no, 1/0)"
    static let durationValues = "a duration: 90s, 15m, 12h, 7d or plain seconds"
    static let timestampValues = "an RFC 3339 timestamp, e.g. 2026-06-01T00:00:00Z"
    static let routeValues = "comma-separated route patterns '[METHOD] /path' with ':name', '*' and a final '**'"

    // MARK: Migration flags
    public static let jwtMode = Self(
        "AUTHBRIDGE_JWT", key: "jwt", accepted: "accept, deprecate, off", default: "accept",
        "The global mode: accept JWTs; accept them and add deprecation headers; or refuse them everywhere (`jwt_disabled`)."
    )
    public static let jwtOffRoutes = Self(
        "AUTHBRIDGE_JWT_OFF_ROUTES", key: "jwt.offRoutes", accepted: routeValues,
        "Routes where JWTs are refused (`jwt_disabled_for_route`).")
    public static let jwtOnRoutes = Self(
        "AUTHBRIDGE_JWT_ON_ROUTES", key: "jwt.onRoutes", accepted: routeValues,
        "Exceptions that keep accepting JWTs; win over `AUTHBRIDGE_JWT_OFF_ROUTES` and `AUTHBRIDGE_JWT_OFF_METHODS`.")
    public static let jwtOffMethods = Self(
        "AUTHBRIDGE_JWT_OFF_METHODS", key: "jwt.offMethods",
        accepted: "comma-separated HTTP methods, e.g. POST,PUT,PATCH,DELETE",
        "Methods on which JWTs are refused (`jwt_disabled_for_method`): writes first, reads later.")
    public static let jwtIssue = Self(
        "AUTHBRIDGE_JWT_ISSUE", key: "jwt.issue", accepted: flagValues, default: "on",
        "Whether login still returns a JWT besides setting the session. Off never invalidates JWTs already issued.")
    public static let jwtUpgrade = Self(
        "AUTHBRIDGE_JWT_UPGRADE", key: "jwt.upgrade", accepted: flagValues, default: "off",
        "A request authenticated by a valid JWT alone also gets a fresh session cookie (no re-login).")
    public static let jwtUpgradeInterval = Self(
        "AUTHBRIDGE_JWT_UPGRADE_INTERVAL", key: "jwt.upgradeInterval", accepted: durationValues + ", at most 1d",
        default: "10m",
        "While upgrade is on, one token gets at most one new session per interval per instance (0: on every request).")
    public static let jwtDryRun = Self(
        "AUTHBRIDGE_JWT_DRY_RUN", key: "jwt.dryRun", accepted: flagValues, default: "off",
        "The off rules (mode off, routes, methods, brownouts, issued-after) only record `would_refuse` and let the request through."
    )
    public static let jwtDeprecation = Self(
        "AUTHBRIDGE_JWT_DEPRECATION", key: "jwt.deprecation", accepted: timestampValues,
        "In mode `deprecate` (where it is required), `Deprecation: @<epoch>` (RFC 9745) on JWT-authenticated responses."
    )
    public static let jwtSunset = Self(
        "AUTHBRIDGE_JWT_SUNSET", key: "jwt.sunset",
        accepted: timestampValues + ", not earlier than AUTHBRIDGE_JWT_DEPRECATION",
        "In mode `deprecate`, `Sunset: <IMF-fixdate>` (RFC 8594); named in the brownout explanation.")
    public static let jwtDeprecationLink = Self(
        "AUTHBRIDGE_JWT_DEPRECATION_LINK", key: "jwt.deprecationLink", accepted: "an absolute http(s) URL",
        "In mode `deprecate`, `Link: <url>; rel=\"deprecation\"`.")
    public static let jwtBrownouts = Self(
        "AUTHBRIDGE_JWT_BROWNOUTS", key: "jwt.brownouts",
        accepted:
            "comma-separated ISO 8601 intervals start/end, start/duration or duration/end, e.g. 2026-12-01T07:00:00Z/PT3H",
        "Windows during which JWTs are refused as if off (`jwt_brownout`); the explanation names the sunset.")
    public static let jwtIssuedAfter = Self(
        "AUTHBRIDGE_JWT_ISSUED_AFTER", key: "jwt.issuedAfter", accepted: timestampValues,
        "Cut-over: JWTs issued before it, or without `iat`, are refused everywhere (`jwt_revoked_by_cutover`).")

    // MARK: Keys and claims
    public static let jwtSecret = Self(
        "AUTHBRIDGE_JWT_SECRET", key: "jwt.secret", accepted: "an HMAC secret of at least 32 bytes", secret: true,
        "HMAC secret (HS256/384/512) that verifies and signs JWTs. Secret: never printed.")
    public static let jwtAlgorithm = Self(
        "AUTHBRIDGE_JWT_ALGORITHM", key: "jwt.algorithm",
        accepted: "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA",
        default: "HS256 with a secret",
        "The algorithm of the secret or PEM key (required with a PEM key); a token's `alg` must equal it.")
    public static let jwtPublicKeyFile = Self(
        "AUTHBRIDGE_JWT_PUBLIC_KEY_FILE", key: "jwt.publicKeyFile", accepted: "a path to a PEM public key",
        "Verification key (RSA, EC or Ed25519).")
    public static let jwtPrivateKeyFile = Self(
        "AUTHBRIDGE_JWT_PRIVATE_KEY_FILE", key: "jwt.privateKeyFile", accepted: "a path to a PEM private key",
        "Signing key for issued JWTs; also verifies. Not together with `AUTHBRIDGE_JWT_PUBLIC_KEY_FILE`.")
    public static let jwtJWKSFile = Self(
        "AUTHBRIDGE_JWT_JWKS_FILE", key: "jwt.jwksFile",
        accepted: "a path to a JWKS JSON file whose keys all have kid and alg",
        "More verification keys.")
    public static let jwtKeyID = Self(
        "AUTHBRIDGE_JWT_KID", key: "jwt.kid", accepted: "a key id", "The `kid` of the secret or PEM key.")
    public static let jwtIssuer = Self(
        "AUTHBRIDGE_JWT_ISSUER", key: "jwt.issuer", accepted: "a string",
        "Required `iss`; also set on issued JWTs.")
    public static let jwtAudience = Self(
        "AUTHBRIDGE_JWT_AUDIENCE", key: "jwt.audience", accepted: "a string",
        "Required `aud`; also set on issued JWTs.")
    public static let jwtLeeway = Self(
        "AUTHBRIDGE_JWT_LEEWAY", key: "jwt.leeway", accepted: durationValues + ", at most 1h", default: "60s",
        "Clock skew allowed on `exp` and `nbf`.")
    public static let jwtRequireExpiration = Self(
        "AUTHBRIDGE_JWT_REQUIRE_EXP", key: "jwt.requireExp", accepted: flagValues, default: "on",
        "Whether `exp` is required; off only for legacy tokens that never expire.")
    public static let jwtTTL = Self(
        "AUTHBRIDGE_JWT_TTL", key: "jwt.ttl", accepted: durationValues, default: "1h",
        "Lifetime of JWTs issued at login.")

    // MARK: Cookie and sessions
    public static let cookieName = Self(
        "AUTHBRIDGE_COOKIE_NAME", key: "cookie.name",
        accepted: "a cookie name (letters, digits, - _ . ! # $ % & ' * + ^ ` | ~)",
        default: "authbridge_session",
        "The session cookie's base name, sent as `__Host-<name>` while the cookie is secure.")
    public static let cookieSecure = Self(
        "AUTHBRIDGE_COOKIE_SECURE", key: "cookie.secure", accepted: flagValues, default: "on",
        "Off drops `Secure` and the `__Host-` prefix: plain-http development only (a start-up warning says so).")
    public static let cookieSameSite = Self(
        "AUTHBRIDGE_COOKIE_SAMESITE", key: "cookie.samesite",
        accepted: "strict, lax, none (none needs a secure cookie)",
        default: "lax", "The cookie's `SameSite` attribute.")
    public static let sessionIdleTimeout = Self(
        "AUTHBRIDGE_SESSION_IDLE_TIMEOUT", key: "session.idleTimeout", accepted: durationValues,
        default: "12h", "A session unused this long ends.")
    public static let sessionAbsoluteTimeout = Self(
        "AUTHBRIDGE_SESSION_ABSOLUTE_TIMEOUT", key: "session.absoluteTimeout", accepted: durationValues,
        default: "7d", "A session ends this long after login, however it is used; also the cookie's `Max-Age`.")
    public static let sessionTouchInterval = Self(
        "AUTHBRIDGE_SESSION_TOUCH_INTERVAL", key: "session.touchInterval",
        accepted: durationValues + ", shorter than the idle timeout", default: "60s",
        "The idle deadline is written back at most this often.")

    // MARK: CSRF and store
    public static let csrfOrigin = Self(
        "AUTHBRIDGE_CSRF_ORIGIN", key: "csrf.origin", accepted: "an origin scheme://host[:port]",
        default: "the request's scheme and Host",
        "The server's own origin for the CSRF check of cookie-authenticated writes.")
    public static let csrfAllowedOrigins = Self(
        "AUTHBRIDGE_CSRF_ALLOWED_ORIGINS", key: "csrf.allowedOrigins",
        accepted: "comma-separated origins scheme://host[:port]",
        "Other origins allowed to send cookie-authenticated writes.")
    public static let storeURL = Self(
        "AUTHBRIDGE_STORE_URL", key: "store.url",
        accepted: "a store URL, e.g. sqlite:authbridge.sqlite or postgres://user:password@host/db",
        default: "sqlite:authbridge.sqlite", secret: true,
        "Where sessions are kept; read by the store modules. Secret (may hold a password): printed redacted only.")

    // MARK: Demo server (read by `AuthBridgeDemo`, not by ``AuthBridgeEnvironment/load(from:)``)
    public static let demoHost = Self(
        "AUTHBRIDGE_DEMO_HOST", key: "demo.host", accepted: "an IP address or host name to listen on",
        default: "127.0.0.1", "`demo-server` only: the address it listens on.")
    public static let demoPort = Self(
        "AUTHBRIDGE_DEMO_PORT", key: "demo.port", accepted: "a TCP port 0...65535 (0 picks a free one)",
        default: "8080", "`demo-server` only: the port it listens on.")
    public static let demoBcryptCost = Self(
        "AUTHBRIDGE_DEMO_BCRYPT_COST", key: "demo.bcryptCost", accepted: "an integer 4...31", default: "10",
        "`demo-server` only: the bcrypt cost of new password hashes (each step doubles the work).")
    public static let demoUsersFile = Self(
        "AUTHBRIDGE_DEMO_USERS_FILE", key: "demo.usersFile", accepted: "a path to a SQLite file",
        default: "the store's file; authbridge-demo-users.sqlite with PostgreSQL",
        "`demo-server` only: the SQLite file of the users table; instances sharing a PostgreSQL store share it.")
    public static let demoPruneInterval = Self(
        "AUTHBRIDGE_DEMO_PRUNE_INTERVAL", key: "demo.pruneInterval", accepted: durationValues + ", or milliseconds like 250ms", default: "5m",
        "`demo-server` only: time between expired-session prunes (the first runs at start-up).")
    public static let sessionCache = Self(
        "AUTHBRIDGE_SESSION_CACHE", key: "session.cache", accepted: flagValues, default: "on",
        "`demo-server` only: serve hot session reads from memory (`CachedSessionStore`) for at most the max age.")
    public static let sessionCacheMaxAge = Self(
        "AUTHBRIDGE_SESSION_CACHE_MAX_AGE", key: "session.cacheMaxAge", accepted: "1ms to 60s: milliseconds like 250ms or " + durationValues,
        default: "1s",
        "`demo-server` only: how stale a cached session may be: the bound on honouring a logout or revoke made on another instance.")

    /// The variables only `demo-server` reads.
    public static let demo: [ConfigurationVariable] = [
        demoHost, demoPort, demoBcryptCost, demoUsersFile, demoPruneInterval, sessionCache, sessionCacheMaxAge,
    ]

    /// Every variable AuthBridge reads, in README order.
    public static let all: [ConfigurationVariable] = [
        jwtMode, jwtOffRoutes, jwtOnRoutes, jwtOffMethods, jwtIssue, jwtUpgrade, jwtUpgradeInterval, jwtDryRun, jwtDeprecation, jwtSunset,
        jwtDeprecationLink, jwtBrownouts, jwtIssuedAfter, jwtSecret, jwtAlgorithm, jwtPublicKeyFile, jwtPrivateKeyFile,
        jwtJWKSFile, jwtKeyID, jwtIssuer, jwtAudience, jwtLeeway, jwtRequireExpiration, jwtTTL, cookieName,
        cookieSecure,
        cookieSameSite, sessionIdleTimeout, sessionAbsoluteTimeout, sessionTouchInterval, csrfOrigin,
        csrfAllowedOrigins,
        storeURL, demoHost, demoPort, demoBcryptCost, demoUsersFile, demoPruneInterval, sessionCache,
        sessionCacheMaxAge,
    ]
}
