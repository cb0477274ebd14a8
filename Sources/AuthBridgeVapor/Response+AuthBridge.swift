import AuthBridge
import Vapor

extension Response {
    /// The core's error response as a Vapor response.
    convenience init(_ error: AuthErrorResponse) {
        var headers = HTTPHeaders()
        headers.add(error.headers)
        self.init(
            status: HTTPResponseStatus(statusCode: error.status), headers: headers, body: .init(string: error.body))
    }

    /// Adds the decision's fields to the response in one copy of its headers (Vapor's `headers` is get/set, so each
    /// change copies them), with room for the `date` and `server` fields Vapor's encoder adds next.
    func add(_ fields: [HTTPHeaderField]) {
        guard !fields.isEmpty else { return }
        var headers = self.headers
        headers.reserveCapacity(headers.count + fields.count + 2)
        headers.add(fields)
        self.headers = headers
    }
}

extension HTTPHeaders {
    /// Adds fields as raw headers: `Set-Cookie` keeps every attribute (Vapor's cookie setter drops cookies it
    /// cannot parse) and list headers such as `Vary` are added, not replaced.
    mutating func add(_ fields: [HTTPHeaderField]) {
        for field in fields { add(name: field.name, value: field.value) }
    }
}
