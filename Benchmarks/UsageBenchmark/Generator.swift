import AuthBridge
import Foundation

/// Generates realistic usage into a store through the real pipeline (events → aggregator → batches):
/// `requests` requests spread over `days` days and `routes` routes, JWT share falling from 60% to 5%.
enum Generator {
    static func run(store: any UsageStore, requests: Int, days: Int, routes routeCount: Int, now: Date = Date()) async throws {
        let minutes = days * 1440
        let start = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 / 60).rounded(.down) - Double(minutes)) * 60)
        let routes = (0..<routeCount).map { index -> (String, String) in
            (index % 4 == 0 ? "POST" : "GET", "/api/v1/resource\(index)/:id")
        }
        let clients = ["ios-app", "android-app", "nightly-script", "partner-sync", "legacy-web"]
        var generator = SplitMix(seed: 42)
        let aggregator = UsageAggregator(instance: "generator", capacity: 5_000_000)
        let perMinute = Double(requests) / Double(minutes)
        var emitted = 0
        var carry = 0.0
        let began = Date()
        for minute in 0..<minutes {
            carry += perMinute
            let count = minute == minutes - 1 ? requests - emitted : Int(carry)
            carry -= Double(count)
            let progress = Double(minute) / Double(minutes)
            let jwtShare = 0.60 - 0.55 * progress
            let time = start.addingTimeInterval(Double(minute) * 60)
            for _ in 0..<count {
                // Zipf-like popularity: low route numbers get most traffic.
                let routeIndex = min(routeCount - 1, Int(Double(routeCount) * pow(generator.unit(), 2.5)))
                let (method, route) = routes[routeIndex]
                // Each route stops seeing JWTs at its own point in time, so some routes are ready.
                let routeCutoff = Double(routeIndex % 10) / 10.0
                let usesJWT = progress < routeCutoff + 0.3 && generator.unit() < jwtShare
                let path: CredentialPath = usesJWT ? (generator.unit() < 0.1 ? .both : .jwt) : (generator.unit() < 0.05 ? .none : .session)
                let refused = generator.unit() < 0.01
                let client = usesJWT ? clients[Int(generator.next() % UInt64(clients.count))] : nil
                aggregator.record(UsageEvent(
                    time: time, route: route, method: method, path: path,
                    outcome: refused ? .invalid : (path == .none ? .anonymous : .authenticated),
                    reason: refused ? (usesJWT ? "token_expired" : "session_expired") : nil,
                    subject: usesJWT ? "user\(generator.next() % 5000)" : nil, client: client
                ))
            }
            emitted += count
            if minute % 60 == 59 || minute == minutes - 1 {
                try await store.write(aggregator.drain(now: time))
            }
        }
        let seconds = Date().timeIntervalSince(began)
        print("generated \(emitted) requests over \(days) days and \(routeCount) routes in \(String(format: "%.1f", seconds)) s")
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
