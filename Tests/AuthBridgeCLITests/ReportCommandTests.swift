import ArgumentParser
import AuthBridge
import AuthBridgeCLI
import AuthBridgeSQLite
import AuthBridgeTesting
import Foundation
import Testing

/// `authbridge report` and `authbridge sessions` over a real SQLite file written through the real pipeline.
struct ReportCommandTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let directory: URL
    var path: String { directory.appendingPathComponent("authbridge.sqlite").path }
    var environment: [String: String] { ["AUTHBRIDGE_STORE_URL": "sqlite:" + path] }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    struct Run { var output = "", errors = "", exit: ExitCode? }

    func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> Run {
        let command = try #require(try AuthBridgeCommand.parseAsRoot(arguments) as? any StoreCommand)
        var run = Run()
        do {
            try await command.run(environment: environment ?? self.environment, now: now, output: &run.output, errors: &run.errors)
        } catch let code as ExitCode {
            run.exit = code
        }
        return run
    }

    /// Sends known traffic through an Authenticator into a UsageAggregator, flushed into the SQLite file.
    func recordTraffic() async throws -> SQLiteSessionStore {
        let store = try SQLiteSessionStore(path: path)
        let aggregator = UsageAggregator(instance: "test-1")
        let secret = Array("cli-report-test-secret-0123456789abcdef".utf8)
        let keys = try await JWTKeySet.load([.hmac(secret: secret)])
        let clock = TestTime(now - 2 * 86400)
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys)), store: store, resolver: SessionUserResolver(),
            recorder: aggregator, now: clock.function)
        let jwt = try #require(try await auth.issueToken(for: SessionUser(id: "u1")))
        let login = try await auth.login(SessionUser(id: "web"), request: AuthRequest(method: "POST", route: "/login"))
        let cookie = "__Host-authbridge_session=\(login.sessionToken.value)"
        for _ in 0..<6 { _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders/:id", authorization: ["Bearer \(jwt)"], userAgent: "okhttp/4.12")) }
        for _ in 0..<4 { _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders/:id", cookies: [cookie])) }
        for _ in 0..<5 { _ = await auth.authenticate(AuthRequest(method: "GET", route: "/profile", cookies: [cookie])) }
        _ = await auth.authenticate(AuthRequest(method: "POST", route: "/orders", authorization: ["Bearer expired.token.x"]))
        let flusher = UsageFlusher(aggregator: aggregator, store: store, now: clock.function)
        await flusher.flush()
        return store
    }

    @Test func tableReportMatchesTheTraffic() async throws {
        _ = try await recordTraffic()
        let result = try await run(["report", "--since", "7d"])
        #expect(result.exit == nil, "\(result.errors)")
        #expect(result.output.contains("16 requests, 7 with a JWT (43.8% of the 16 with a credential), instances: test-1"))
        let orders = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("GET     /orders/:id") })
        #expect(orders.contains("/orders/:id  10        4        6    0     0        60.0%"))
        #expect(orders.contains("blocked — last JWT 2 days ago"))
        #expect(result.output.contains("GET     /profile     5         5        0    0     0        0.0%"))
        // The store began recording two days ago: a seven-day window has seen two quiet days, no more.
        #expect(result.output.contains("ready — no JWT for 2 days"))
        // The only JWT on POST /orders failed: nothing valid blocks it.
        #expect(result.output.contains("POST    /orders      1         0        1    0     1        100.0%"))
        #expect(result.output.contains("ready — no valid JWT for 2 days"))
        #expect(result.output.contains("AUTHBRIDGE_JWT_OFF_ROUTES=\"POST /orders,GET /profile\""))
        #expect(result.output.contains("okhttp  u1       6"))
    }

    @Test(arguments: UsageReportFormat.allCases)
    func everyFormatRenders(_ format: UsageReportFormat) async throws {
        _ = try await recordTraffic()
        let result = try await run(["report", "--format", format.rawValue, "--route", "/orders/**"])
        #expect(result.exit == nil, "\(result.errors)")
        #expect(result.output.contains("/orders/:id"))
        #expect(!result.output.contains("/profile"))
        switch format {
        case .json: #expect((try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])?["totalRequests"] as? Int == 11)
        case .csv: #expect(result.output.split(separator: "\n").count == 3)
        case .markdown: #expect(result.output.hasPrefix("# AuthBridge usage"))
        case .html: #expect(result.output.hasPrefix("<!DOCTYPE html>") && result.output.contains("<svg"))
        case .table: #expect(result.output.contains("11 requests"))
        }
    }

    @Test func writesAFile() async throws {
        _ = try await recordTraffic()
        let file = directory.appendingPathComponent("report.html").path
        let result = try await run(["report", "--format", "html", "--output", file])
        #expect(result.output == "wrote \(file)\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("JWT share per day"))
    }

    @Test func clearOneLineErrors() async throws {
        let missing = try await run(["report"])
        #expect(missing.exit == .failure)
        #expect(missing.errors == "error: no AuthBridge store at \(path) (set --store or AUTHBRIDGE_STORE_URL); is the middleware installed and pointed at it?\n")
        #expect(!FileManager.default.fileExists(atPath: path))  // a report never creates the file

        _ = try SQLiteSessionStore(path: path)
        let empty = try await run(["report"])
        #expect(empty.errors == "error: no traffic recorded yet in sqlite:\(path) — is the middleware installed?\n")

        _ = try await recordTraffic()
        let window = try await run(["report", "--since", "1h"])
        #expect(window.errors.hasPrefix("error: no traffic recorded since 2027-01-15T07:00:00Z; try a longer --since"))

        #expect(throws: (any Error).self) { try AuthBridgeCommand.parseAsRoot(["report", "--since", "last tuesday"]) }
        #expect(throws: (any Error).self) { try AuthBridgeCommand.parseAsRoot(["report", "--route", "no-slash"]) }
        #expect(throws: (any Error).self) { try AuthBridgeCommand.parseAsRoot(["report", "--format", "pdf"]) }
    }

    /// Session-only traffic on /profile, flushed by an instance at each of `ago` (seconds before `now`).
    func recordSessions(secondsAgo ago: [TimeInterval]) async throws {
        let store = try SQLiteSessionStore(path: path)
        for seconds in ago {
            let aggregator = UsageAggregator(instance: "web-\(Int(seconds))")
            let time = now - seconds
            aggregator.record(UsageEvent(time: time, route: "/profile", method: "GET", path: .session, outcome: .authenticated))
            await UsageFlusher(aggregator: aggregator, store: store, now: { time }).flush()
        }
    }

    /// "No JWT for N days" claims no more than the store saw: the window, or less when recording began later.
    @Test(arguments: [
        ([30.0 * 60], "90m", "ready — no JWT for 30 minutes"),  // a store 30 minutes old: not "1 day"
        ([30.0 * 60], "7d", "ready — no JWT for 30 minutes"),
        ([10.0 * 86400, 30 * 60], "90m", "ready — no JWT for 1 hour"),  // 90 minutes observed, in whole hours
        ([10.0 * 86400, 30 * 60], "36h", "ready — no JWT for 1 day"),
        ([10.0 * 86400, 30 * 60], "7d", "ready — no JWT for 7 days"),
        ([2.0 * 86400 + 3600], "7d", "ready — no JWT for 2 days"),
        ([20.0], "7d", "ready — no JWT for under a minute"),
    ] as [([TimeInterval], String, String)])
    func quietSpellIsWhatWasObserved(_ ago: [TimeInterval], _ since: String, _ verdict: String) async throws {
        try await recordSessions(secondsAgo: ago)
        let result = try await run(["report", "--since", since])
        #expect(result.exit == nil, "\(result.errors)")
        #expect(result.output.contains("GET     /profile") && result.output.contains(verdict), "\(result.output)")
    }

    /// A window is at most 3660 days: an enormous `--since` is refused with a clear message instead of trapping on
    /// time arithmetic or building a trend of millions of days per route.
    @Test func refusesAWindowOverTenYears() async throws {
        for since in ["200000000d", "999999999h", "3661d", "0001-01-01T00:00:00Z"] {
            #expect(throws: (any Error).self, "\(since)") { try AuthBridgeCommand.parseAsRoot(["report", "--since", since]) }
            do {
                _ = try AuthBridgeCommand.parseAsRoot(["report", "--since", since])
            } catch {
                #expect(AuthBridgeCommand.message(for: error) == "--since \"\(since)\" reaches back more than 3660 days (about ten years); give a shorter window")
            }
        }
        try await recordSessions(secondsAgo: [3600])
        let longest = try await run(["report", "--since", "3660d", "--format", "json"])
        #expect(longest.exit == nil, "\(longest.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(longest.output.utf8)) as? [String: Any])
        #expect((json["routes"] as? [[String: Any]])?.first?["trend"].flatMap { $0 as? [Any] }?.count == 3661)
    }

    @Test func unreachablePostgresIsOneLineInBoundedTime() async throws {
        let started = Date()
        let result = try await run(["report", "--store", "postgres://authbridge:hunter2-secret@127.0.0.1:1/nowhere"])
        #expect(result.exit == .failure)
        #expect(result.errors.hasPrefix("error: session store unavailable"))
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(!result.errors.contains("hunter2-secret"))
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func noCredentialAppearsInReportOrSessionsOutput() async throws {
        let store = try await recordTraffic()
        let secret = "cli-report-test-secret-0123456789abcdef"
        let keys = try await JWTKeySet.load([.hmac(secret: Array(secret.utf8))])
        let aggregator = UsageAggregator(instance: "test-1")
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: JWTPolicy(upgrade: true)),
            store: store, resolver: SessionUserResolver(), recorder: aggregator, now: { self.now })
        let login = try await auth.login(SessionUser(id: "web"), request: AuthRequest(method: "POST", route: "/login"))
        let token = try #require(try await auth.issueToken(for: SessionUser(id: "web")))
        let cookie = "__Host-authbridge_session=\(login.sessionToken.value)"
        _ = await auth.authenticate(AuthRequest(method: "GET", route: "/orders/:id", authorization: ["Bearer \(token)"], cookies: [cookie]))
        let upgrade = await auth.authenticate(AuthRequest(method: "GET", route: "/orders/:id", authorization: ["Bearer \(token)"]))
        let upgradeCookie = try #require(upgrade.responseHeaders.first { $0.name == "Set-Cookie" }?.value)
        _ = await auth.authenticate(AuthRequest(method: "GET", route: "/profile", cookies: [cookie + "x"]))
        await UsageFlusher(aggregator: aggregator, store: store, now: { self.now }).flush()

        var output = ""
        let commands = UsageReportFormat.allCases.map { ["report", "--since", "7d", "--format", $0.rawValue] }
            + [["sessions", "list", "--user", "web"], ["sessions", "stats"], ["sessions", "prune"], ["sessions", "revoke", "--user", "web"]]
        for arguments in commands {
            let result = try await run(arguments)
            #expect(result.exit == nil, "\(arguments): \(result.errors)")
            output += result.output + result.errors
        }
        #expect(output.contains(String(login.sessionToken.key.hex.prefix(8))))  // sessions are listed by hash prefix
        let upgradeValue = String(upgradeCookie.prefix { $0 != ";" }.drop { $0 != "=" }.dropFirst())
        let secrets = [secret, token, login.sessionToken.value, upgradeValue, login.sessionToken.key.hex]
            + token.split(separator: ".").map(String.init)
        for value in secrets {
            #expect(!output.contains(value), "output carries a secret of \(value.count) characters")
        }
    }

    @Test func sessionsCommands() async throws {
        let store = try await recordTraffic()
        let keys = try await JWTKeySet.load([.hmac(secret: Array("cli-report-test-secret-0123456789abcdef".utf8))])
        let auth = Authenticator(configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys)), store: store, resolver: SessionUserResolver(), now: { self.now })
        for _ in 0..<2 { _ = try await auth.login(SessionUser(id: "alice"), request: AuthRequest(method: "POST", route: "/login")) }

        let list = try await run(["sessions", "list", "--user", "alice"])
        #expect(list.output.split(separator: "\n").count == 3)
        #expect(list.output.contains("active"))
        let stats = try await run(["sessions", "stats"])
        #expect(stats.output.contains("sessions:     3"))
        #expect(stats.output.contains("active:       2"))
        #expect(stats.output.contains("expired:      1"))  // web's session idled out (12 h) two days ago
        #expect(stats.output.contains("active users: 1"))
        let revoke = try await run(["sessions", "revoke", "--user", "alice"])
        #expect(revoke.output == "revoked 2 sessions of user alice\n")
        #expect(try await store.list(userID: "alice").isEmpty)
        #expect(try await store.list(userID: "web").count == 1)
        let prune = try await run(["sessions", "prune"])
        #expect(prune.output == "pruned 1 expired session\n")
        #expect(try await store.list(userID: "web").isEmpty)
        #expect(try await run(["sessions", "list", "--user", "alice"]).output == "no sessions for user alice\n")
    }
}

/// A settable wall clock.
final class TestTime: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var function: @Sendable () -> Date { { self.lock.withLock { self.current } } }
}
