import AsyncHTTPClient
import AuthBridge
import Foundation
import NIOCore
import NIOHTTP1

/// A response as the tests read it.
struct TestResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    /// The JSON body decoded as `type`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.utf8))
    }

    /// The core's error body.
    var error: ErrorBody? { try? decode(ErrorBody.self) }

    struct ErrorBody: Decodable, Equatable {
        var error: String
        var reason: String
    }

    /// Every `Set-Cookie` header.
    var setCookies: [String] { headers["Set-Cookie"] }

    /// `name=value` of the session cookie this response sets, if any.
    var sessionCookie: String? {
        setCookies.first { $0.hasPrefix(TestClient.cookieName + "=") }.map { String($0.prefix { $0 != ";" }) }
    }
}

/// Talks to a server under test over real HTTP on 127.0.0.1.
struct TestClient: Sendable {
    static let cookieName = SessionSettings().effectiveCookieName
    /// Every request must be answered well within this; a hang fails the test instead of stalling the suite.
    static let timeout = TimeAmount.seconds(10)

    let port: Int
    let authenticator: Authenticator<SessionUserResolver>

    /// The server's own origin, as a browser on it would send it.
    var origin: String { "http://127.0.0.1:\(port)" }

    func request(
        _ path: String, bearer: String? = nil, cookie: String? = nil, headers extra: [(String, String)] = []
    ) async throws -> TestResponse {
        try await request(.GET, path, bearer: bearer, cookie: cookie, headers: extra)
    }

    func request(
        _ method: HTTPMethod, _ path: String, bearer: String? = nil, cookie: String? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var headers = extra
        if let cookie { headers.insert(("Cookie", cookie), at: 0) }
        if let bearer { headers.insert(("Authorization", "Bearer \(bearer)"), at: 0) }
        return try await Self.send(port: port, method, path, headers: headers)
    }

    /// Sends one request to 127.0.0.1:`port` and reads the whole response.
    static func send(
        port: Int, _ method: HTTPMethod, _ path: String, headers: [(String, String)], body: String? = nil
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let received = try await response.body.collect(upTo: 1 << 20)
        return TestResponse(
            status: Int(response.status.code), headers: response.headers, body: String(buffer: received))
    }

    /// Logs `name` in and returns the response (its `sessionCookie` and body token).
    func login(_ name: String, cookie: String? = nil) async throws -> TestResponse {
        try await request(.POST, "/login/\(name)", cookie: cookie)
    }

    /// A fresh session cookie (`name=value`) for `name`.
    func session(_ name: String) async throws -> String {
        let response = try await login(name)
        guard let cookie = response.sessionCookie else {
            throw TestFailure("login gave no session cookie: \(response.status)")
        }
        return cookie
    }

    /// A JWT for `name`, issued by the authenticator under test.
    func jwt(_ name: String) async throws -> String {
        guard let token = try await authenticator.issueToken(for: SessionUser(id: name)) else {
            throw TestFailure("no signing key")
        }
        return token
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
