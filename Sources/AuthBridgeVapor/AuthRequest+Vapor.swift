import AuthBridge
import Vapor

extension AuthRequest {
    /// Reads what the decision needs from a Vapor request; the route template when Vapor matched one.
    init(_ request: Request, scheme: String) {
        let headers = request.headers
        self.init(
            method: request.method.rawValue,
            route: request.route.map { Self.routeTemplate($0.path) } ?? request.url.path,
            authorization: headers[.authorization],
            cookies: headers[.cookie],
            origin: headers.first(name: .origin),
            referer: headers.first(name: .referer),
            secFetchSite: headers.first(name: "Sec-Fetch-Site"),
            host: headers.first(name: .host),
            scheme: scheme,
            userAgent: headers.first(name: .userAgent)
        )
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
