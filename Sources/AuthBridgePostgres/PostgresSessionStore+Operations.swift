public import AuthBridge
public import Foundation
import Logging
import PostgresNIO

extension PostgresSessionStore {
    static let columns = "key, data::text, version, created_at, last_seen_at, idle_expires_at, absolute_expires_at"
    static let insertColumns = "key, user_id, data, version, created_at, last_seen_at, idle_expires_at, absolute_expires_at"
    /// Rows deleted per pruning statement.
    public static let pruneBatchSize = 500
    /// Rows inserted per statement by ``create(contentsOf:)``.
    static let insertBatchSize = 1_000

    public func create(_ record: SessionRecord) async throws {
        try await create(contentsOf: [record])
    }

    /// Stores many new sessions in one transaction (imports, benchmarks); fails whole on a duplicate key.
    public func create(contentsOf records: [SessionRecord]) async throws {
        guard !records.isEmpty else { return }
        var queries: [PostgresQuery] = []
        for start in stride(from: 0, to: records.count, by: Self.insertBatchSize) {
            queries.append(try insertQuery(records[start..<min(start + Self.insertBatchSize, records.count)]))
        }
        if queries.count == 1 {
            let query = queries[0]
            try await call { client in _ = try await client.query(query) }
            return
        }
        try await call { [queries] client in
            try await client.withTransaction(logger: Self.quiet) { connection in
                for query in queries { try await connection.query(query, logger: Self.quiet) }
            }
        }
    }

    public func read(_ key: SessionKey) async throws -> SessionRecord? {
        let query: PostgresQuery = "SELECT \(unescaped: Self.columns) FROM \(unescaped: schema.sessions) WHERE key = \(key.buffer)"
        return try await call { client in try await Self.records(client.query(query)).first }
    }

    public func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool {
        let query: PostgresQuery = """
            UPDATE \(unescaped: schema.sessions) SET last_seen_at = \(lastSeenAt), idle_expires_at = \(idleExpiresAt)
            WHERE key = \(key.buffer) RETURNING 1
            """
        return try await call { client in try await !client.query(query).collect().isEmpty }
    }

    public func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord {
        let json = try data.jsonText()
        let bytes = key.buffer
        let update: PostgresQuery = """
            UPDATE \(unescaped: schema.sessions) SET data = \(json)::json, user_id = \(data.user.id), version = version + 1
            WHERE key = \(bytes) AND version = \(expectedVersion) RETURNING \(unescaped: Self.columns)
            """
        let exists: PostgresQuery = "SELECT version FROM \(unescaped: schema.sessions) WHERE key = \(bytes)"
        return try await call { client in
            if let record = try await Self.records(client.query(update)).first { return record }
            guard try await !client.query(exists).collect().isEmpty else {
                throw SessionStoreError(.notFound, "no such session")
            }
            throw SessionStoreError(.conflict, "the session changed since version \(expectedVersion)")
        }
    }

    public func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord? {
        let query: PostgresQuery = """
            UPDATE \(unescaped: schema.sessions) SET key = \(newKey.buffer) WHERE key = \(key.buffer)
            RETURNING \(unescaped: Self.columns)
            """
        return try await call { client in try await Self.records(client.query(query)).first }
    }

    public func destroy(_ key: SessionKey) async throws -> Bool {
        let query: PostgresQuery = "DELETE FROM \(unescaped: schema.sessions) WHERE key = \(key.buffer) RETURNING 1"
        return try await call { client in try await !client.query(query).collect().isEmpty }
    }

    public func destroyAll(userID: String) async throws -> Int {
        try await count("DELETE FROM \(unescaped: schema.sessions) WHERE user_id = \(userID) RETURNING 1")
    }

    public func list(userID: String) async throws -> [SessionRecord] {
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: schema.sessions) WHERE user_id = \(userID)
            ORDER BY created_at, key
            """
        return try await call { client in try await Self.records(client.query(query)) }
    }

    /// Deletes expired sessions in batches of ``pruneBatchSize``, skipping rows another instance is deleting, so
    /// instances pruning at once share the work and each row is counted once.
    public func pruneExpired(now: Date) async throws -> Int {
        try await deleteInBatches(
            """
            DELETE FROM \(unescaped: schema.sessions) WHERE key IN (
                SELECT key FROM \(unescaped: schema.sessions)
                WHERE LEAST(idle_expires_at, absolute_expires_at) <= \(now)
                LIMIT \(Self.pruneBatchSize) FOR UPDATE SKIP LOCKED
            ) RETURNING 1
            """,
            batchSize: Self.pruneBatchSize)
    }

    // MARK: - Helpers

    /// Runs a statement that deletes at most `batchSize` rows (returning one row each) until a run deletes fewer;
    /// returns how many went. Each run is its own call, so each stays within the call deadline.
    func deleteInBatches(_ query: PostgresQuery, batchSize: Int) async throws(SessionStoreError) -> Int {
        var total = 0
        while true {
            let deleted = try await count(query)
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    private func count(_ query: PostgresQuery) async throws(SessionStoreError) -> Int {
        let wrapped = PostgresQuery(unsafeSQL: "WITH changed AS (\(query.sql)) SELECT count(*)::int8 FROM changed", binds: query.binds)
        return try await call { client in
            var total: Int64 = 0
            for try await found in try await client.query(wrapped).decode(Int64.self) { total = found }
            return Int(total)
        }
    }

    private func insertQuery(_ records: ArraySlice<SessionRecord>) throws(SessionStoreError) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: records.count * 8)
        var tuples: [String] = []
        tuples.reserveCapacity(records.count)
        for record in records {
            let base = bindings.count
            tuples.append("($\(base + 1), $\(base + 2), $\(base + 3)::json, $\(base + 4), $\(base + 5), $\(base + 6), $\(base + 7), $\(base + 8))")
            bindings.append(record.key.buffer)
            bindings.append(record.userID)
            bindings.append(try record.data.jsonText())
            bindings.append(record.version)
            bindings.append(record.createdAt)
            bindings.append(record.lastSeenAt)
            bindings.append(record.idleExpiresAt)
            bindings.append(record.absoluteExpiresAt)
        }
        return PostgresQuery(
            unsafeSQL: "INSERT INTO \(schema.sessions) (\(Self.insertColumns)) VALUES \(tuples.joined(separator: ", "))",
            binds: bindings
        )
    }

    private static func records(_ rows: PostgresRowSequence) async throws -> [SessionRecord] {
        var records: [SessionRecord] = []
        for try await (key, data, version, created, seen, idle, absolute) in rows.decode(
            (Data, String, Int64, Date, Date, Date, Date).self
        ) {
            guard key.count == 32 else { throw SessionStoreError(.invalidData, "a stored session key is not 32 bytes") }
            records.append(
                SessionRecord(
                    key: SessionKey(bytes: [UInt8](key)), data: try SessionData(jsonText: data), version: version,
                    createdAt: created, lastSeenAt: seen, idleExpiresAt: idle, absoluteExpiresAt: absolute
                )
            )
        }
        return records
    }

    static var quiet: Logger { Logger(label: "authbridge.postgres", factory: { _ in SwiftLogNoOpLogHandler() }) }
}

extension SessionKey {
    /// The hash bytes as a bytea parameter.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
}

extension PostgresSessionStore: SessionStatisticsProviding {
    public func statistics(now: Date) async throws -> SessionStatistics {
        let query: PostgresQuery = """
            SELECT count(*)::int8,
                   count(*) FILTER (WHERE LEAST(idle_expires_at, absolute_expires_at) > \(now))::int8,
                   count(DISTINCT user_id) FILTER (WHERE LEAST(idle_expires_at, absolute_expires_at) > \(now))::int8
            FROM \(unescaped: schema.sessions)
            """
        return try await call { client in
            var statistics = SessionStatistics(total: 0, active: 0, activeUsers: 0)
            for try await (total, active, users) in try await client.query(query, logger: Self.quiet).decode((Int64, Int64, Int64).self) {
                statistics = SessionStatistics(total: Int(total), active: Int(active), activeUsers: Int(users))
            }
            return statistics
        }
    }
}
