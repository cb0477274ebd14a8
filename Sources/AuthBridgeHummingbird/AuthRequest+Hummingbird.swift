import AuthBridge
import HTTPTypes
import Hummingbird

extension AuthRequest {
    /// Reads what the decision needs from a Hummingbird request; the route template when the router matched
    /// one (`/users/{id}` is reported as `/users/:id`, as on every adapter).
    // The request borrowed (an initializer takes its arguments owned, which cost a copy of it at every call), the
    // description filled in place and returned (an initializer delegating to the core's made, and destroyed, one
    // more copy of it).
    static func reading(_ request: borrowing Request, endpointPath: String?) -> AuthRequest {
        // `request.head` copied once: each of its getters copies it again.
        let head = request.head
        let route = if let endpointPath { Self.routeTemplate(endpointPath) } else { request.uri.path }
        var authRequest = AuthRequest(
            method: head.method.rawValue, route: route,
            routeMatched: endpointPath != nil, host: head.authority, scheme: head.scheme ?? "http")
        for field in head.headerFields {
            // Typed names compare faster than matching the name's text. `Host` arrives as the authority.
            switch field.name {
            case .authorization: authRequest.add(.authorization, field.value)
            case .cookie: authRequest.add(.cookie, field.value)
            case .origin: authRequest.add(.origin, field.value)
            case .referer: authRequest.add(.referer, field.value)
            case Self.secFetchSite: authRequest.add(.secFetchSite, field.value)
            case .userAgent: authRequest.add(.userAgent, field.value)
            default: continue
            }
        }
        return authRequest
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
