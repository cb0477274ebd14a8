import AuthBridge
import Foundation

/// Measures what recording one usage event adds to the request path, with many concurrent tasks.
enum RecordBenchmark {
    static func run(tasks: Int, eventsPerTask: Int) async {
        let routes = (0..<200).map { "/api/resource\($0)/:id" }
        let paths: [CredentialPath] = [.session, .jwt, .both, .none]
        let start = Date()
        func events(_ task: Int) -> [UsageEvent] {
            (0..<eventsPerTask).map { index in
                let path = paths[(task + index) % 4]
                return UsageEvent(
                    time: start.addingTimeInterval(Double(index) / 1000), route: routes[(task * 7 + index) % routes.count], method: index % 5 == 0 ? "POST" : "GET",
                    path: path, outcome: .authenticated, subject: path == .jwt ? "user\(index % 500)" : nil, client: path == .jwt ? "ios" : nil
                )
            }
        }
        let prepared = (0..<tasks).map(events)
        print("usage recording: \(tasks) concurrent tasks × \(eventsPerTask) events, 200 routes")
        var rows: [(String, [Double], Double)] = []
        for round in 0..<3 {
            for (name, recorder) in [("discarding (baseline)", DiscardingUsageRecorder() as any UsageRecorder), ("UsageAggregator", UsageAggregator(instance: "bench") as any UsageRecorder)] {
                let (samples, total) = await measure(recorder, prepared)
                if round == 2 { rows.append((name, samples, total)) }
            }
        }
        for (name, samples, total) in rows {
            let sorted = samples.sorted()
            let median = sorted[sorted.count / 2], p99 = sorted[Int(Double(sorted.count) * 0.99)]
            print("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) median \(format(median)) ns/call  p99 \(format(p99)) ns  throughput \(format(Double(tasks * eventsPerTask) / total / 1e6)) M events/s")
        }
        if rows.count == 2 {
            let baseline = rows[0].1.sorted()[rows[0].1.count / 2], aggregator = rows[1].1.sorted()[rows[1].1.count / 2]
            print("  added to the request path (median): \(format(aggregator - baseline)) ns  (goal ≤ 1000 ns)")
        }
    }

    /// Times every call with the monotonic clock; returns per-call nanoseconds and total seconds.
    static func measure(_ recorder: any UsageRecorder, _ prepared: [[UsageEvent]]) async -> ([Double], Double) {
        let clock = ContinuousClock()
        let begin = clock.now
        let samples = await withTaskGroup(of: [Double].self) { group in
            for events in prepared {
                group.addTask {
                    var local = [Double]()
                    local.reserveCapacity(events.count)
                    for event in events {
                        let t0 = clock.now
                        recorder.record(event)
                        let elapsed = clock.now - t0
                        local.append(Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9)
                    }
                    return local
                }
            }
            var all = [Double]()
            for await part in group { all += part }
            return all
        }
        let total = clock.now - begin
        return (samples, Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18)
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
