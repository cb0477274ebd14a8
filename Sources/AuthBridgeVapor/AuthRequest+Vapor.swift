import AuthBridge
import Vapor

extension AuthRequest {
    /// Reads what the decision needs from a Vapor request; the route template when Vapor matched one.
    init(_ request: Request) {
        let headers = request.headers
        self.init(
            method: request.method.rawValue,
            route: request.route.map { "/" + $0.path.string } ?? request.url.path,
            authorization: headers[.authorization],
            cookies: headers[.cookie],
            origin: headers.first(name: .origin),
            referer: headers.first(name: .referer),
            secFetchSite: headers.first(name: "Sec-Fetch-Site"),
            host: headers.first(name: .host),
            scheme: request.application.http.server.configuration.tlsConfiguration == nil ? "http" : "https",
            userAgent: headers.first(name: .userAgent)
        )
    }
}
