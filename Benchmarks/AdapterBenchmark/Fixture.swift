import AuthBridge
import AuthBridgeTesting
import Foundation

/// The credential a benchmark row sends.
enum BenchCase {
    case bare, session, hs256, es256
}

/// Authenticators and credentials shared by both adapters: a cached session on a memory store, and tokens the
/// verified-token cache holds after their first request.
struct BenchFixture {
    let hs: Authenticator<SessionUserResolver>
    let es: Authenticator<SessionUserResolver>
    let cookie: String
    let hsToken: String
    let esToken: String

    init() async throws {
        let keys = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fixtures/keys")
        func fixture(_ name: String) throws -> String {
            try String(contentsOf: keys.appendingPathComponent(name), encoding: .utf8)
        }
        let store = CachedSessionStore(wrapping: MemorySessionStore())
        func authenticator(_ key: JWTKeySet.Source) async throws -> Authenticator<SessionUserResolver> {
            var configuration = AuthBridgeConfiguration(jwt: JWTSettings(keys: try await JWTKeySet.load([key])))
            configuration.sessions.secure = false
            return Authenticator(
                configuration: configuration, store: store, resolver: SessionUserResolver(),
                recorder: UsageAggregator(instance: "bench"))
        }
        hs = try await authenticator(.hmac(secret: Array(try fixture("hs256.secret").utf8), algorithm: "HS256", kid: "hs"))
        es = try await authenticator(.pem(try fixture("p256-private.pem"), algorithm: "ES256", kid: "es"))
        let login = try await hs.login(SessionUser(id: "bench-user"), request: AuthRequest(method: "POST", route: "/login"))
        cookie = "\(hs.configuration.sessions.effectiveCookieName)=\(login.sessionToken.value)"
        hsToken = login.jwt!
        esToken = try await es.issueToken(for: SessionUser(id: "bench-user"))!
    }

    func authenticator(for benchCase: BenchCase) -> Authenticator<SessionUserResolver> {
        benchCase == .es256 ? es : hs
    }

    /// The request header carrying the case's credential.
    func header(for benchCase: BenchCase) -> (name: String, value: String)? {
        switch benchCase {
        case .bare: nil
        case .session: ("Cookie", cookie)
        case .hs256: ("Authorization", "Bearer " + hsToken)
        case .es256: ("Authorization", "Bearer " + esToken)
        }
    }
}

/// One adapter's rows.
protocol AdapterBench {
    /// Best of three, in nanoseconds per request.
    func measure(_ benchCase: BenchCase, iterations: Int) async throws -> Double
    func shutdown() async throws
}

/// Best of three runs of `body`, in nanoseconds per iteration.
@concurrent
func bestOfThree(iterations: Int, _ body: @concurrent () async throws -> Void) async rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try await body() }
        best = min(best, nanoseconds(since: start, iterations: iterations))
    }
    return best
}

/// The same, for code that must stay on its thread.
func bestOfThree(iterations: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        best = min(best, nanoseconds(since: start, iterations: iterations))
    }
    return best
}

private func nanoseconds(since start: ContinuousClock.Instant, iterations: Int) -> Double {
    let elapsed = ContinuousClock.now - start
    return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(iterations)
}
