import AuthBridge
import AuthBridgeConfig
import AuthBridgeDemo
import Crypto
import Foundation

/// The run `authbridge demo` makes: for each migration phase, start the demo server on the SQLite file with the
/// phase's flags, let the simulated clients send their traffic, stop the server, and count.
struct DemoScenario: Sendable {
    /// Opens the demo server on an environment, with a recorder that also gets every usage event.
    typealias ServerOpener = @Sendable ([String: String], any UsageRecorder) async throws -> DemoServer

    /// Everything but the phase's flags: a fresh random secret, a plain-http cookie, the file, a free port,
    /// and bcrypt at its lowest cost (the demo's passwords are not worth more).
    let baseEnvironment: [String: String]
    let openServer: ServerOpener

    init(databasePath: String, openServer: @escaping ServerOpener) {
        let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
        baseEnvironment = [
            "AUTHBRIDGE_JWT_SECRET": secret, "AUTHBRIDGE_COOKIE_SECURE": "off",
            "AUTHBRIDGE_STORE_URL": "sqlite:" + databasePath, "AUTHBRIDGE_DEMO_PORT": "0",
            "AUTHBRIDGE_DEMO_BCRYPT_COST": "4",
        ]
        self.openServer = openServer
    }

    func environment(for phase: MigrationPhase) -> [String: String] {
        baseEnvironment.merging(phase.flags.map { ($0.name, $0.value) }) { $1 }
    }

    /// Runs every phase, handing each result to `report` as soon as it is known; returns the results and what
    /// the file holds at the end.
    func run(report: (PhaseResult) -> Void) async throws -> (results: [PhaseResult], final: Census) {
        var simulator = TrafficSimulator(cookieName: "authbridge_session")
        var results: [PhaseResult] = []
        var final = Census(users: 0, sessions: 0)
        let issuer = try await longLivedIssuer()
        for phase in MigrationPhase.all {
            let recorder = MemoryUsageRecorder()
            let server = try await openServer(environment(for: phase), recorder)
            simulator.startPhase()
            let carriedOver = try await server.withRunning { port in
                let http = DemoHTTP(port: port)
                let census = try await Self.census(server, simulator.clients)
                if phase.number == 1 {
                    try await simulator.signUp(http) { userID in
                        try await issuer.issue(for: SessionUser(id: userID), now: Date())
                    }
                }
                try await simulator.runPhase(http)
                final = try await Self.census(server, simulator.clients)
                return census
            }
            let result = PhaseResult(
                phase: phase, server: TrafficCounts(events: recorder.events, activity: server.activity.counts),
                clients: simulator.counts, refusedClients: simulator.refusedClients,
                deprecationHeaders: simulator.deprecationHeaders, carriedOver: carriedOver)
            results.append(result)
            report(result)
        }
        return (results, final)
    }

    /// Signs the script's token: same key, 30 days instead of the configured lifetime.
    private func longLivedIssuer() async throws -> JWTIssuer {
        let environment = baseEnvironment.merging(["AUTHBRIDGE_JWT_TTL": "30d"]) { $1 }
        let loaded = try await AuthBridgeEnvironment.load(from: environment)
        guard let settings = loaded.configuration.jwt else { throw DemoFailure("no JWT key for the script's token") }
        return try JWTIssuer(settings: settings)
    }

    /// Users in the table, and live sessions of the simulated clients' users in the store.
    private static func census(_ server: DemoServer, _ clients: [SimulatedClient]) async throws -> Census {
        var sessions = 0
        let now = Date()
        for userID in Set(clients.compactMap(\.userID)) {
            let records = try await server.authenticator.store.list(userID: userID)
            sessions += records.filter { !$0.isExpired(at: now) }.count
        }
        return Census(users: try await server.users.count(), sessions: sessions)
    }
}
