public import Foundation

/// The migration policy for the JWT path: read once at start-up, evaluated per request without allocation.
///
/// A verified JWT on a request is judged in this order; the first rule that applies decides:
///
/// 1. `mode == .off` refuses it everywhere (`jwt_disabled`); nothing overrides the global switch.
/// 2. Inside a ``brownouts`` window it is refused as if off (`jwt_brownout`); on-routes do not exempt.
/// 3. A route matching ``onRoutes`` accepts it: on-routes are the exceptions kept on, and win over
///    ``offRoutes`` and ``offMethods``.
/// 4. A route matching ``offRoutes`` refuses it (`jwt_disabled_for_route`).
/// 5. A method in ``offMethods`` refuses it (`jwt_disabled_for_method`).
/// 6. Otherwise it is accepted.
///
/// A rule or off-method for `GET` also applies to `HEAD`: both frameworks answer `HEAD` with the GET handler.
///
/// Independently, a token issued before ``issuedAfter`` (or without `iat`) is refused everywhere
/// (`jwt_revoked_by_cutover`, see ``admits(_:)``). With ``dryRun`` on, every refusal above is only recorded as
/// "would refuse" and the request goes through.
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
    /// While ``upgrade`` is on, the shortest time between two sessions created for the same token by one
    /// authenticator, so a client that drops cookies does not get a session on every request. Default 10 min.
    public var upgradeInterval: TimeInterval
    /// Whether refusals are only recorded ("would refuse") and the request let through. Default off.
    public var dryRun: Bool
    /// Tokens issued before this instant (or without `iat`) are refused.
    public var issuedAfter: Date?
    /// Routes where JWTs are refused.
    public var offRoutes: [RoutePattern] { didSet { offTable = RouteTable(offRoutes) } }
    /// Routes where JWTs stay accepted despite ``offRoutes`` and ``offMethods``.
    public var onRoutes: [RoutePattern] { didSet { onTable = RouteTable(onRoutes) } }
    /// When the JWT path is (or will be) deprecated: `Deprecation: @<epoch>` (RFC 9745) in mode `deprecate`.
    public var deprecation: Date? { didSet { compileMessages() } }
    /// When the JWT path stops working: `Sunset: <IMF-fixdate>` (RFC 8594) in mode `deprecate`, and named in
    /// the brownout explanation. Must not be earlier than ``deprecation``.
    public var sunset: Date? { didSet { compileMessages() } }
    /// A page about the migration: `Link: <url>; rel="deprecation"` in mode `deprecate`.
    public var deprecationLink: String? { didSet { compileMessages() } }
    /// Windows during which JWTs are refused as if off.
    public var brownouts: [Brownout] { didSet { compileMessages() } }

    private var offTable: RouteTable
    private var onTable: RouteTable
    private var headerFields: [HTTPHeaderField] = []
    private var brownoutReasons: [RefusalReason] = []

    /// Creates a policy; the defaults accept JWTs everywhere and keep issuing them.
    public init(
        mode: Mode = .accept,
        offMethods: Set<String> = [],
        issue: Bool = true,
        upgrade: Bool = false,
        upgradeInterval: TimeInterval = 600,
        dryRun: Bool = false,
        issuedAfter: Date? = nil,
        offRoutes: [RoutePattern] = [],
        onRoutes: [RoutePattern] = [],
        deprecation: Date? = nil,
        sunset: Date? = nil,
        deprecationLink: String? = nil,
        brownouts: [Brownout] = []
    ) {
        self.mode = mode
        self.offMethods = Set(offMethods.map { $0.uppercased() })
        self.issue = issue
        self.upgrade = upgrade
        self.upgradeInterval = upgradeInterval
        self.dryRun = dryRun
        self.issuedAfter = issuedAfter
        self.offRoutes = offRoutes
        self.onRoutes = onRoutes
        self.deprecation = deprecation
        self.sunset = sunset
        self.deprecationLink = deprecationLink
        self.brownouts = brownouts
        self.offTable = RouteTable(offRoutes)
        self.onTable = RouteTable(onRoutes)
        compileMessages()
    }

    // MARK: Per request

    /// The verdict for a JWT on `method` (upper case) and `route` (template or path) at `now`.
    public func verdict(method: String, route: String, now: Date) -> Verdict {
        evaluate(method: method, route: route, now: now).verdict
    }

    /// The verdict and the rule that produced it; ``verdict(method:route:now:)`` is this verdict.
    public func evaluate(method: String, route: String, now: Date) -> Evaluation {
        if mode == .off { return Evaluation(.refuse(.jwtDisabled), .modeOff) }
        for index in brownouts.indices where brownouts[index].contains(now) {
            return Evaluation(.refuse(brownoutReasons[index]), .brownout(index))
        }
        if let rule = onTable.firstMatch(method: method, route: route) { return Evaluation(.accept, .onRoute(rule)) }
        if let rule = offTable.firstMatch(method: method, route: route) {
            return Evaluation(.refuse(.jwtDisabledForRoute), .offRoute(rule))
        }
        if !offMethods.isEmpty, offMethods.contains(method) || (method == "HEAD" && offMethods.contains("GET")) {
            return Evaluation(.refuse(.jwtDisabledForMethod), .offMethod)
        }
        return Evaluation(.accept, .none)
    }

    /// Whether a verified token passes the cut-over revocation (`issuedAfter`).
    public func admits(_ claims: JWTClaims) -> Bool {
        guard let issuedAfter else { return true }
        guard let issuedAt = claims.issuedAt else { return false }
        return issuedAt >= issuedAfter
    }

    /// Headers added to JWT-authenticated responses in mode `deprecate`: `Deprecation`, and `Sunset` and `Link`
    /// when configured. Computed once when the policy is built.
    public func deprecationHeaders(now: Date) -> [HTTPHeaderField] {
        mode == .deprecate ? headerFields : []
    }

    // MARK: Start-up

    /// Checks the combination: the sunset is not earlier than the deprecation, mode `deprecate` has a
    /// deprecation date, and the link fits in a `Link` header.
    public func validate() throws(JWTPolicyError) {
        if let deprecation, let sunset, sunset < deprecation {
            throw JWTPolicyError(
                .sunsetBeforeDeprecation,
                "the sunset (\(InternetDate.rfc3339(sunset))) is earlier than the deprecation (\(InternetDate.rfc3339(deprecation)))"
            )
        }
        if mode == .deprecate, deprecation == nil {
            throw JWTPolicyError(
                .deprecationDateRequired,
                "mode deprecate needs a deprecation date for the Deprecation header (RFC 9745)")
        }
        if let deprecationLink { try Self.checkLink(deprecationLink) }
    }

    private mutating func compileMessages() {
        headerFields = Self.headerFields(deprecation: deprecation, sunset: sunset, link: deprecationLink)
        brownoutReasons = brownouts.map { Self.brownoutReason(until: brownoutEnd(from: $0), sunset: sunset) }
    }

    /// When the brownout in progress at `now` ends: the end of the last window that overlaps or adjoins the
    /// windows running then (`07:00/PT2H` and `08:00/PT3H` refuse until 11:00); `nil` outside every window.
    public func brownoutEnd(at now: Date) -> Date? {
        brownouts.first { $0.contains(now) }.map(brownoutEnd(from:))
    }

    private func brownoutEnd(from window: Brownout) -> Date {
        var end = window.end
        while let next = brownouts.first(where: { $0.start <= end && end < $0.end }) { end = next.end }
        return end
    }
}
