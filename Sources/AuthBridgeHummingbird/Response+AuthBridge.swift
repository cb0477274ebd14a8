import AuthBridge
import HTTPTypes
import Hummingbird

extension Response {
    /// The core's error response as a Hummingbird response.
    init(_ error: AuthErrorResponse) {
        var headers = HTTPFields()
        headers.append(error.headers)
        self.init(
            status: HTTPResponse.Status(code: error.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: error.body))
        )
    }
}

extension HTTPFields {
    /// Adds fields as they are: every `Set-Cookie` is its own field, list headers such as `Vary` are added.
    mutating func append(_ fields: [HTTPHeaderField]) {
        for field in fields {
            // Every response carries the decision's `Vary`: made once, not checked and converted per response.
            if field == .vary {
                append(Self.vary)
                continue
            }
            guard let name = Self.name(field.name) else { continue }
            append(HTTPField(name: name, value: field.value))
        }
    }

    private static let vary = HTTPField(name: .vary, value: HTTPHeaderField.vary.value)

    /// The names the core sends, parsed once instead of on every response (a switch: cheaper than hashing).
    private static func name(_ name: String) -> HTTPField.Name? {
        switch name {
        case "Vary": .vary
        case "Set-Cookie": .setCookie
        case "WWW-Authenticate": .wwwAuthenticate
        case "Content-Type": .contentType
        case "Deprecation": deprecation
        case "Sunset": sunset
        case "Link": link
        default: HTTPField.Name(name)
        }
    }

    private static let deprecation = HTTPField.Name("Deprecation")!
    private static let sunset = HTTPField.Name("Sunset")!
    private static let link = HTTPField.Name("Link")!
}
