import AuthBridge
import Vapor

extension AuthRequest {
    /// Reads what the decision needs from a Vapor request; the route template when Vapor matched one.
    init(_ request: borrowing Request, scheme: String) {
        var headers = Headers()
        for (name, value) in request.headers {
            if let name = HeaderName(name) { headers.add(name, value) }
        }
        let route = request.route
        self.init(
            method: request.method.rawValue, route: route.map { Self.routeTemplate($0.path) } ?? request.url.path,
            routeMatched: route != nil, headers: headers, scheme: scheme)
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
