import AuthBridge
import AuthBridgeTesting
import Foundation
import NIOHTTP1
import Testing

/// Fail-closed store behaviour and usage recording, over real HTTP.
@Suite struct StoreAndUsageTests {
    @Test(arguments: Adapter.allCases)
    func anUnavailableStoreAnswers503(adapter: Adapter) async throws {
        let store = MemorySessionStore()
        try await Setup(adapter, store: store).run { client in
            let cookie = try await client.session("alice")
            await store.setDown(true)
            for response in [
                try await client.request("/api/me", cookie: cookie),
                try await client.request("/public", cookie: cookie),
                try await client.login("bob"),
                try await client.request(.POST, "/logout", cookie: cookie),
            ] {
                #expect(response.status == 503)
                #expect(response.error == .init(error: "store_unavailable", reason: "the session store is unavailable"))
                #expect(response.headers["WWW-Authenticate"].isEmpty)
            }
            // A bearer-only request does not need the store.
            #expect(try await client.request("/api/me", bearer: try await client.jwt("alice")).status == 200)
            await store.setDown(false)
            #expect(try await client.request("/api/me", cookie: cookie).status == 200)
        }
    }

    @Test(arguments: Adapter.allCases)
    func usageIsRecordedByRouteTemplate(adapter: Adapter) async throws {
        let setup = Setup(adapter)
        try await setup.run { client in
            let token = try await client.jwt("alice")
            setup.recorder.removeAll()
            #expect(
                try await client.request("/users/42", bearer: token, headers: [("User-Agent", "curl/8.5.0")]).status
                    == 200)
            #expect(try await client.request("/users/43", bearer: token).status == 200)
            #expect(try await client.request("/no/such/7").status == 404)
            #expect(try await client.request(.RAW(value: "PROPFIND"), "/no/such/8").status == 404)
        }
        let events = setup.recorder.events
        // Requests no route matched are counted together: arbitrary paths cannot grow the usage data.
        #expect(events.map(\.route) == ["/users/:id", "/users/:id", UsageEvent.unmatchedRoute, UsageEvent.unmatchedRoute])
        #expect(events.map(\.method) == ["GET", "GET", "GET", "OTHER"])
        #expect(events.first?.path == .jwt)
        #expect(events.first?.outcome == .authenticated)
        #expect(events.first?.subject == "alice")
        #expect(events.first?.client == "curl")
        #expect(events.last?.outcome == .anonymous)
    }
}
