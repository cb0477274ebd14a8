import AuthBridgeDemo
import Foundation
import NIOHTTP1
import Testing

/// `POST /api/signup` and `POST /api/login` as the demo's HTTP contract states them, over real HTTP.
struct SignupLoginTests {
    @Test func signupCreatesTheUserASessionAndAJWT() async throws {
        let harness = DemoHarness([
            "AUTHBRIDGE_JWT_ISSUER": "https://demo.example", "AUTHBRIDGE_JWT_AUDIENCE": "demo-api",
            "AUTHBRIDGE_JWT_TTL": "15m",
        ])
        defer { harness.removeFiles() }
        try await harness.run { client, server in
            let response = try await client.signup("Ada@Example.com")
            #expect(response.status == 201)
            let user = try #require(response.user)
            #expect(user["email"] == "ada@example.com")
            #expect(Int(try #require(user["id"])) != nil)
            let setCookie = try #require(response.sessionSetCookie)
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604800"] {
                #expect(setCookie.contains(attribute))
            }
            #expect(!setCookie.contains("Secure"))

            let token = try #require(response.token)
            let parts = try #require(JWTParts(token))
            #expect(parts.header["typ"] as? String == "JWT")
            #expect(parts.header["alg"] as? String == "HS256")
            #expect(parts.payload["sub"] as? String == user["id"])
            #expect(parts.payload["iss"] as? String == "https://demo.example")
            let audience = parts.payload["aud"] as? String ?? (parts.payload["aud"] as? [String])?.first
            #expect(audience == "demo-api")
            let issuedAt = try #require(parts.payload["iat"] as? Int)
            #expect(parts.payload["exp"] as? Int == issuedAt + 900)
            #expect(abs(Double(issuedAt) - Date().timeIntervalSince1970) < 60)

            // Both credentials work on their own and together.
            #expect(try await client.dashboard(cookie: response.sessionCookie).path == "session")
            #expect(try await client.dashboard(bearer: token).path == "jwt")
            #expect(try await client.dashboard(cookie: response.sessionCookie, bearer: token).path == "both")
            #expect(try await server.users.count() == 1)
        }
    }

    @Test func aTakenEmailGets409WithoutACookie() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, server in
            #expect(try await client.signup("grace@example.com").status == 201)
            let again = try await client.signup("GRACE@example.com", "another password")
            #expect(again.status == 409)
            #expect(again.errorCode == "email_taken")
            #expect(again.sessionSetCookie == nil && again.token == nil)
            #expect(try await server.users.count() == 1)
        }
    }

    @Test(arguments: [
        ("not json", 400, "malformed_body"),
        ("[]", 400, "malformed_body"),
        (#"{"email": "a@b.example"}"#, 400, "malformed_body"),
        (#"{"email": 7, "password": "long enough"}"#, 400, "malformed_body"),
        (#"{"email": "no-at-sign", "password": "long enough"}"#, 422, "invalid_email"),
        (#"{"email": "a b@c.example", "password": "long enough"}"#, 422, "invalid_email"),
        (#"{"email": "a@b.example", "password": "short"}"#, 422, "invalid_password"),
        (#"{"email": "a@b.example", "password": "nul\u0000inside"}"#, 422, "invalid_password"),
        ("{\"email\": \"a@b.example\", \"password\": \"\(String(repeating: "x", count: 73))\"}", 422, "invalid_password"),
    ])
    func aMalformedSignupIsRefused(body: String, status: Int, code: String) async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, server in
            let response = try await client.send(.POST, "/api/signup", body: body)
            #expect(response.status == status)
            #expect(response.errorCode == code)
            #expect(response.sessionSetCookie == nil)
            #expect(try await server.users.count() == 0)
        }
    }

    @Test func aBodyOver16KiBGets413() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, server in
            let body = DemoClient.credentials("a@b.example", String(repeating: "x", count: 20_000))
            let response = try await client.send(.POST, "/api/signup", body: body)
            #expect(response.status == 413)
            #expect(response.errorCode == "body_too_large")
            #expect(try await server.users.count() == 0)
        }
    }

    @Test func loginRotatesTheSessionAndDestroysThePresentedOne() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let signup = try await client.signup("alan@example.com")
            let first = try #require(signup.sessionCookie)
            let login = try await client.login("ALAN@example.com", cookie: first)
            #expect(login.status == 200)
            #expect(login.user == signup.user)
            #expect(login.token != nil)
            let second = try #require(login.sessionCookie)
            #expect(second != first)
            #expect(try await client.dashboard(cookie: second).path == "session")
            let replayed = try await client.dashboard(cookie: first)
            #expect(replayed.status == 401)
            #expect(replayed.errorCode == "session_not_found")
        }
    }

    @Test func badCredentialsGet401WithNoCookieAndNoToken() async throws {
        let harness = DemoHarness()
        defer { harness.removeFiles() }
        try await harness.run { client, server in
            _ = try await client.signup("barbara@example.com")
            let wrongPassword = try await client.login("barbara@example.com", "not the password")
            let unknownEmail = try await client.login("nobody@example.com")
            let nulTrick = try await client.login("barbara@example.com", "correct horse battery\u{0}extra")
            for response in [wrongPassword, unknownEmail, nulTrick] {
                #expect(response.status == 401)
                #expect(response.errorCode == "invalid_credentials")
                #expect(response.sessionSetCookie == nil && response.token == nil)
                #expect(response.headers["WWW-Authenticate"].first?.hasPrefix("Bearer") == true)
            }
            #expect(unknownEmail.body == wrongPassword.body)
            #expect(server.activity.counts.failedLogins == 3)
        }
    }

    @Test func noTokenWhileIssuanceIsOff() async throws {
        let harness = DemoHarness(["AUTHBRIDGE_JWT_ISSUE": "off"])
        defer { harness.removeFiles() }
        try await harness.run { client, _ in
            let signup = try await client.signup("edsger@example.com")
            let login = try await client.login("edsger@example.com")
            for response in [signup, login] {
                #expect(response.sessionCookie != nil)
                #expect(response.json.keys.sorted() == ["user"])
            }
        }
    }
}
