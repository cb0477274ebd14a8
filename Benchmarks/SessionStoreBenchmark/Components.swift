import AuthBridge
import Foundation
import GRDB

/// What a SQLite store read is made of, measured apart on the same file: the bare primary-key lookup on one
/// connection (no decoding), the same through a `DatabasePool` reader, an empty pool access, and the decoding of
/// one session's JSON.
enum Components {
    static func measure(path: String, keys: [SessionKey], count: Int) throws {
        let sql = "SELECT data FROM authbridge_sessions WHERE key = ?"
        var generator = SystemRandomNumberGenerator()
        let queue = try DatabaseQueue(path: path)
        let bare = try queue.inDatabase { db in
            let statement = try db.cachedStatement(sql: sql)
            return try time(count) {
                let found = try String.fetchOne(statement, arguments: [Data(keys.randomElement(using: &generator)!.bytes)])
                precondition(found != nil)
            }
        }
        report("bare SQLite lookup by key, one connection, no decoding", bare)
        let pool = try DatabasePool(path: path)
        let pooled = try time(count) {
            let key = Data(keys.randomElement(using: &generator)!.bytes)
            _ = try pool.unsafeRead { db in try String.fetchOne(db.cachedStatement(sql: sql), arguments: [key]) }
        }
        report("the same through a DatabasePool reader", pooled)
        report("an empty DatabasePool reader access", try time(count) { _ = try pool.unsafeRead { _ in 1 } })
        let json = try Workload.record(index: 1, now: Date()).data.jsonText()
        report("SessionData(jsonText:) of \(json.utf8.count) bytes", try time(count) { _ = try SessionData(jsonText: json) })
        report("JSONDecoder on the same bytes, for comparison", try time(count) {
            _ = try JSONDecoder().decode(SessionData.self, from: Data(json.utf8))
        })
    }

    private static func report(_ what: String, _ figures: (median: Double, p99: Double)) {
        print(String(format: "    %@: median %.1f µs, p99 %.1f µs", what, figures.median, figures.p99))
    }

    private static func time(_ count: Int, _ body: () throws -> Void) rethrows -> (median: Double, p99: Double) {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let started = clock.now
            try body()
            samples.append(clock.now - started)
        }
        samples.sort()
        return (
            Workload.microseconds(samples[count / 2]), Workload.microseconds(samples[min(count - 1, count * 99 / 100)])
        )
    }
}
