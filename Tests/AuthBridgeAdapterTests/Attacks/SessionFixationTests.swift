import AuthBridge
import Foundation
import NIOHTTP1
import Testing

/// Session fixation over real HTTP: a session id chosen or planted before login is never the one after it.
@Suite struct SessionFixationTests {
    static func value(_ cookie: String) -> String { String(cookie.drop { $0 != "=" }.dropFirst()) }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func aClientChosenIdIsNeverAdopted(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let chosen = "\(TestClient.cookieName)=\(SessionToken.generate().value)"
            let login = try await client.login("alice", cookie: chosen)
            #expect(login.status == 200)
            let issued = try #require(login.sessionCookie)
            #expect(Self.value(issued) != Self.value(chosen))
            let withChosen = try await client.request("/api/me", cookie: chosen)
            #expect(withChosen.status == 401)
            #expect(withChosen.error?.error == "session_not_found")
            #expect(try await client.request("/api/me", cookie: issued).decode(TestApp.Identity.self).user == "alice")
        }
    }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func aPlantedValidSessionDiesAtLoginAndNeverNamesTheVictim(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            // The attacker logs in as mallory and plants the cookie in the victim's browser.
            let planted = try await client.session("mallory")
            let login = try await client.login("alice", cookie: planted)
            let issued = try #require(login.sessionCookie)
            #expect(Self.value(issued) != Self.value(planted))
            let attacker = try await client.request("/api/me", cookie: planted)
            #expect(attacker.status == 401)
            #expect(attacker.error?.error == "session_not_found")
            #expect(try await client.request("/api/me", cookie: issued).decode(TestApp.Identity.self).user == "alice")
        }
    }

    @Test(arguments: Adapter.allCases, StoreKind.allCases)
    func reLoginGivesANewIdAndKillsTheOld(adapter: Adapter, store: StoreKind) async throws {
        try await Setup(adapter, store).run { client in
            let first = try await client.session("alice")
            let second = try #require(try await client.login("alice", cookie: first).sessionCookie)
            #expect(Self.value(second) != Self.value(first))
            #expect(try await client.request("/api/me", cookie: first).status == 401)
            #expect(try await client.request("/api/me", cookie: second).status == 200)
            // Logout kills the id for good: replaying it, alone or next to a fresh login, never revives it.
            let logout = try await client.request(.POST, "/logout", cookie: second)
            #expect(logout.status == 204)
            #expect(try await client.request("/api/me", cookie: second).status == 401)
            let third = try #require(try await client.login("alice", cookie: second).sessionCookie)
            #expect(Self.value(third) != Self.value(second))
            #expect(try await client.request("/api/me", cookie: second).status == 401)
        }
    }
}
