public import Foundation

/// The summary a team decides from: who still uses JWTs, on which routes, how that share moves, and which
/// routes are ready to go session-only.
public struct UsageReport: Sendable, Hashable, Codable {
    /// One route and method.
    public struct Route: Sendable, Hashable, Codable {
        public var route: String
        public var method: String
        public var requests: Int
        public var session: Int
        public var jwt: Int
        public var both: Int
        public var none: Int
        /// Requests answered `invalid` or `refused`.
        public var refused: Int
        /// Requests the dry run would have refused.
        public var wouldRefuse: Int
        /// Requests that presented a JWT (`jwt` or `both`) over all requests that presented a credential.
        public var jwtShare: Double
        /// JWT share per UTC day, oldest first, one entry per day of the window.
        public var trend: [Day]
        /// When a verified JWT was last seen on this route.
        public var lastJWT: Date?
        /// Whether the route can go session-only.
        public var readiness: Readiness
    }

    /// One day of a route's trend.
    public struct Day: Sendable, Hashable, Codable {
        public var day: Date
        public var requests: Int
        /// Requests that presented a credential (all but path `none`).
        public var credentialed: Int
        /// Requests that presented a JWT (`jwt` or `both`).
        public var jwt: Int
        /// ``jwt`` over ``credentialed``, as ``Route/jwtShare``; 0 on a day without credentials.
        public var jwtShare: Double
    }

    /// A JWT subject and its client, still seen; `routes` are where that client was seen (any subject).
    public struct Client: Sendable, Hashable, Codable {
        public var subject: String
        public var client: String
        public var requests: Int
        public var lastSeen: Date
        public var routes: [String]
    }

    /// A route's verdict.
    public struct Readiness: Sendable, Hashable, Codable {
        /// `ready`, `blocked`, `dry-run`, or `unmatched` for the requests no route matched.
        public var status: String
        /// The verdict in words, e.g. "ready — no JWT for 7 days" (never longer than the store has recorded).
        public var summary: String
        /// Clients that block the route, most active first.
        public var clients: [String]
        /// The flag entry to add for a ready route, e.g. `GET /users/:id`.
        public var flagEntry: String?
    }

    /// When the report was made.
    public var generatedAt: Date
    /// The start of the window.
    public var since: Date
    /// The start of what the window actually saw: ``since``, or when the store began recording if that is later.
    /// Verdicts such as "no JWT for 2 days" measure from here.
    public var observedSince: Date
    /// Requests in the window.
    public var totalRequests: Int
    /// Requests that presented a credential (all but path `none`).
    public var totalCredentialed: Int
    /// Requests that presented a JWT.
    public var totalJWT: Int
    /// ``totalJWT`` over ``totalCredentialed``: the JWT share of all routes together, defined as each route's.
    public var jwtShare: Double
    /// Events the aggregators dropped (not in the counts).
    public var dropped: Int
    /// Instances that reported.
    public var instances: [String]
    /// Routes, busiest JWT users first.
    public var routes: [Route]
    /// JWT subjects and clients, most active first.
    public var clients: [Client]

    /// The line to add to the environment to switch JWT off on every ready route.
    public var flagLine: String? {
        let entries = routes.compactMap(\.readiness.flagEntry)
        guard !entries.isEmpty else { return nil }
        return "AUTHBRIDGE_JWT_OFF_ROUTES=\"\(entries.joined(separator: ","))\""
    }

    /// Builds the report.
    /// - Parameters:
    ///   - summary: what the store holds for the window.
    ///   - since: the window's start.
    ///   - now: the report time.
    ///   - include: which routes to report (all by default).
    public init(summary: UsageSummary, since: Date, now: Date, include: (_ route: String, _ method: String) -> Bool = { _, _ in true }) {
        let calendarDay: (Date) -> Int = { Int(($0.timeIntervalSince1970 / 86400).rounded(.down)) }
        let firstDay = calendarDay(since)
        let lastDay = calendarDay(now)
        // What was observed: from the window's start, or from when recording began if later (a store that began
        // two days ago has not seen seven quiet days). A store that cannot tell is taken from its first day row.
        let recordingSince = summary.recordingSince ?? summary.daily.lazy.map(\.bucket).min() ?? since
        let observedSince = min(now, max(since, recordingSince))
        let quietSpell = ReportText.span(now.timeIntervalSince(observedSince))
        struct Counts {
            var requests = 0, session = 0, jwt = 0, both = 0, none = 0, refused = 0, wouldRefuse = 0
            /// `jwt` or `both` requests a JWT authenticated.
            var acceptedJWT = 0
            var days: [Int: (requests: Int, credentialed: Int, jwt: Int)] = [:]
        }
        var counts: [String: Counts] = [:]
        func key(_ route: String, _ method: String) -> String { method + " " + route }
        for row in summary.daily where include(row.route, row.method) {
            var entry = counts[key(row.route, row.method), default: Counts()]
            entry.requests += row.count
            switch row.path {
            case .session: entry.session += row.count
            case .jwt: entry.jwt += row.count
            case .both: entry.both += row.count
            case .none: entry.none += row.count
            }
            if row.outcome == .invalid || row.outcome == .refused { entry.refused += row.count }
            if !row.wouldRefuse.isEmpty { entry.wouldRefuse += row.count }
            let presentedJWT = row.path == .jwt || row.path == .both
            if presentedJWT && row.outcome == .authenticated { entry.acceptedJWT += row.count }
            let day = calendarDay(row.bucket)
            let previous = entry.days[day] ?? (0, 0, 0)
            entry.days[day] = (
                previous.requests + row.count, previous.credentialed + (row.path == .none ? 0 : row.count),
                previous.jwt + (presentedJWT ? row.count : 0)
            )
            counts[key(row.route, row.method)] = entry
        }
        let routeClients = summary.routeClients.filter { include($0.route, $0.method) }
        var lastJWT: [String: Date] = [:]
        var recentClients: [String: [String: Int]] = [:]
        var routesOfClient: [String: Set<String>] = [:]
        for sighting in routeClients {
            let routeKey = key(sighting.route, sighting.method)
            lastJWT[routeKey] = max(lastJWT[routeKey] ?? .distantPast, sighting.lastSeen)
            routesOfClient[sighting.client, default: []].insert(routeKey)
            if now.timeIntervalSince(sighting.lastSeen) <= 86400 {
                recentClients[routeKey, default: [:]][sighting.client, default: 0] += sighting.count
            }
        }
        func share(_ jwt: Int, _ of: Int) -> Double { of == 0 ? 0 : Double(jwt) / Double(of) }

        self.generatedAt = now
        self.since = since
        self.observedSince = observedSince
        self.dropped = summary.dropped
        self.instances = summary.instances.sorted()
        self.routes = counts.map { routeKey, entry in
            let method = String(routeKey.prefix { $0 != " " })
            let route = String(routeKey.dropFirst(method.count + 1))
            let trend = (firstDay...max(firstDay, lastDay)).map { day in
                let (requests, credentialed, jwt) = entry.days[day] ?? (0, 0, 0)
                return Day(
                    day: Date(timeIntervalSince1970: TimeInterval(day) * 86400), requests: requests, credentialed: credentialed, jwt: jwt,
                    jwtShare: share(jwt, credentialed))
            }
            let jwtUse = entry.jwt + entry.both
            let readiness: Readiness
            let blockers = (recentClients[routeKey] ?? [:]).sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map(\.key)
            if route == UsageEvent.unmatchedRoute {
                // Not a route: no flag entry can name it.
                readiness = Readiness(
                    status: "unmatched", summary: "requests no route matched — nothing to switch off", clients: [],
                    flagEntry: nil)
            } else if entry.wouldRefuse > 0 {
                readiness = Readiness(status: "dry-run", summary: "dry run would have refused \(entry.wouldRefuse)", clients: blockers, flagEntry: nil)
            } else if let last = lastJWT[routeKey] {
                if blockers.isEmpty {
                    let daysAgo = Int((now.timeIntervalSince(last) / 86400).rounded(.down))
                    readiness = Readiness(status: "blocked", summary: "blocked — last JWT \(daysAgo) day\(daysAgo == 1 ? "" : "s") ago", clients: [], flagEntry: nil)
                } else {
                    readiness = Readiness(
                        status: "blocked", summary: "blocked — \(blockers.count) client\(blockers.count == 1 ? "" : "s") in the last 24 h: \(blockers.prefix(5).joined(separator: ", "))",
                        clients: blockers, flagEntry: nil)
                }
            } else if entry.session + entry.jwt + entry.both == 0 {
                // Only anonymous traffic (login, signup, public pages): there is no JWT path to switch off.
                readiness = Readiness(status: "ready", summary: "no credentials seen — nothing to switch off", clients: [], flagEntry: nil)
            } else if entry.acceptedJWT > 0 {
                // Accepted JWTs whose sightings were not kept (an aggregator that was full): the counts still block.
                let count = entry.acceptedJWT
                readiness = Readiness(
                    status: "blocked", summary: "blocked — \(count) valid JWT request\(count == 1 ? "" : "s") in the window; clients not recorded",
                    clients: [], flagEntry: nil)
            } else {
                // Only accepted JWTs block a route: a client whose tokens already fail gains nothing from them.
                let qualifier = jwtUse > 0 ? "valid " : ""
                readiness = Readiness(
                    status: "ready", summary: "ready — no \(qualifier)JWT for \(quietSpell)", clients: [], flagEntry: "\(method) \(route)")
            }
            return Route(
                route: route, method: method, requests: entry.requests, session: entry.session, jwt: entry.jwt, both: entry.both,
                none: entry.none, refused: entry.refused, wouldRefuse: entry.wouldRefuse,
                jwtShare: share(jwtUse, entry.requests - entry.none), trend: trend, lastJWT: lastJWT[routeKey], readiness: readiness
            )
        }.sorted { ($0.jwt + $0.both, $1.route, $1.method) > ($1.jwt + $1.both, $0.route, $0.method) }
        self.totalRequests = routes.reduce(0) { $0 + $1.requests }
        self.totalCredentialed = routes.reduce(0) { $0 + $1.requests - $1.none }
        self.totalJWT = routes.reduce(0) { $0 + $1.jwt + $1.both }
        self.jwtShare = share(totalJWT, totalCredentialed)

        self.clients = summary.clients
            .filter { routesOfClient[$0.client] != nil }
            .map { Client(subject: $0.subject, client: $0.client, requests: $0.count, lastSeen: $0.lastSeen, routes: (routesOfClient[$0.client] ?? []).sorted()) }
            .sorted { ($0.requests, $1.subject, $1.client) > ($1.requests, $0.subject, $0.client) }
    }
}
