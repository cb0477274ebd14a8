import Foundation
import NIOHTTP1
import Testing

/// Three `demo-server` processes on one PostgreSQL store, each with its session cache on (max age 1 s): sessions,
/// logout, revoke, pruning and the usage report across instances.
@Suite(.enabled(if: Fleet.enabled), .serialized)
struct FleetTests {
    /// The bound the cache gives: a logout or revoke on one instance is refused on the others within it.
    static let bound: Duration = .seconds(1)

    @Test func aFleetSharesSessionsHonoursLogoutAndRevokeWithinASecondAndReportsEveryInstance() async throws {
        let fleet = try await Fleet(count: 3, extra: ["AUTHBRIDGE_DEMO_PRUNE_INTERVAL": "200ms"])
        var sent = 0
        do {
            let clients = fleet.clients
            let before = try totalRequests(fleet)

            // A login on one instance is valid on the others.
            let signup = try await clients[0].signup("fleet-\(UUID())@example.com")
            sent += 1
            #expect(signup.status == 201)
            let cookie = try #require(signup.sessionCookie)
            let userID = try #require(signup.user?["id"])
            for client in clients {
                let dashboard = try await client.dashboard(cookie: cookie)
                sent += 1
                #expect(dashboard.status == 200 && dashboard.user?["id"] == userID && dashboard.path == "session")
            }

            // Logout on the first instance: refused on the others (which cached the session) within the bound.
            let logout = try await clients[0].send(
                .POST, "/api/logout", cookie: cookie, headers: [("Origin", clients[0].origin)])
            sent += 1
            #expect(logout.status == 204)
            let afterLogout = try await refusalDelays(clients[1...], cookie: cookie, sent: &sent)

            // `authbridge sessions revoke --user ID`: refused on every instance within the bound.
            let login = try await clients[1].login(try #require(signup.user?["email"]))
            sent += 1
            let second = try #require(login.sessionCookie)
            for client in clients {
                sent += 1
                #expect(try await client.dashboard(cookie: second).status == 200)
            }
            let revoked = try #require(try fleet.authbridge(["sessions", "revoke", "--user", userID]))
            #expect(revoked.hasPrefix("revoked 1 session"))
            let afterRevoke = try await refusalDelays(clients[...], cookie: second, sent: &sent)
            print("fleet: logout refused on the others after \(afterLogout), revoke on all after \(afterRevoke)")

            // Pruning runs every 200 ms on every instance: sessions made on all of them stay, once each.
            var cookies: [String] = []
            for client in clients {
                for _ in 0..<4 {
                    let login = try await client.login(try #require(signup.user?["email"]))
                    sent += 1
                    cookies.append(try #require(login.sessionCookie))
                }
            }
            try await Task.sleep(for: .milliseconds(1500))  // several prunes per instance, past the cache age
            for (index, cookie) in cookies.enumerated() {
                let dashboard = try await clients[(index + 1) % clients.count].dashboard(cookie: cookie)
                sent += 1
                #expect(dashboard.status == 200 && dashboard.user?["id"] == userID)
            }
            let listed = try #require(try fleet.authbridge(["sessions", "list", "--user", userID]))
            #expect(listed.split(separator: "\n").filter { $0.hasSuffix("active") }.count == cookies.count)

            // The report after SIGTERM: every instance listed, every request counted once.
            try await fleet.stop()
            let report = try #require(try reportJSON(fleet))
            let instances = try #require(report["instances"] as? [String])
            #expect(Set(fleet.instanceNames).isSubset(of: Set(instances)))
            #expect(try totalRequests(fleet) - before == sent)
        } catch {
            try? await fleet.stop()
            throw error
        }
    }

    /// For each client, the time from now until a dashboard with `cookie` is first refused (401), asked every
    /// 10 ms. The bound is checked on every answer: a request sent ``bound`` or more after the change (now) must
    /// never be answered 200.
    private func refusalDelays(
        _ clients: ArraySlice<DemoClient>, cookie: String, sent: inout Int
    ) async throws -> [Duration] {
        let start = ContinuousClock.now
        var delays: [Duration] = []
        for client in clients {
            while true {
                let asked = ContinuousClock.now
                let status = try await client.dashboard(cookie: cookie).status
                sent += 1
                if status == 401 {
                    delays.append(start.duration(to: asked))
                    break
                }
                #expect(status == 200)
                try #require(start.duration(to: asked) < Self.bound, "still valid \(start.duration(to: asked)) after")
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        return delays
    }

    /// The report as JSON; `nil` while nothing was recorded (the command then fails).
    private func reportJSON(_ fleet: Fleet) throws -> [String: Any]? {
        guard let text = try fleet.authbridge(["report", "--format", "json", "--since", "1d"], mayFail: true) else {
            return nil
        }
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func totalRequests(_ fleet: Fleet) throws -> Int {
        try reportJSON(fleet)?["totalRequests"] as? Int ?? 0
    }
}
