import AuthBridge
import Foundation
import NIOHTTP1
import Testing

/// Hostile or broken input: answered with 4xx (or 200 where harmless), never 5xx, never a hang.
@Suite struct MalformedInputTests {
    static let name = TestClient.cookieName

    @Test(arguments: Adapter.allCases)
    func brokenCookiesAreRefusedOnProtectedRoutesOnly(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            for cookie in [
                "\(Self.name)=!!!", "\(Self.name)=", "\(Self.name)=\(String(repeating: "A", count: 300))",
                "\(Self.name)", ";;;=;=",
            ] {
                let closed = try await client.request("/api/me", cookie: cookie)
                #expect(closed.status == 401, "\(cookie)")
                let open = try await client.request("/public", cookie: cookie)
                #expect(open.status == 200, "\(cookie)")
            }
        }
    }

    @Test(arguments: Adapter.allCases)
    func twoSessionCookiesAreRefused(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let cookie = try await client.session("alice")
            let sameHeader = try await client.request("/api/me", cookie: "\(cookie); \(cookie)")
            #expect(sameHeader.status == 401)
            #expect(sameHeader.error?.error == "duplicate_session_cookie")
            let twoHeaders = try await client.request("/api/me", cookie: cookie, headers: [("Cookie", cookie)])
            #expect(twoHeaders.status == 401)
            #expect(twoHeaders.error?.error == "duplicate_session_cookie")
        }
    }

    @Test(arguments: Adapter.allCases)
    func fortyUnrelatedCookiesAreFine(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let session = try await client.session("alice")
            let others = (0..<40).map { "tracker_\($0)=\(String(repeating: "x", count: 40))" }
            let response = try await client.request("/api/me", cookie: (others + [session]).joined(separator: "; "))
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "alice", path: "session"))
        }
    }

    @Test(arguments: Adapter.allCases)
    func oversizedOrRepeatedAuthorizationIs401(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let large = try await client.request("/api/me", bearer: String(repeating: "a", count: 9000))
            #expect(large.status == 401)
            #expect(large.error?.error == "token_too_large")
            let token = try await client.jwt("alice")
            let twice = try await client.request(
                "/api/me", bearer: token, headers: [("Authorization", "Bearer \(token)")])
            #expect(twice.status == 401)
            #expect(twice.error?.error == "multiple_authorization_headers")
            let lowercase = try await client.request("/api/me", headers: [("Authorization", "bearer \(token)")])
            #expect(lowercase.status == 200)
        }
    }

    @Test(arguments: Adapter.allCases)
    func largeHeadersWithinTheParserLimitAreDecidedAsUsual(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let filler = Array("X-Filler: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 50_000)
            let cookie = Array("Cookie: big=".utf8) + Array(repeating: UInt8(ascii: "b"), count: 16_000)
            let closed = try await RawHTTP.get(port: client.port, path: "/api/me", headerLines: [filler, cookie])
            #expect(closed.status == 401, "\(closed.head)")
            let open = try await RawHTTP.get(port: client.port, path: "/public", headerLines: [filler, cookie])
            #expect(open.status == 200, "\(open.head)")
        }
    }

    @Test(arguments: Adapter.allCases, [100_000, 1_000_000])
    func headersOverTheParserLimitAreRefusedPromptly(adapter: Adapter, size: Int) async throws {
        try await Setup(adapter).run { client in
            for name in ["X-Filler", "Cookie", "Authorization"] {
                let line = Array("\(name): ".utf8) + Array(repeating: UInt8(ascii: "a"), count: size)
                let answer = try await RawHTTP.get(port: client.port, path: "/api/me", headerLines: [line])
                if adapter.answersOversizedHeaders {
                    #expect(answer.status.map([400, 413, 431].contains) == true, "\(name): \(answer.head)")
                } else {
                    #expect(answer.status == nil, "\(name): \(answer.head)")
                }
            }
            // The server is still fine afterwards.
            #expect(try await client.request("/public").status == 200)
        }
    }

    @Test(arguments: Adapter.allCases)
    func invalidUTF8InHeadersIsNever5xx(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let invalid: [UInt8] = [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80]
            let lines: [[UInt8]] = [
                Array("Authorization: Bearer ".utf8) + invalid,
                Array("Cookie: \(Self.name)=".utf8) + invalid,
                Array("Cookie: other=".utf8) + invalid,
                Array("Origin: http://".utf8) + invalid,
                Array("Sec-Fetch-Site: ".utf8) + invalid,
                Array("User-Agent: ".utf8) + invalid,
            ]
            for line in lines {
                for path in ["/api/me", "/public"] {
                    let answer = try await RawHTTP.get(port: client.port, path: path, headerLines: [line])
                    let status = try #require(answer.status, "no answer")
                    #expect((200..<500).contains(status), "\(path): \(answer.head)")
                    if path == "/api/me" { #expect(status == 401 || status == 400, "\(answer.head)") }
                }
            }
        }
    }
}
