/// One phase of `authbridge demo`: the flags, the server's counts and the clients' counts of the same traffic.
struct PhaseResult: Sendable {
    let phase: MigrationPhase
    /// Counted by the server: its usage events and the app's activity.
    let server: TrafficCounts
    /// Counted by the simulated clients.
    let clients: TrafficCounts
    /// Clients whose last request in the phase was refused.
    let refusedClients: [String]
    /// The deprecation headers one response carried.
    let deprecationHeaders: [String]
    /// The users and live sessions in the SQLite file when the server started this phase.
    let carriedOver: Census

    /// Whether the server and the clients counted the same.
    var agrees: Bool { server == clients }
}

/// What the SQLite file holds: users and live sessions.
struct Census: Sendable, Equatable {
    var users: Int
    var sessions: Int
}
