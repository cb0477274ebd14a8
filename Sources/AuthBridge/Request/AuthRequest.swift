/// The parts of an HTTP request the decision reads; adapters fill it from their framework's request.
public struct AuthRequest: Sendable {
    /// The request method, upper case (`GET`, `POST`).
    public var method: String
    /// The route template when the framework knows it (`/users/:id`), else the path.
    public var route: String
    /// Whether `route` is the template of a route the framework matched. `false` when no route matched and
    /// `route` is the request's path: the policy still matches that path, but usage counts such requests together
    /// under ``UsageEvent/unmatchedRoute`` (and non-standard methods as `OTHER`), so arbitrary paths and methods
    /// cannot grow the usage data. Adapters for frameworks without templates leave it `true`.
    public var routeMatched: Bool
    /// Every `Authorization` header value, in order (more than one is refused).
    public var authorization: [String]
    /// Every `Cookie` header value, in order.
    public var cookies: [String]
    /// The `Origin` header, if present.
    public var origin: String?
    /// The `Referer` header, if present.
    public var referer: String?
    /// The `Sec-Fetch-Site` header, if present.
    public var secFetchSite: String?
    /// The `Host` header, if present (used as the server's own origin when none is configured).
    public var host: String?
    /// The scheme the request arrived on (`http` or `https`).
    public var scheme: String
    /// The `User-Agent` header, if present (reduced to a family for usage records).
    public var userAgent: String?

    /// Creates a request description.
    // Inlinable: adapters call this for every request, and as an opaque call it made, and destroyed, one more copy
    // of the whole description (measured in process: about 45 ns a request on Hummingbird).
    @inlinable
    public init(
        method: String,
        route: String,
        routeMatched: Bool = true,
        authorization: [String] = [],
        cookies: [String] = [],
        origin: String? = nil,
        referer: String? = nil,
        secFetchSite: String? = nil,
        host: String? = nil,
        scheme: String = "http",
        userAgent: String? = nil
    ) {
        self.method = Self.upperCased(method)
        self.route = route
        self.routeMatched = routeMatched
        self.authorization = authorization
        self.cookies = cookies
        self.origin = origin
        self.referer = referer
        self.secFetchSite = secFetchSite
        self.host = host
        self.scheme = scheme
        self.userAgent = userAgent
    }

    /// Methods arrive upper-case; only others pay for `uppercased()`.
    @usableFromInline
    static func upperCased(_ method: String) -> String {
        for byte in method.utf8 where byte >= 0x80 || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) {
            return method.uppercased()
        }
        return method
    }

    /// Whether the method can change state (anything but GET, HEAD, OPTIONS and TRACE).
    public var isUnsafeMethod: Bool {
        !["GET", "HEAD", "OPTIONS", "TRACE"].contains(method)
    }
}
