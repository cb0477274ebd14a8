import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answer as a simulated client reads it.
struct DemoHTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    private var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var errorCode: String? { object["error"] as? String }
    var path: String? { object["path"] as? String }
    var token: String? { object["token"] as? String }
    var userID: String? { (object["user"] as? [String: Any])?["id"] as? String }

    /// The session cookie this response sets: `.some(nil)` when it expires it.
    func sessionCookie(named name: String) -> String?? {
        guard let header = headers["Set-Cookie"].first(where: { $0.hasPrefix(name + "=") }) else { return nil }
        let pair = String(header.prefix { $0 != ";" })
        return .some(pair == name + "=" || header.contains("Max-Age=0") ? nil : pair)
    }
}

/// Sends the simulated requests to the demo server on 127.0.0.1.
struct DemoHTTP: Sendable {
    let port: Int
    static let timeout = TimeAmount.seconds(10)

    var origin: String { "http://127.0.0.1:\(port)" }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)], json: [String: String]? = nil)
        async throws -> DemoHTTPResponse
    {
        var request = HTTPClientRequest(url: origin + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        return DemoHTTPResponse(
            status: Int(response.status.code), headers: response.headers, body: Data(body.readableBytesView))
    }
}
