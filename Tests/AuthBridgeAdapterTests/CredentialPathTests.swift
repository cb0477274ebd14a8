import AuthBridge
import Foundation
import NIOHTTP1
import Testing

/// The decision table over real HTTP: identical answers from every adapter.
@Suite struct CredentialPathTests {
    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func jwtOnly(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let response = try await client.request("/api/me", bearer: try await client.jwt("alice"))
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "alice", path: "jwt"))
            #expect(response.sessionCookie == nil)
        }
    }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func cookieOnly(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let response = try await client.request("/api/me", cookie: try await client.session("alice"))
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "alice", path: "session"))
        }
    }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func both(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let response = try await client.request(
                "/api/me", bearer: try await client.jwt("alice"), cookie: try await client.session("alice")
            )
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "alice", path: "both"))
        }
    }

    /// Header names are case-insensitive (RFC 9110 §5.1): credentials and the CSRF headers are read whatever the
    /// client's casing, and a name that only looks alike is not.
    @Test(arguments: Adapter.allCases)
    func headerNamesAreReadInAnyCase(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let token = try await client.jwt("alice")
            let cookie = try await client.session("alice")
            let both = try await client.request(
                "/api/me", headers: [("aUTHORIZATION", "Bearer \(token)"), ("COOKIE", cookie)])
            #expect(try both.decode(TestApp.Identity.self) == .init(user: "alice", path: "both"))
            let crossSite = try await client.request(
                .POST, "/api/me", headers: [("cookie", cookie), ("SEC-FETCH-SITE", "cross-site")])
            #expect(crossSite.status == 403)
            let foreign = try await client.request(.POST, "/api/me", headers: [("Cookie", cookie), ("ORIGIN", "https://evil.example")])
            #expect(foreign.status == 403)
            let lookalike = try await client.request("/api/me", headers: [("Authorization_", "Bearer \(token)")])
            #expect(lookalike.status == 401)
            // A second, foreign Origin behind the server's own is not overlooked.
            let twoOrigins = try await client.request(
                .POST, "/api/me", headers: [("Cookie", cookie), ("Origin", client.origin), ("origin", "https://evil.example")])
            #expect(twoOrigins.status == 403)
        }
    }

    @Test(arguments: Adapter.allCases)
    func noneIsAnonymousOnPublicRoutesAnd401OnProtectedOnes(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let open = try await client.request("/public")
            #expect(open.status == 200)
            #expect(try open.decode(TestApp.Identity.self) == .init(user: nil, path: "none"))

            for path in ["/api/me", "/users/42"] {
                let closed = try await client.request(path)
                #expect(closed.status == 401)
                #expect(closed.headers["WWW-Authenticate"] == ["Bearer"])
                #expect(closed.headers["Content-Type"].first?.hasPrefix("application/json") == true)
                #expect(
                    closed.error
                        == .init(error: "authentication_required", reason: "this route requires a signed-in user"))
            }
        }
    }

    @Test(arguments: Adapter.allCases)
    func mismatchIsRefusedEvenOnPublicRoutes(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let cookie = try await client.session("alice")
            let token = try await client.jwt("bob")
            for path in ["/public", "/api/me"] {
                let response = try await client.request(path, bearer: token, cookie: cookie)
                #expect(response.status == 401)
                #expect(response.error?.error == "credential_mismatch")
                let challenge = try #require(response.headers["WWW-Authenticate"].first)
                #expect(challenge.hasPrefix("Bearer error=\"invalid_token\""))
            }
        }
    }

    @Test(arguments: Adapter.allCases)
    func failingTokenNamesItsReason(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let token = try await client.jwt("alice")
            let forged = token.dropLast(4) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA")
            let closed = try await client.request("/api/me", bearer: String(forged))
            #expect(closed.status == 401)
            #expect(closed.error?.error == "bad_signature")
            #expect(closed.headers["WWW-Authenticate"].first?.contains("error=\"invalid_token\"") == true)

            // A failing credential is not a refusal: a public route still answers.
            let open = try await client.request("/public", bearer: String(forged))
            #expect(open.status == 200)
            #expect(try open.decode(TestApp.Identity.self) == .init(user: nil, path: "jwt"))
        }
    }

    @Test(arguments: Adapter.allCases)
    func failingTokenNextToValidCookieIsIgnored(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request(
                "/api/me", bearer: "not.a.token", cookie: try await client.session("alice"))
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "alice", path: "session"))
        }
    }

    @Test(arguments: Adapter.allCases)
    func everyResponseVariesOnOriginAndSecFetchSite(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let responses = [
                try await client.request("/public"),
                try await client.request("/api/me"),
                try await client.request("/users/1"),
                try await client.request("/api/me", bearer: try await client.jwt("alice")),
                try await client.request(
                    .POST, "/api/me", cookie: try await client.session("alice"), headers: [("Origin", "null")]),
            ]
            for response in responses {
                #expect(response.headers["Vary"].contains("Origin, Sec-Fetch-Site"), "status \(response.status)")
            }
            let notFound = try await client.request("/no/such/route")
            #expect(notFound.status == 404)
            // Hummingbird's middleware renders the error; on Vapor it reaches `ErrorMiddleware` (outside ours) as
            // `AbortWithDecisionHeaders`.
            #expect(notFound.headers["Vary"].contains("Origin, Sec-Fetch-Site"))
        }
    }

    @Test(arguments: Adapter.allCases)
    func requireMiddlewareLetsAuthenticatedRequestsThrough(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request("/users/42", cookie: try await client.session("carol"))
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Identity.self) == .init(user: "carol", path: "session"))
        }
    }
}
