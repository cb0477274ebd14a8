import AuthBridge
import HTTPTypes
import Hummingbird

extension AuthRequest {
    /// Reads what the decision needs from a Hummingbird request; the route template when the router matched
    /// one (`/users/{id}` is reported as `/users/:id`, as on every adapter).
    init(_ request: Request, context: some RequestContext) {
        let headers = request.headers
        self.init(
            method: request.method.rawValue,
            route: context.endpointPath.map(Self.routeTemplate) ?? request.uri.path,
            authorization: headers[values: .authorization],
            cookies: headers[values: .cookie],
            origin: headers[.origin],
            referer: headers[.referer],
            secFetchSite: headers[Self.secFetchSite],
            host: request.head.authority,
            scheme: request.head.scheme ?? "http",
            userAgent: headers[.userAgent]
        )
    }

    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// Hummingbird's `{name}` captures written as `:name`.
    static func routeTemplate(_ endpointPath: String) -> String {
        endpointPath.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.first == "{", segment.last == "}", segment.count > 2 else { return String(segment) }
            return ":" + segment.dropFirst().dropLast()
        }.joined(separator: "/")
    }
}
