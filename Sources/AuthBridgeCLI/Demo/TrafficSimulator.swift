import AuthBridge
import Foundation
import NIOHTTP1

/// Drives the simulated clients against the demo server, one request at a time (so every run sends the same
/// traffic), and counts what they sent and got back.
struct TrafficSimulator {
    /// The dashboard requests each client sends per phase.
    static let requestsPerPhase: [HTTPMethod] = [.GET, .GET, .POST]

    var clients: [SimulatedClient]
    let cookieName: String
    /// What the clients counted in the current phase.
    private(set) var counts = TrafficCounts()
    /// Clients whose last request in the current phase was refused.
    private(set) var refusedClients: [String] = []
    /// The deprecation headers of the first response that had them, as `Name: value` lines.
    private(set) var deprecationHeaders: [String] = []

    init(clients: [SimulatedClient] = SimulatedClient.roster, cookieName: String) {
        self.clients = clients
        self.cookieName = cookieName
    }

    /// Starts counting a new phase.
    mutating func startPhase() {
        counts = TrafficCounts()
        refusedClients = []
        deprecationHeaders = []
    }

    /// Phase 1's set-up: every client signs up, then keeps what its kind keeps. The script gets the token
    /// `longLivedToken` makes for its user id.
    mutating func signUp(_ http: DemoHTTP, longLivedToken: (String) async throws -> String?) async throws {
        for index in clients.indices {
            var client = clients[index]
            let response = try await http.send(
                .POST, "/api/signup", headers: headers(for: client, .POST, credentials: false, origin: http.origin),
                json: ["email": client.email, "password": client.password])
            counts.requests[.none, default: 0] += 1
            guard response.status == 201, let userID = response.userID else {
                throw DemoFailure("sign-up of \(client.name) answered \(response.status)")
            }
            client.userID = userID
            let cookie = response.sessionCookie(named: cookieName) ?? nil
            switch client.kind {
            case .legacyApp, .oldTab: client.token = response.token
            case .browser: client.cookie = cookie
            case .browserWithJWT: (client.cookie, client.token) = (cookie, response.token)
            case .script: client.token = try await longLivedToken(userID)
            }
            clients[index] = client
        }
    }

    /// Every client sends its dashboard requests; on a 401 a client that can logs in again (once per phase) and
    /// retries the request.
    mutating func runPhase(_ http: DemoHTTP) async throws {
        for index in clients.indices {
            var client = clients[index]
            var loggedInAgain = false
            var refused = false
            for method in Self.requestsPerPhase {
                var status = try await dashboard(http, &client, method)
                if status == 401, client.canLogIn, !loggedInAgain {
                    loggedInAgain = true
                    try await logIn(http, &client)
                    status = try await dashboard(http, &client, method)
                }
                refused = status != 200
            }
            if refused { refusedClients.append(client.name) }
            clients[index] = client
        }
    }

    private mutating func dashboard(_ http: DemoHTTP, _ client: inout SimulatedClient, _ method: HTTPMethod)
        async throws -> Int
    {
        let sent = CredentialPath(session: sendsCookie(client), jwt: sendsToken(client))
        let response = try await http.send(
            method, "/api/dashboard", headers: headers(for: client, method, credentials: true, origin: http.origin))
        keepCookie(response, for: &client)
        if response.status == 200 {
            let path = CredentialPath(rawValue: response.path ?? "") ?? .none
            counts.requests[path, default: 0] += 1
            counts.authenticated[path, default: 0] += 1
            if path == .jwt, response.sessionCookie(named: cookieName) != nil { counts.upgrades += 1 }
        } else {
            counts.requests[sent, default: 0] += 1
            counts.refused[sent, default: 0] += 1
            counts.refusals[response.errorCode ?? "status_\(response.status)", default: 0] += 1
        }
        let deprecation = ["Deprecation", "Sunset", "Link"].flatMap { name in
            response.headers[name].map { "\(name): \($0)" }
        }
        if !deprecation.isEmpty {
            counts.deprecated += 1
            if deprecationHeaders.isEmpty { deprecationHeaders = deprecation }
        }
        return response.status
    }

    private mutating func logIn(_ http: DemoHTTP, _ client: inout SimulatedClient) async throws {
        let response = try await http.send(
            .POST, "/api/login", headers: headers(for: client, .POST, credentials: false, origin: http.origin),
            json: ["email": client.email, "password": client.password])
        counts.requests[.none, default: 0] += 1
        guard response.status == 200 else { throw DemoFailure("login of \(client.name) answered \(response.status)") }
        counts.relogins += 1
        if let token = response.token { client.token = token }
        keepCookie(response, for: &client)
    }

    private func keepCookie(_ response: DemoHTTPResponse, for client: inout SimulatedClient) {
        guard client.keepsCookies, let cookie = response.sessionCookie(named: cookieName) else { return }
        client.cookie = cookie
    }

    private func sendsCookie(_ client: SimulatedClient) -> Bool { client.keepsCookies && client.cookie != nil }
    private func sendsToken(_ client: SimulatedClient) -> Bool { client.sendsToken && client.token != nil }

    /// What the client sends: its User-Agent, its credentials, and on a browser's POST `Origin` and
    /// `Sec-Fetch-Site` as a same-origin page would.
    private func headers(for client: SimulatedClient, _ method: HTTPMethod, credentials: Bool, origin: String)
        -> [(String, String)]
    {
        var headers = [("User-Agent", client.userAgent)]
        if credentials, sendsToken(client), let token = client.token {
            headers.append(("Authorization", "Bearer \(token)"))
        }
        if credentials, sendsCookie(client), let cookie = client.cookie { headers.append(("Cookie", cookie)) }
        if client.isBrowser, method == .POST {
            headers += [("Origin", origin), ("Sec-Fetch-Site", "same-origin")]
        }
        return headers
    }
}

/// The demo could not go on: a step the scenario relies on answered unexpectedly.
struct DemoFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
