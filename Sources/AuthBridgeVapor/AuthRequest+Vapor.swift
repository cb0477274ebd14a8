import AuthBridge
import Vapor

extension AuthRequest {
    /// Reads what the decision needs from a Vapor request; the route template when Vapor matched one.
    // Filled in place and returned: an initializer delegating to the core's made, and destroyed, one more copy of
    // the whole description.
    static func reading(_ request: borrowing Request, scheme: String) -> AuthRequest {
        let route = request.route
        var authRequest = AuthRequest(
            method: request.method.rawValue, route: route.map { Self.routeTemplate($0.path) } ?? request.url.path,
            routeMatched: route != nil, scheme: scheme)
        for (name, value) in request.headers {
            if let name = HeaderName(name) { authRequest.add(name, value) }
        }
        return authRequest
    }

    /// The route as `/users/:id`: what `"/" + path.string` gives, without the intermediate array.
    static func routeTemplate(_ path: [PathComponent]) -> String {
        var template = ""
        for component in path {
            template += "/"
            switch component {
            case .constant(let constant): template += constant
            case .parameter(let name): template += ":" + name
            case .anything: template += "*"
            case .catchall: template += "**"
            }
        }
        return template.isEmpty ? "/" : template
    }
}
