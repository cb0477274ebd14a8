public import AuthBridge
public import Foundation
internal import GRDB

/// Usage is kept in the same SQLite file as the sessions, so `authbridge report` reads it with no set-up.
extension SQLiteSessionStore: UsageStore {
    private static let sql = UsageSQL(dialect: .sqlite)

    public func write(_ batch: UsageBatch) async throws {
        let days = batch.dailyRollups
        do {
            try await pool.write { db in
                let minute = try db.cachedStatement(sql: Self.sql.upsertRollup(into: Self.sql.minuteTable))
                for rollup in batch.rollups { try minute.execute(arguments: Self.arguments(rollup, batch.instance)) }
                let day = try db.cachedStatement(sql: Self.sql.upsertRollup(into: Self.sql.dayTable))
                for rollup in days { try day.execute(arguments: Self.arguments(rollup, batch.instance)) }
                let sighting = try db.cachedStatement(sql: Self.sql.upsertSighting)
                for seen in batch.sightings {
                    try sighting.execute(arguments: [
                        seen.route, seen.method, seen.subject, seen.client, UsageTime.microseconds(seen.lastSeen), seen.count,
                    ])
                }
                let taken = UsageTime.microseconds(batch.takenAt)
                try db.cachedStatement(sql: Self.sql.upsertInstance).execute(arguments: [batch.instance, taken, taken])
                if batch.dropped > 0 {
                    try db.cachedStatement(sql: Self.sql.insertDrop).execute(arguments: [batch.instance, taken, batch.dropped])
                }
            }
        } catch {
            throw SessionStoreError(sqlite: error)
        }
    }

    public func summary(since: Date) async throws -> UsageSummary {
        let firstFullDay = UsageTime.firstFullDay(from: since)
        let sinceMicros = UsageTime.microseconds(since)
        do {
            return try await pool.read { db in
                let days = try Row.fetchAll(db, sql: Self.sql.selectDays, arguments: [UsageTime.seconds(firstFullDay)]).compactMap { row in
                    Self.rollup(row, bucket: Date(timeIntervalSince1970: TimeInterval(row[0] as Int64)), offset: 1)
                }
                let partialStart = UsageTime.dayStart(since)
                let partial = try Row.fetchAll(
                    db, sql: Self.sql.selectPartialDay, arguments: [UsageTime.seconds(since), UsageTime.seconds(firstFullDay)]
                ).compactMap { Self.rollup($0, bucket: partialStart, offset: 0) }
                let sightings = try Row.fetchAll(db, sql: Self.sql.selectSightings, arguments: [sinceMicros]).map { row in
                    JWTSighting(
                        route: row[0], method: row[1], subject: row[2], client: row[3],
                        lastSeen: Date(timeIntervalSince1970: TimeInterval(row[4] as Int64) / 1_000_000), count: row[5])
                }
                let dropped = try Int.fetchOne(db, sql: Self.sql.selectDropped, arguments: [sinceMicros]) ?? 0
                let instances = try String.fetchAll(db, sql: Self.sql.selectInstances, arguments: [sinceMicros])
                return UsageSummary(daily: days + partial, sightings: sightings, dropped: dropped, instances: instances)
            }
        } catch {
            throw SessionStoreError(sqlite: error)
        }
    }

    private static func arguments(_ rollup: UsageRollup, _ instance: String) -> StatementArguments {
        [
            UsageTime.seconds(rollup.bucket), instance, rollup.route, rollup.method, rollup.path.rawValue, rollup.outcome.rawValue,
            rollup.reason, rollup.wouldRefuse, rollup.count,
        ]
    }

    /// A rollup from a row of (route, method, path, outcome, reason, would_refuse, count) starting at `offset`.
    private static func rollup(_ row: Row, bucket: Date, offset: Int) -> UsageRollup? {
        guard let path = CredentialPath(rawValue: row[offset + 2]), let outcome = UsageEvent.Outcome(rawValue: row[offset + 3]) else {
            return nil
        }
        return UsageRollup(
            bucket: bucket, route: row[offset], method: row[offset + 1], path: path, outcome: outcome,
            reason: row[offset + 4], wouldRefuse: row[offset + 5], count: row[offset + 6])
    }
}
