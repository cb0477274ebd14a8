import AuthBridge
import HTTPTypes
import Hummingbird

extension AuthRequest {
    /// Reads what the decision needs from a Hummingbird request; the route template when the router matched
    /// one (`/users/{id}` is reported as `/users/:id`, as on every adapter).
    init(_ request: Request, context: some RequestContext) {
        // One pass over the fields instead of a scan per name.
        var authorization: [String] = []
        var cookies: [String] = []
        var origin: String?
        var referer: String?
        var secFetchSite: String?
        var userAgent: String?
        // `request.head` copied once: each of its getters copies it again.
        let head = request.head
        for field in head.headerFields {
            switch field.name {
            case .authorization: authorization.append(field.value)
            case .cookie: cookies.append(field.value)
            case .origin: Self.join(&origin, field.value)
            case .referer: Self.join(&referer, field.value)
            case Self.secFetchSite: Self.join(&secFetchSite, field.value)
            case .userAgent: Self.join(&userAgent, field.value)
            default: continue
            }
        }
        self.init(
            method: head.method.rawValue,
            route: context.endpointPath.map(Self.routeTemplate) ?? request.uri.path,
            authorization: authorization,
            cookies: cookies,
            origin: origin,
            referer: referer,
            secFetchSite: secFetchSite,
            host: head.authority,
            scheme: head.scheme ?? "http",
            userAgent: userAgent
        )
    }

    /// Repeated fields read as one, joined with ", " (what `HTTPFields` subscripts answer).
    private static func join(_ value: inout String?, _ next: String) {
        value = value.map { $0 + ", " + next } ?? next
    }

    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// Hummingbird's `{name}` captures written as `:name`.
    static func routeTemplate(_ endpointPath: String) -> String {
        guard endpointPath.utf8.contains(UInt8(ascii: "{")) else { return endpointPath }
        return endpointPath.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.first == "{", segment.last == "}", segment.count > 2 else { return String(segment) }
            return ":" + segment.dropFirst().dropLast()
        }.joined(separator: "/")
    }
}
