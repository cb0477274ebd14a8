import AuthBridge
import AuthBridgeSQLite
import Foundation
import NIOHTTP1
import Testing

/// Login, logout, upgrade and issuance over real HTTP.
@Suite struct LoginLogoutTests {
    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func loginSetsAHardenedCookieAndReturnsAToken(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let response = try await client.login("alice")
            #expect(response.status == 200)
            #expect(response.setCookies.count == 1)
            let header = try #require(response.setCookies.first)
            let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let value = try #require(parts.first?.split(separator: "=", maxSplits: 1).last)
            #expect(parts.first?.hasPrefix("__Host-authbridge_session=") == true)
            #expect(value.count == 43)
            #expect(Set(parts.dropFirst()) == ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=604800"])

            let body = try response.decode(TestApp.Login.self)
            #expect(body.user == "alice")
            #expect(body.token?.split(separator: ".").count == 3)
            let token = try #require(body.token)
            let me = try await client.request("/api/me", bearer: token)
            #expect(try me.decode(TestApp.Identity.self) == .init(user: "alice", path: "jwt"))
        }
    }

    @Test(arguments: Adapter.allCases)
    func aPresentedSessionIdIsNeverAdopted(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let first = try await client.session("alice")
            let second = try #require(try await client.login("alice", cookie: first).sessionCookie)
            #expect(second != first)
            #expect(try await client.request("/api/me", cookie: first).status == 401)
            #expect(try await client.request("/api/me", cookie: second).status == 200)

            // A well-formed id the server never issued is not adopted either.
            let planted = "\(TestClient.cookieName)=\(String(repeating: "A", count: 43))"
            let third = try #require(try await client.login("alice", cookie: planted).sessionCookie)
            #expect(third != planted)
        }
    }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func logoutEndsTheSessionOnTheServer(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let cookie = try await client.session("alice")
            let other = try await client.session("alice")
            let response = try await client.request(.POST, "/logout", cookie: cookie)
            #expect(response.status == 204)
            let expiry = try #require(response.setCookies.first)
            #expect(expiry.hasPrefix("\(TestClient.cookieName)=;"))
            #expect(expiry.contains("Max-Age=0"))

            let replay = try await client.request("/api/me", cookie: cookie)
            #expect(replay.status == 401)
            #expect(replay.error?.error == "session_not_found")
            #expect(try await client.request("/api/me", cookie: other).status == 200)
        }
    }

    @Test(arguments: Adapter.allCases)
    func upgradeGivesAJWTClientASessionCookie(adapter: Adapter) async throws {
        var setup = Setup(adapter)
        setup.policy.upgrade = true
        try await setup.run { client in
            let response = try await client.request("/api/me", bearer: try await client.jwt("alice"))
            #expect(response.status == 200)
            let cookie = try #require(response.sessionCookie)
            let next = try await client.request("/api/me", cookie: cookie)
            #expect(try next.decode(TestApp.Identity.self) == .init(user: "alice", path: "session"))
            // Once the cookie is there, no further session is created.
            let both = try await client.request("/api/me", bearer: try await client.jwt("alice"), cookie: cookie)
            #expect(both.sessionCookie == nil)
        }
    }

    @Test(arguments: Adapter.allCases)
    func loginWithIssuanceOffReturnsNoToken(adapter: Adapter) async throws {
        var setup = Setup(adapter)
        setup.policy.issue = false
        try await setup.run { client in
            let response = try await client.login("alice")
            #expect(response.status == 200)
            #expect(try response.decode(TestApp.Login.self) == .init(user: "alice", token: nil))
            #expect(response.sessionCookie != nil)
        }
    }

    @Test(arguments: Adapter.allCases)
    func jwtSwitchedOffRefusesTokensButNotSessions(adapter: Adapter) async throws {
        var setup = Setup(adapter)
        setup.policy.mode = .off
        try await setup.run { client in
            let token = try await client.request("/api/me", bearer: try await client.jwt("alice"))
            #expect(token.status == 401)
            #expect(token.error?.error == "jwt_disabled")
            #expect(try await client.request("/api/me", cookie: try await client.session("alice")).status == 200)
        }
    }

    /// A handler that logs in and then throws: the error response still carries the new session's cookie.
    @Test(arguments: Adapter.allCases)
    func aLoginBeforeAThrownErrorKeepsItsCookie(adapter: Adapter) async throws {
        try await Setup(adapter).run { client in
            let response = try await client.request(.POST, "/login/alice/fail")
            #expect(response.status == 409)
            let setCookie = try #require(response.headers["Set-Cookie"].first)
            let cookie = String(setCookie.prefix { $0 != ";" })
            let me = try await client.request("/api/me", cookie: cookie)
            #expect(me.status == 200 && me.body.contains("alice"))
        }
    }

    /// The server and its store are both opened again: the second run reads the session from the SQLite file.
    @Test(arguments: Adapter.allCases)
    func aSessionSurvivesAServerRestart(adapter: Adapter) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-restart-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var cookie = ""
        try await Setup(adapter, store: try SQLiteSessionStore(path: path)).run { client in
            cookie = try await client.session("alice")
        }
        try await Setup(adapter, store: try SQLiteSessionStore(path: path)).run { client in
            let response = try await client.request("/api/me", cookie: cookie)
            #expect(response.status == 200)
            #expect(response.body.contains("alice"))
            #expect(try await client.request("/api/me", cookie: try await client.session("bob")).status == 200)
        }
    }
}
