import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A response as the tests read it.
struct DemoResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// The `error` code of an error body.
    var errorCode: String? { json["error"] as? String }
    var token: String? { json["token"] as? String }
    var user: [String: String]? { json["user"] as? [String: String] }
    var path: String? { json["path"] as? String }

    /// The session cookie's `Set-Cookie` header, if any.
    var sessionSetCookie: String? { headers["Set-Cookie"].first { $0.hasPrefix(DemoClient.cookieName + "=") } }

    /// `name=value` of the session cookie set by this response.
    var sessionCookie: String? { sessionSetCookie.map { String($0.prefix { $0 != ";" }) } }
}

/// Talks to a demo server over real HTTP on 127.0.0.1.
struct DemoClient: Sendable {
    static let cookieName = "authbridge_session"
    let port: Int

    var origin: String { "http://127.0.0.1:\(port)" }

    func send(
        _ method: HTTPMethod, _ path: String, cookie: String? = nil, bearer: String? = nil,
        headers extra: [(String, String)] = [], body: String? = nil
    ) async throws -> DemoResponse {
        var request = HTTPClientRequest(url: origin + path)
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let received = try await response.body.collect(upTo: 1 << 20)
        return DemoResponse(status: Int(response.status.code), headers: response.headers, body: String(buffer: received))
    }

    /// `{"email": email, "password": password}` as JSON.
    static func credentials(_ email: String, _ password: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: ["email": email, "password": password])
        return String(decoding: data, as: UTF8.self)
    }

    func signup(_ email: String, _ password: String = "correct horse battery", cookie: String? = nil) async throws
        -> DemoResponse
    {
        try await send(.POST, "/api/signup", cookie: cookie, body: Self.credentials(email, password))
    }

    func login(_ email: String, _ password: String = "correct horse battery", cookie: String? = nil) async throws
        -> DemoResponse
    {
        try await send(.POST, "/api/login", cookie: cookie, body: Self.credentials(email, password))
    }

    func dashboard(_ method: HTTPMethod = .GET, cookie: String? = nil, bearer: String? = nil) async throws
        -> DemoResponse
    {
        let headers = method == .POST && cookie != nil ? [("Origin", origin), ("Sec-Fetch-Site", "same-origin")] : []
        return try await send(method, "/api/dashboard", cookie: cookie, bearer: bearer, headers: headers)
    }
}
