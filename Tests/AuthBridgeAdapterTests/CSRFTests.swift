import AuthBridge
import Foundation
import NIOHTTP1
import Testing

/// Cross-site request forgery checks on cookie-authenticated writes, over real HTTP.
@Suite struct CSRFTests {
    /// Origins that are not the server's own (`{port}` is the server's port).
    static let foreignOrigins = [
        "https://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:{port}",
        "http://127.0.0.1.evil.example:{port}",
    ]

    @Test(arguments: Adapter.allCases, foreignOrigins)
    func aForeignOriginOnACookieWriteIsRefused(adapter: Adapter, origin: String) async throws {
        try await Setup(adapter).run { client in
            let origin = origin.replacingOccurrences(of: "{port}", with: "\(client.port)")
            let response = try await client.request(
                .POST, "/api/me", cookie: try await client.session("alice"), headers: [("Origin", origin)]
            )
            #expect(response.status == 403)
            #expect(response.error == .init(error: "cross_site_request", reason: "cross-site request refused"))
            #expect(response.headers["WWW-Authenticate"].isEmpty)
            #expect(response.headers["Vary"].contains("Origin, Sec-Fetch-Site"))
        }
    }

    /// Login CSRF: a foreign page's form must not log the browser into an account of the attacker's choosing.
    @Test(arguments: Adapter.allCases)
    func aLoginFromAForeignPageIsRefusedAndSetsNoCookie(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let forged = try await client.request(
                .POST, "/login/mallory", headers: [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")])
            #expect(forged.status == 403)
            #expect(forged.error == .init(error: "cross_site_request", reason: "cross-site request refused"))
            #expect(forged.headers["Set-Cookie"].isEmpty)
            let own = try await client.request(
                .POST, "/login/alice", headers: [("Origin", client.origin), ("Sec-Fetch-Site", "same-origin")])
            #expect(own.status == 200)
            #expect(own.headers["Set-Cookie"].count == 1)
        }
    }

    @Test(arguments: Adapter.allCases)
    func theServersOwnOriginPasses(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request(
                .POST, "/api/me", cookie: try await client.session("alice"),
                headers: [("Origin", client.origin), ("Sec-Fetch-Site", "same-origin")]
            )
            #expect(response.status == 200)
        }
    }

    @Test(arguments: Adapter.allCases)
    func crossSiteFetchMetadataOrAForeignRefererIsRefused(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let cookie = try await client.session("alice")
            let crossSite = try await client.request(
                .POST, "/api/me", cookie: cookie, headers: [("Sec-Fetch-Site", "cross-site")])
            #expect(crossSite.status == 403)
            let referer = try await client.request(
                .POST, "/api/me", cookie: cookie, headers: [("Referer", "https://evil.example/form")])
            #expect(referer.status == 403)
            let ownReferer = try await client.request(
                .POST, "/api/me", cookie: cookie, headers: [("Referer", client.origin + "/form")])
            #expect(ownReferer.status == 200)
        }
    }

    @Test(arguments: Adapter.allCases)
    func aBearerOnlyWriteIsExempt(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request(
                .POST, "/api/me", bearer: try await client.jwt("alice"),
                headers: [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")]
            )
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "alice", path: "jwt"))
        }
    }

    @Test(arguments: Adapter.allCases)
    func aWriteWithBothCredentialsIsChecked(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request(
                .POST, "/api/me", bearer: try await client.jwt("alice"), cookie: try await client.session("alice"),
                headers: [("Origin", "https://evil.example")]
            )
            #expect(response.status == 403)
            #expect(response.error?.error == "cross_site_request")
        }
    }

    @Test(arguments: Adapter.allCases)
    func aCookieReadFromAForeignOriginIsAllowed(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request(
                "/api/me", cookie: try await client.session("alice"), headers: [("Origin", "https://evil.example")]
            )
            #expect(response.status == 200)
        }
    }
}
