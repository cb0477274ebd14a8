public import AuthBridge
public import Foundation
import Logging
import PostgresNIO

/// Usage is kept in the same PostgreSQL schema as the sessions, so one report covers every instance.
extension PostgresSessionStore: UsageStore {
    /// How long one statement of a usage write may run, and the transaction stay idle between two, at least
    /// (the call timeout when that is longer): usage writes are off the request path, so a large batch on a busy
    /// server is given time rather than failed.
    static let usageStatementLimit: Duration = .seconds(10)

    /// Writes a batch in one transaction of at most ten statements (a bulk upsert per table).
    ///
    /// The write is not bounded by ``callTimeout``: a deadline the server does not share could pass while the
    /// transaction still commits, and the flusher would then write the batch again. Each statement is bounded on
    /// the server by `statement_timeout` and each pause between statements by
    /// `idle_in_transaction_session_timeout` (both the usage statement limit), so the server commits or rolls back
    /// within 20 limits; the client waits 30 before it gives up.
    public func write(_ batch: UsageBatch) async throws {
        let sql = schema.usage
        var queries: [PostgresQuery] = []
        if let minutes = try Self.rollupsQuery(sql.upsertRollupArrays(into: sql.minuteTable), batch.rollups, batch.instance) { queries.append(minutes) }
        if let days = try Self.rollupsQuery(sql.upsertRollupArrays(into: sql.dayTable), batch.dailyRollups, batch.instance) { queries.append(days) }
        let routeClients = batch.routeClientSightings
        if !routeClients.isEmpty {
            queries.append(
                try Self.query(
                    sql.upsertRouteClientArrays, routeClients.map(\.route), routeClients.map(\.method), routeClients.map(\.client),
                    routeClients.map { UsageTime.microseconds($0.lastSeen) }, routeClients.map { Int64($0.count) }))
        }
        let clients = batch.clientSightings
        if !clients.isEmpty {
            queries.append(
                try Self.query(
                    sql.upsertClientArrays, clients.map(\.subject), clients.map(\.client), clients.map { UsageTime.microseconds($0.lastSeen) },
                    clients.map { Int64($0.count) }))
        }
        let taken = UsageTime.microseconds(batch.takenAt)
        queries.append(try Self.query(sql.upsertInstance, batch.instance, taken, taken))
        if batch.dropped > 0 { queries.append(try Self.query(sql.insertDrop, batch.instance, taken, Int64(batch.dropped))) }

        let limit = max(callTimeout, Self.usageStatementLimit)
        let milliseconds = limit.components.seconds * 1000 + limit.components.attoseconds / 1_000_000_000_000_000
        let limits = [
            PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(milliseconds)"),
            PostgresQuery(unsafeSQL: "SET LOCAL idle_in_transaction_session_timeout = \(milliseconds)"),
        ]
        // Waits for the store to be ready (or fails with its start-up error) within the call timeout, as every call.
        try await call { _ in }
        let client = self.client
        let written: Bool?
        do {
            written = try await CallDeadline.run(within: limit * 30) { [queries] in
                try await client.withTransaction(logger: Self.quiet) { connection in
                    for query in limits + queries { try await connection.query(query, logger: Self.quiet) }
                }
                return true
            }
        } catch {
            throw SessionStoreError(postgres: Self.unwrap(error), setting: schema.setting)
        }
        guard written != nil else {
            throw SessionStoreError(.unavailable, "PostgreSQL at \(endpointDescription) did not finish a usage write within \(limit * 30)")
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
        let recordingQuery = PostgresQuery(unsafeSQL: sql.selectRecordingSince)
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
                routeClients.append(RouteClientSighting(route: route, method: method, client: client, lastSeen: UsageTime.date(microseconds: lastSeen), count: Int(count)))
            }
            var clients: [ClientSighting] = []
            for try await (subject, name, lastSeen, count) in try await client.query(clientsQuery, logger: Self.quiet).decode((String, String, Int64, Int64).self) {
                clients.append(ClientSighting(subject: subject, client: name, lastSeen: UsageTime.date(microseconds: lastSeen), count: Int(count)))
            }
            var dropped = 0
            for try await value in try await client.query(droppedQuery, logger: Self.quiet).decode(Int64.self) { dropped = Int(value) }
            var instances: [String] = []
            for try await name in try await client.query(instancesQuery, logger: Self.quiet).decode(String.self) { instances.append(name) }
            var recordingSince: Date?
            for try await firstBatch in try await client.query(recordingQuery, logger: Self.quiet).decode(Int64?.self) {
                recordingSince = firstBatch.map { UsageTime.date(microseconds: $0) }
            }
            return UsageSummary(
                daily: daily, routeClients: routeClients, clients: clients, dropped: dropped, instances: instances, recordingSince: recordingSince)
        }
    }

    /// Deletes in batches of ``UsageSQL/pruneBatchSize`` (each within the call deadline); instances pruning at
    /// once skip each other's rows.
    public func pruneMinuteRollups(before cutoff: Date) async throws -> Int {
        let delete = try Self.query(schema.usage.deleteMinutesBefore, UsageTime.seconds(UsageTime.dayStart(cutoff)))
        return try await deleteInBatches(delete, batchSize: UsageSQL.pruneBatchSize)
    }

    /// A row's key as stored: rollups whose buckets fall in the same second are one row.
    private struct StoredKey: Hashable {
        var bucket: Int64
        var route, method, path, outcome, reason, wouldRefuse: String
    }

    /// One bulk upsert of `rollups`, merged per stored key; `nil` when there are none.
    private static func rollupsQuery(_ sql: String, _ rollups: [UsageRollup], _ instance: String) throws -> PostgresQuery? {
        guard !rollups.isEmpty else { return nil }
        var merged: [StoredKey: Int64] = [:]
        for rollup in rollups {
            let key = StoredKey(
                bucket: UsageTime.seconds(rollup.bucket), route: rollup.route, method: rollup.method, path: rollup.path.rawValue,
                outcome: rollup.outcome.rawValue, reason: rollup.reason, wouldRefuse: rollup.wouldRefuse)
            merged[key, default: 0] += Int64(rollup.count)
        }
        let rows = Array(merged)
        return try query(
            sql, instance, rows.map(\.key.bucket), rows.map(\.key.route), rows.map(\.key.method), rows.map(\.key.path),
            rows.map(\.key.outcome), rows.map(\.key.reason), rows.map(\.key.wouldRefuse), rows.map(\.value))
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
