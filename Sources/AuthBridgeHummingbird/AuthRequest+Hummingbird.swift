import AuthBridge
import HTTPTypes
import Hummingbird

extension AuthRequest {
    /// Reads what the decision needs from a Hummingbird request; the route template when the router matched
    /// one (`/users/{id}` is reported as `/users/:id`, as on every adapter).
    // Both borrowed: an initializer takes its arguments owned, which here cost a copy of the request (and the
    // context) at every call and its destruction inside.
    init(_ request: borrowing Request, context: borrowing some RequestContext) {
        // `request.head` copied once: each of its getters copies it again.
        let head = request.head
        var headers = Headers()
        for field in head.headerFields {
            // Typed names compare faster than matching the name's text. `Host` arrives as the authority.
            switch field.name {
            case .authorization: headers.add(.authorization, field.value)
            case .cookie: headers.add(.cookie, field.value)
            case .origin: headers.add(.origin, field.value)
            case .referer: headers.add(.referer, field.value)
            case Self.secFetchSite: headers.add(.secFetchSite, field.value)
            case .userAgent: headers.add(.userAgent, field.value)
            default: continue
            }
        }
        let endpointPath = context.endpointPath
        let route = if let endpointPath { Self.routeTemplate(endpointPath) } else { request.uri.path }
        self.init(
            method: head.method.rawValue, route: route, routeMatched: endpointPath != nil, headers: headers,
            host: head.authority, scheme: head.scheme ?? "http")
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
