import AuthBridge
import AuthBridgeDemo
import Foundation
import NIOHTTP1
import Testing

/// `GET`/`POST /api/dashboard`, `POST /api/logout` and the page, over real HTTP.
struct DashboardLogoutTests {
    @Test(arguments: [HTTPMethod.GET, .POST])
    func theDashboardNamesTheUserAndThePath(method: HTTPMethod) async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let signup = try await client.signup("katherine@example.com")
            let cookie = try #require(signup.sessionCookie)
            let token = try #require(signup.token)
            for (cookie, bearer, path) in [(cookie, nil, "session"), (nil, token, "jwt"), (cookie, token, "both")] {
                let response = try await client.dashboard(method, cookie: cookie, bearer: bearer)
                #expect(response.status == 200)
                #expect(response.path == path)
                #expect(response.user == signup.user)
            }
        }
    }

    @Test func withoutAValidCredentialTheDashboardIs401WithAChallenge() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let anonymous = try await client.dashboard()
            let forged = try await client.dashboard(bearer: "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
            let unknownSession = try await client.dashboard(cookie: "\(DemoClient.cookieName)=\(String(repeating: "A", count: 43))")
            for response in [anonymous, forged, unknownSession] {
                #expect(response.status == 401)
                #expect(response.headers["WWW-Authenticate"].first?.hasPrefix("Bearer") == true)
            }
            #expect(anonymous.errorCode == "authentication_required")
            #expect(forged.headers["WWW-Authenticate"].first?.contains("error=\"invalid_token\"") == true)
            #expect(unknownSession.errorCode == "session_not_found")
        }
    }

    @Test func aTokenForAUserWhoIsNotInTheTableIsRefused() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        let token = try #require(try await harness.server().authenticator.issueToken(for: .init(id: "4711")))
        try await harness.run { client, _ in
            let response = try await client.dashboard(bearer: token)
            #expect(response.status == 401)
            #expect(response.errorCode == "unknown_user")
        }
    }

    @Test func aCrossSiteCookiePostIsRefusedAndABearerPostIsNot() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let signup = try await client.signup("margaret@example.com")
            let cookie = try #require(signup.sessionCookie)
            let foreign = try await client.send(
                .POST, "/api/dashboard", cookie: cookie, headers: [("Origin", "http://evil.example")])
            #expect(foreign.status == 403)
            #expect(foreign.errorCode == "cross_site_request")
            let bearer = try await client.send(
                .POST, "/api/dashboard", bearer: signup.token, headers: [("Origin", "http://evil.example")])
            #expect(bearer.status == 200)
        }
    }

    @Test func logoutEndsThisSessionOnlyAndExpiresTheCookie() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let laptop = try #require(try await client.signup("frances@example.com").sessionCookie)
            let phone = try #require(try await client.login("frances@example.com").sessionCookie)
            let logout = try await client.send(
                .POST, "/api/logout", cookie: laptop,
                headers: [("Origin", client.origin), ("Sec-Fetch-Site", "same-origin")])
            #expect(logout.status == 204)
            let expired = try #require(logout.sessionSetCookie)
            #expect(expired.hasPrefix("\(DemoClient.cookieName)=;") && expired.contains("Max-Age=0"))
            let replayed = try await client.dashboard(cookie: laptop)
            #expect(replayed.status == 401)
            #expect(replayed.errorCode == "session_not_found")
            #expect(try await client.dashboard(cookie: phone).path == "session")
        }
    }

    @Test func thePageIsSelfContained() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let page = try await client.send(.GET, "/")
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"].first == "text/html; charset=utf-8")
            let policy = try #require(page.headers["Content-Security-Policy"].first)
            #expect(policy.hasPrefix("default-src 'none'; script-src 'sha256-"))
            #expect(policy.contains("connect-src 'self'"))
            for id in ["auth-form", "email", "password", "signup", "login", "path", "logout"] {
                #expect(page.body.contains("id=\"\(id)\""))
            }
            #expect(!page.body.contains("http://") && !page.body.contains("https://") && !page.body.contains("//cdn"))
        }
    }
}
