import AuthBridge
import Foundation

// What each adapter adds to one request in process, side by side (run on purpose):
//   swift run -c release --scratch-path .build-release AdapterBenchmark [iterations [hummingbird|vapor [case]]]
// A case (session, hs256 or es256) runs that row alone, for a profiler: it prints the ns per request, not the
// difference.
// Each row calls the adapter's middleware the way its framework does (Hummingbird `handle`, Vapor `respond`) with
// a route that answers the user's id, against the same route called without the middleware. No sockets, so the
// difference is AuthBridge's whole share of a request (reading it, deciding, the context, the response headers)
// without the run-to-run noise of a benchmark over HTTP.
let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000
let fixture = try await BenchFixture()

print("Adapter middleware in process, \(iterations) iterations, best of 3, one core; ns per request")
print("  framework     route alone  +session (cached)  +HS256 (cached)  +ES256 (cached)")
let benches: [(String, any AdapterBench)] = [
    ("hummingbird", HummingbirdAdapterBench(fixture)), ("vapor", try await VaporAdapterBench(fixture)),
]
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
let onlyCase: BenchCase? =
    switch CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : nil {
    case nil: nil
    case "session": .session
    case "hs256": .hs256
    case "es256": .es256
    case let other?: fatalError("unknown case \(other): session, hs256 or es256")
    }
for (name, bench) in benches where only == nil || only == name {
    if let onlyCase {
        print("  \(name) \(onlyCase) alone: \(String(format: "%.0f", try await bench.measure(onlyCase, iterations: iterations))) ns")
        try await bench.shutdown()
        continue
    }
    let bare = try await bench.measure(.bare, iterations: iterations)
    let session = try await bench.measure(.session, iterations: iterations)
    let hs256 = try await bench.measure(.hs256, iterations: iterations)
    let es256 = try await bench.measure(.es256, iterations: iterations)
    func added(_ value: Double) -> String { String(format: "%+9.0f", value - bare) }
    print("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", bare))  \(added(session))          \(added(hs256))        \(added(es256))")
    try await bench.shutdown()
}
