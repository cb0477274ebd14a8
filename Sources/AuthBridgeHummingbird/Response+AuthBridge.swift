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
            guard let name = Self.knownNames[field.name] ?? HTTPField.Name(field.name) else { continue }
            append(HTTPField(name: name, value: field.value))
        }
    }

    /// The names the core sends, parsed once instead of on every response.
    private static let knownNames: [String: HTTPField.Name] = Dictionary(
        uniqueKeysWithValues: ["Vary", "Set-Cookie", "Deprecation", "Sunset", "Link", "WWW-Authenticate", "Content-Type"]
            .compactMap { name in HTTPField.Name(name).map { (name, $0) } })
}
