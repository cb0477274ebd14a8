extension AuthRequest {
    /// The request headers the decision reads, as an adapter collects them in one pass over the request's fields.
    ///
    /// Every `Authorization` and `Cookie` value is kept in order. A repeated single-value field (`Origin`,
    /// `Referer`, `Sec-Fetch-Site`, `Host`, `User-Agent`) reads as its values joined with ", ", as HTTP's list
    /// syntax and swift-http-types read it, which no CSRF check accepts; taking the first would let a second,
    /// foreign `Origin` through.
    ///
    /// ```swift
    /// var headers = AuthRequest.Headers()
    /// for (name, value) in request.headers {
    ///     if let name = AuthRequest.HeaderName(name) { headers.add(name, value) }
    /// }
    /// let authRequest = AuthRequest(method: "GET", route: "/me", headers: headers, scheme: "https")
    /// ```
    public struct Headers: Sendable {
        // Inlinable, with its storage, so an adapter's loop over the fields compiles to local variables: this
        // runs for every header of every request. The fields are collected as ``AuthRequest/add(_:_:)`` reads them.
        @usableFromInline var collected = AuthRequest(method: "", route: "")

        /// No headers yet.
        @inlinable public init() {}

        /// Takes one header field the decision reads.
        @inlinable public mutating func add(_ name: HeaderName, _ value: String) {
            collected.add(name, value)
        }
    }

    /// Takes one header field the decision reads, as ``Headers`` does (a repeated single-value field, `Host`
    /// included, joins what the request holds). An adapter that fills the request in place this way, rather than
    /// through ``Headers`` and ``init(method:route:routeMatched:headers:host:scheme:)``, saves a copy of the
    /// whole description per request.
    @inlinable public mutating func add(_ name: HeaderName, _ value: String) {
        switch name {
        case .authorization: authorization.append(value)
        case .cookie: cookies.append(value)
        case .origin: Self.join(&origin, value)
        case .referer: Self.join(&referer, value)
        case .secFetchSite: Self.join(&secFetchSite, value)
        case .host: Self.join(&host, value)
        case .userAgent: Self.join(&userAgent, value)
        }
    }

    @inlinable static func join(_ field: inout String?, _ value: String) {
        field = field.map { $0 + ", " + value } ?? value
    }

    /// A request header the decision reads.
    public enum HeaderName: Sendable {
        case authorization, cookie, origin, referer, secFetchSite, host, userAgent

        /// Recognises a header name in any case (RFC 9110 §5.1): by length first, then letter by letter ignoring
        /// case, the "-" exactly. `nil` for a name the decision does not read.
        public init?(_ name: String) {
            let candidate: (HeaderName, StaticString)
            switch name.utf8.count {
            case 4: candidate = (.host, "host")
            case 6: candidate = name.utf8.first.map { $0 | 0x20 } == UInt8(ascii: "c") ? (.cookie, "cookie") : (.origin, "origin")
            case 7: candidate = (.referer, "referer")
            case 10: candidate = (.userAgent, "user-agent")
            case 13: candidate = (.authorization, "authorization")
            case 14: candidate = (.secFetchSite, "sec-fetch-site")
            default: return nil
            }
            let expected = UnsafeBufferPointer(start: candidate.1.utf8Start, count: candidate.1.utf8CodeUnitCount)
            // Only "A"-"Z" fold onto "a"-"z".
            guard name.utf8.elementsEqual(expected, by: { $1 == UInt8(ascii: "-") ? $0 == $1 : $0 | 0x20 == $1 }) else {
                return nil
            }
            self = candidate.0
        }
    }

    /// Creates a request description from collected headers.
    /// - Parameters:
    ///   - routeMatched: `false` when no route matched and `route` is the path (see ``AuthRequest/routeMatched``).
    ///   - host: the request's authority when the framework keeps it apart from the fields (HTTP/2
    ///     `:authority`, swift-http-types); otherwise the `Host` header is used.
    @inlinable
    public init(
        method: String, route: String, routeMatched: Bool = true, headers: Headers, host: String? = nil,
        scheme: String = "http"
    ) {
        let collected = headers.collected
        self.init(
            method: method, route: route, routeMatched: routeMatched, authorization: collected.authorization,
            cookies: collected.cookies, origin: collected.origin, referer: collected.referer,
            secFetchSite: collected.secFetchSite, host: host ?? collected.host, scheme: scheme,
            userAgent: collected.userAgent)
    }
}
