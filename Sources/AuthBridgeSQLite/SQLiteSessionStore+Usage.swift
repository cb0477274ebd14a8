public import AuthBridge
public import Foundation
internal import GRDB

/// Usage is kept in the same SQLite file as the sessions, so `authbridge report` reads it with no set-up.
extension SQLiteSessionStore: UsageStore {
    private static let sql = UsageSQL(dialect: .sqlite)

    public func write(_ batch: UsageBatch) async throws {
        let days = batch.dailyRollups
        let routeClients = batch.routeClientSightings
        let clients = batch.clientSightings
        do {
            try await pool.write { db in
                let minute = try db.cachedStatement(sql: Self.sql.upsertRollup(into: Self.sql.minuteTable))
                for rollup in batch.rollups { try minute.execute(arguments: Self.arguments(rollup, batch.instance)) }
                let day = try db.cachedStatement(sql: Self.sql.upsertRollup(into: Self.sql.dayTable))
                for rollup in days { try day.execute(arguments: Self.arguments(rollup, batch.instance)) }
                let routeClient = try db.cachedStatement(sql: Self.sql.upsertRouteClient)
                for seen in routeClients {
                    try routeClient.execute(arguments: [seen.route, seen.method, seen.client, UsageTime.microseconds(seen.lastSeen), seen.count])
                }
                let client = try db.cachedStatement(sql: Self.sql.upsertClient)
                for seen in clients {
                    try client.execute(arguments: [seen.subject, seen.client, UsageTime.microseconds(seen.lastSeen), seen.count])
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
                let (day, next) = (UsageTime.seconds(partialStart), UsageTime.seconds(firstFullDay))
                let partial =
                    partialStart == firstFullDay
                    ? []
                    : try Row.fetchAll(db, sql: Self.sql.selectPartialDay, arguments: [day, next, day, UsageTime.seconds(since), next, day])
                        .compactMap { Self.rollup($0, bucket: partialStart, offset: 0) }
                let routeClients = try Row.fetchAll(db, sql: Self.sql.selectRouteClients, arguments: [sinceMicros]).map { row in
                    RouteClientSighting(route: row[0], method: row[1], client: row[2], lastSeen: UsageTime.date(microseconds: row[3]), count: row[4])
                }
                let clients = try Row.fetchAll(db, sql: Self.sql.selectClients, arguments: [sinceMicros]).map { row in
                    ClientSighting(subject: row[0], client: row[1], lastSeen: UsageTime.date(microseconds: row[2]), count: row[3])
                }
                let dropped = try Int.fetchOne(db, sql: Self.sql.selectDropped, arguments: [sinceMicros]) ?? 0
                let instances = try String.fetchAll(db, sql: Self.sql.selectInstances, arguments: [sinceMicros])
                let firstBatch = try Int64?.fetchOne(db, sql: Self.sql.selectRecordingSince) ?? nil
                return UsageSummary(
                    daily: days + partial, routeClients: routeClients, clients: clients, dropped: dropped, instances: instances,
                    recordingSince: firstBatch.map { UsageTime.date(microseconds: $0) })
            }
        } catch {
            throw SessionStoreError(sqlite: error)
        }
    }

    public func pruneMinuteRollups(before cutoff: Date) async throws -> Int {
        let before = UsageTime.seconds(UsageTime.dayStart(cutoff))
        return try await deleteInBatches(
            sql: Self.sql.deleteMinutesBefore, arguments: [before], batchSize: UsageSQL.pruneBatchSize)
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
