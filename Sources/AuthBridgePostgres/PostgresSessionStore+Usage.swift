public import AuthBridge
public import Foundation
import Logging
import PostgresNIO

/// Usage is kept in the same PostgreSQL schema as the sessions, so one report covers every instance.
extension PostgresSessionStore: UsageStore {
    public func write(_ batch: UsageBatch) async throws {
        let sql = schema.usage
        var queries: [PostgresQuery] = []
        for rollup in batch.rollups { queries.append(try Self.rollupQuery(sql.upsertRollup(into: sql.minuteTable), rollup, batch.instance)) }
        for rollup in batch.dailyRollups { queries.append(try Self.rollupQuery(sql.upsertRollup(into: sql.dayTable), rollup, batch.instance)) }
        for seen in batch.routeClientSightings {
            queries.append(try Self.query(sql.upsertRouteClient, seen.route, seen.method, seen.client, UsageTime.microseconds(seen.lastSeen), Int64(seen.count)))
        }
        for seen in batch.clientSightings {
            queries.append(try Self.query(sql.upsertClient, seen.subject, seen.client, UsageTime.microseconds(seen.lastSeen), Int64(seen.count)))
        }
        let taken = UsageTime.microseconds(batch.takenAt)
        queries.append(try Self.query(sql.upsertInstance, batch.instance, taken, taken))
        if batch.dropped > 0 { queries.append(try Self.query(sql.insertDrop, batch.instance, taken, Int64(batch.dropped))) }
        try await call { [queries] client in
            try await client.withTransaction(logger: Self.quiet) { connection in
                for query in queries { try await connection.query(query, logger: Self.quiet) }
            }
        }
    }

    public func summary(since: Date) async throws -> UsageSummary {
        let sql = schema.usage
        let firstFullDay = UsageTime.firstFullDay(from: since)
        let partialStart = UsageTime.dayStart(since)
        let micros = UsageTime.microseconds(since)
        let daysQuery = try Self.query(sql.selectDays, UsageTime.seconds(firstFullDay))
        let (day, next) = (UsageTime.seconds(partialStart), UsageTime.seconds(firstFullDay))
        let partialQuery = try Self.query(sql.selectPartialDay, day, next, day, UsageTime.seconds(since), next, day)
        let routeClientsQuery = try Self.query(sql.selectRouteClients, micros)
        let clientsQuery = try Self.query(sql.selectClients, micros)
        let droppedQuery = try Self.query(sql.selectDropped, micros)
        let instancesQuery = try Self.query(sql.selectInstances, micros)
        return try await call { client in
            var daily: [UsageRollup] = []
            let days = try await client.query(daysQuery, logger: Self.quiet)
            for try await (bucket, route, method, path, outcome, reason, would, count) in days.decode((Int64, String, String, String, String, String, String, Int64).self) {
                if let row = Self.rollup(Date(timeIntervalSince1970: TimeInterval(bucket)), route, method, path, outcome, reason, would, count) { daily.append(row) }
            }
            if partialStart < firstFullDay {
                let partial = try await client.query(partialQuery, logger: Self.quiet)
                for try await (route, method, path, outcome, reason, would, count) in partial.decode((String, String, String, String, String, String, Int64).self) {
                    if let row = Self.rollup(partialStart, route, method, path, outcome, reason, would, count) { daily.append(row) }
                }
            }
            var routeClients: [RouteClientSighting] = []
            for try await (route, method, client, lastSeen, count) in try await client.query(routeClientsQuery, logger: Self.quiet).decode(
                (String, String, String, Int64, Int64).self)
            {
                routeClients.append(RouteClientSighting(route: route, method: method, client: client, lastSeen: Self.date(micros: lastSeen), count: Int(count)))
            }
            var clients: [ClientSighting] = []
            for try await (subject, name, lastSeen, count) in try await client.query(clientsQuery, logger: Self.quiet).decode((String, String, Int64, Int64).self) {
                clients.append(ClientSighting(subject: subject, client: name, lastSeen: Self.date(micros: lastSeen), count: Int(count)))
            }
            var dropped = 0
            for try await value in try await client.query(droppedQuery, logger: Self.quiet).decode(Int64.self) { dropped = Int(value) }
            var instances: [String] = []
            for try await name in try await client.query(instancesQuery, logger: Self.quiet).decode(String.self) { instances.append(name) }
            return UsageSummary(daily: daily, routeClients: routeClients, clients: clients, dropped: dropped, instances: instances)
        }
    }

    /// Deletes in batches of ``UsageSQL/pruneBatchSize`` (each within the call deadline); instances pruning at
    /// once skip each other's rows.
    public func pruneMinuteRollups(before cutoff: Date) async throws -> Int {
        let delete = try Self.query(schema.usage.deleteMinutesBefore, UsageTime.seconds(UsageTime.dayStart(cutoff)))
        return try await deleteInBatches(delete, batchSize: UsageSQL.pruneBatchSize)
    }

    private static func date(micros: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(micros) / 1_000_000) }

    private static func rollupQuery(_ sql: String, _ rollup: UsageRollup, _ instance: String) throws -> PostgresQuery {
        try query(
            sql, UsageTime.seconds(rollup.bucket), instance, rollup.route, rollup.method, rollup.path.rawValue, rollup.outcome.rawValue,
            rollup.reason, rollup.wouldRefuse, Int64(rollup.count))
    }

    private static func query(_ sql: String, _ values: any PostgresThrowingDynamicTypeEncodable...) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { try binds.append(value) }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    private static func rollup(
        _ bucket: Date, _ route: String, _ method: String, _ path: String, _ outcome: String, _ reason: String, _ would: String, _ count: Int64
    ) -> UsageRollup? {
        guard let path = CredentialPath(rawValue: path), let outcome = UsageEvent.Outcome(rawValue: outcome) else { return nil }
        return UsageRollup(bucket: bucket, route: route, method: method, path: path, outcome: outcome, reason: reason, wouldRefuse: would, count: Int(count))
    }
}
