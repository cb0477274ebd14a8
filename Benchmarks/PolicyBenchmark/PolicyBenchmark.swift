import AuthBridge
import Foundation

/// Measures `JWTPolicy.verdict` per request with 100 route rules. Run on purpose, in release:
///
///     swift run -c release --scratch-path .build-release PolicyBenchmark [iterations]
@main
struct PolicyBenchmark {
    static func main() throws {
        let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2_000_000
        let policy = try makePolicy()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        print(
            "JWTPolicy.verdict, \(policy.offRoutes.count + policy.onRoutes.count) route rules, 3 brownouts, \(iterations) iterations, best of 5"
        )
        let cases: [(String, String, String)] = [
            ("hit, template (off route)", "GET", "/api/v2/group77/:id/items"),
            ("hit, concrete path (off route)", "GET", "/api/v2/group77/123456/items"),
            ("hit, ** (off route)", "PUT", "/admin/section42/users/7/roles"),
            ("hit, on-route exception", "POST", "/api/v1/resource5"),
            ("hit, off method", "DELETE", "/public/things/1"),
            ("miss, first segment", "GET", "/healthz/live/now"),
            ("miss, deep", "GET", "/api/v2/group77/123456/other"),
        ]
        var checksum = 0
        for (name, method, route) in cases {
            let (nanoseconds, refused) = measure(iterations) { policy.verdict(method: method, route: route, now: now) }
            checksum &+= refused
            let verdict = policy.verdict(method: method, route: route, now: now)
            let shown = if case .refuse(let reason) = verdict { reason.code } else { "accept" }
            print(
                "\(name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", nanoseconds)) ns/op  \(shown)"
            )
        }
        let (headers, count) = measure(iterations) {
            policy.deprecationHeaders(now: now).isEmpty ? .accept : .refuse(.jwtDisabled)
        }
        print(
            "\("deprecationHeaders".padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", headers)) ns/op"
        )
        print("(checksum \(checksum &+ count))")
    }

    /// Best time per call over five rounds, and how many calls refused (so the work cannot be optimized away).
    static func measure(_ iterations: Int, _ body: () -> JWTPolicy.Verdict) -> (Double, Int) {
        let clock = ContinuousClock()
        var best = Double.infinity
        var refused = 0
        for _ in 0..<5 {
            let start = clock.now
            for _ in 0..<iterations {
                if case .refuse = body() { refused &+= 1 }
            }
            let elapsed = start.duration(to: clock.now)
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            best = min(best, nanoseconds / Double(iterations))
        }
        return (best, refused)
    }

    /// 90 off-routes and 10 on-routes of every pattern kind, 3 brownouts (none in progress), 1 off method.
    static func makePolicy() throws -> JWTPolicy {
        var off: [RoutePattern] = []
        for index in 0..<30 {
            off.append(try RoutePattern("POST /api/v1/resource\(index)"))
            off.append(try RoutePattern("/api/v2/group\(index + 60)/:id/items"))
            off.append(try RoutePattern("/admin/section\(index + 30)/**"))
        }
        let on = try (0..<10).map { try RoutePattern("POST /api/v1/resource\($0)") }
        let brownouts = try ["2026-12-01T07:00:00Z/PT3H", "2027-01-10T07:00:00Z/PT6H", "2027-02-01T00:00:00Z/P1D"].map {
            try Brownout(iso8601: $0)
        }
        return JWTPolicy(
            mode: .deprecate, offMethods: ["DELETE"], offRoutes: off, onRoutes: on,
            deprecation: Date(timeIntervalSince1970: 1_780_000_000), sunset: Date(timeIntervalSince1970: 1_830_000_000),
            deprecationLink: "https://example.com/migrate", brownouts: brownouts
        )
    }
}
