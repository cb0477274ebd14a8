import AuthBridge
import Vapor

extension AuthRequest {
    /// Reads what the decision needs from a Vapor request; the route template when Vapor matched one.
    init(_ request: Request, scheme: String) {
        // One pass over the headers instead of a case-insensitive scan per name.
        var authorization: [String] = []
        var cookies: [String] = []
        var origin: String?
        var referer: String?
        var secFetchSite: String?
        var host: String?
        var userAgent: String?
        for (name, value) in request.headers {
            switch HeaderName(name) {
            case .authorization: authorization.append(value)
            case .cookie: cookies.append(value)
            case .origin: Self.join(&origin, value)
            case .referer: Self.join(&referer, value)
            case .secFetchSite: Self.join(&secFetchSite, value)
            case .host: Self.join(&host, value)
            case .userAgent: Self.join(&userAgent, value)
            case nil: continue
            }
        }
        self.init(
            method: request.method.rawValue,
            route: request.route.map { Self.routeTemplate($0.path) } ?? request.url.path,
            authorization: authorization, cookies: cookies, origin: origin, referer: referer, secFetchSite: secFetchSite,
            host: host, scheme: scheme, userAgent: userAgent
        )
    }

    /// A repeated single-value field reads as its values joined with ", ", as on Hummingbird: no origin check
    /// accepts that, where taking the first would let a second, foreign `Origin` through.
    private static func join(_ field: inout String?, _ value: String) {
        field = field.map { $0 + ", " + value } ?? value
    }

    /// The request headers the decision reads, recognised by length first, then compared ignoring ASCII case.
    private enum HeaderName {
        case authorization, cookie, origin, referer, secFetchSite, host, userAgent

        init?(_ name: String) {
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
            // Letters compare ignoring case (only "A"-"Z" fold onto "a"-"z"), the "-" exactly.
            guard name.utf8.elementsEqual(expected, by: { $1 == UInt8(ascii: "-") ? $0 == $1 : $0 | 0x20 == $1 }) else { return nil }
            self = candidate.0
        }
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
