import AuthBridge
import Foundation

/// Seeds a store and times reads, creates and touches against it.
struct Workload {
    let store: any SessionStore
    let label: String
    private let clock = ContinuousClock()

    static func record(index: Int, now: Date) -> SessionRecord {
        let user = SessionUser(
            id: "user-\(index % 100_000)", email: "user\(index % 100_000)@example.com", name: "User \(index)", roles: ["member"]
        )
        return SessionRecord(
            key: SessionToken.generate().key,
            data: SessionData(user: user, fields: ["locale": .string("en-GB"), "cart": .number(3)]),
            createdAt: now, lastSeenAt: now, idleExpiresAt: now.addingTimeInterval(12 * 3600),
            absoluteExpiresAt: now.addingTimeInterval(7 * 86400)
        )
    }

    /// Inserts `rows` sessions in batches (one transaction each); returns their keys.
    func seed(rows: Int, batch: Int, insert: ([SessionRecord]) async throws -> Void) async throws -> [SessionKey] {
        print("\n\(label)")
        var keys: [SessionKey] = []
        keys.reserveCapacity(rows)
        let now = Date()
        let started = clock.now
        for start in stride(from: 0, to: rows, by: batch) {
            let records = (start..<min(start + batch, rows)).map { Self.record(index: $0, now: now) }
            try await insert(records)
            keys += records.map(\.key)
        }
        let seconds = Self.seconds(clock.now - started)
        print("  seeded \(rows) sessions in \(String(format: "%.1f", seconds)) s (\(Int(Double(rows) / seconds)) rows/s in batches of \(batch))")
        return keys
    }

    func measure(keys: [SessionKey], reads: Int, creates: Int, touches: Int) async throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<min(1_000, reads) { _ = try await store.read(keys.randomElement(using: &generator)!) }
        var latencies: [Duration] = []
        latencies.reserveCapacity(reads)
        for _ in 0..<reads {
            let key = keys.randomElement(using: &generator)!
            let started = clock.now
            let found = try await store.read(key)
            latencies.append(clock.now - started)
            precondition(found != nil, "a seeded session is missing")
        }
        latencies.sort()
        let median = Self.microseconds(latencies[latencies.count / 2])
        let p99 = Self.microseconds(latencies[min(latencies.count - 1, latencies.count * 99 / 100)])
        let readTotal = Self.seconds(latencies.reduce(.zero, +))
        print(String(format: "  read by id (%d rows): median %.1f µs, p99 %.1f µs, %.0f reads/s over %d reads", keys.count, median, p99, Double(reads) / readTotal, reads))

        let now = Date()
        let fresh = (0..<creates).map { Self.record(index: $0, now: now) }
        let createStarted = clock.now
        for record in fresh { try await store.create(record) }
        let createRate = Double(creates) / Self.seconds(clock.now - createStarted)
        print(String(format: "  creates: %.0f/s over %d (one transaction each)", createRate, creates))

        let touchStarted = clock.now
        for index in 0..<touches {
            let key = keys.randomElement(using: &generator)!
            let seen = now.addingTimeInterval(Double(index) / 1000)
            _ = try await store.touch(key, lastSeenAt: seen, idleExpiresAt: seen.addingTimeInterval(12 * 3600))
        }
        let touchRate = Double(touches) / Self.seconds(clock.now - touchStarted)
        print(String(format: "  touches: %.0f/s over %d (one transaction each)", touchRate, touches))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func microseconds(_ duration: Duration) -> Double { seconds(duration) * 1e6 }
}
