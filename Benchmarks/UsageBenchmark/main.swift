import AuthBridge
import AuthBridgeSQLite
import Foundation

// Usage benchmarks, run on purpose in release mode:
//   swift run -c release --scratch-path .build-release UsageBenchmark record [tasks] [events-per-task]
//   swift run -c release --scratch-path .build-release UsageBenchmark generate PATH [requests] [days] [routes]
//   swift run -c release --scratch-path .build-release UsageBenchmark report PATH [days]
let arguments = Array(CommandLine.arguments.dropFirst())
func argument(_ index: Int, _ fallback: Int) -> Int { arguments.count > index ? Int(arguments[index]) ?? fallback : fallback }

switch arguments.first {
case "record", nil:
    await RecordBenchmark.run(tasks: argument(1, 64), eventsPerTask: argument(2, 20_000))
case "generate" where arguments.count > 1:
    let store = try SQLiteSessionStore(path: arguments[1])
    try await Generator.run(store: store, requests: argument(2, 10_000_000), days: argument(3, 30), routes: argument(4, 200))
case "report" where arguments.count > 1:
    let store = try SQLiteSessionStore(path: arguments[1])
    let now = Date()
    let since = now.addingTimeInterval(-Double(argument(2, 30)) * 86400)
    for round in 1...3 {
        let start = ContinuousClock.now
        let summary = try await store.summary(since: since)
        let report = UsageReport(summary: summary, since: since, now: now)
        let html = report.rendered(as: .html)
        let elapsed = ContinuousClock.now - start
        print("round \(round): \(report.totalRequests) requests, \(report.routes.count) routes, \(summary.daily.count) day rows, html \(html.utf8.count) bytes: \(elapsed)")
    }
default:
    FileHandle.standardError.write(Data("usage: UsageBenchmark record [tasks] [events] | generate PATH [requests] [days] [routes] | report PATH [days]\n".utf8))
    exit(2)
}
