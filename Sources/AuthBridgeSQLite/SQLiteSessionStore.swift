public import AuthBridge
public import Foundation
internal import GRDB

/// Sessions in a SQLite file: the embedded default, durable across restarts and crashes.
///
/// GRDB's `DatabasePool` over the system libsqlite3, in WAL mode with `synchronous=NORMAL` (a crash of the process
/// loses nothing committed; a power loss may lose the last transactions) and a busy timeout, so several processes
/// may share the file. Keys are stored as their 32-byte hash, data as JSON text, times as microseconds since 1970.
///
/// ```swift
/// let store = try SQLiteSessionStore(url: environment["AUTHBRIDGE_STORE_URL"] ?? StoreURL.defaultSQLitePath)
/// ```
public struct SQLiteSessionStore: SessionStore {
    /// The database file, as an absolute path.
    public let path: String
    let pool: DatabasePool
    private let readers: SQLiteReaders

    /// Opens (creating when absent) the store at a path or `sqlite:` URL.
    /// - Parameters:
    ///   - url: a plain path, `sqlite:///absolute/path.sqlite` or `sqlite:relative/path.sqlite`.
    ///   - setting: the setting the value came from, named in errors.
    ///   - busyTimeout: how long a write waits for another process's write to finish. Default 5 s.
    /// - Throws: ``SessionStoreError`` `invalidConfiguration` when the directory cannot be created or written or
    ///   the file is not a SQLite database, `incompatibleSchema` when a newer AuthBridge made the file. Nothing
    ///   is changed on disk in those cases.
    public init(url: String, setting: String = StoreURL.defaultSetting, busyTimeout: Duration = .seconds(5))
        throws(SessionStoreError)
    {
        guard case .sqlite(let path) = try StoreURL(parsing: url, setting: setting) else {
            throw SessionStoreError(.invalidConfiguration, "\(setting) is not a SQLite path or sqlite: URL")
        }
        try self.init(path: path, setting: setting, busyTimeout: busyTimeout)
    }

    /// Opens (creating when absent) the store at a file path; see ``init(url:setting:busyTimeout:)``.
    public init(path: String, setting: String = StoreURL.defaultSetting, busyTimeout: Duration = .seconds(5))
        throws(SessionStoreError)
    {
        let opened = try SQLiteOpener(path: path, setting: setting, busyTimeout: busyTimeout).open()
        self.path = opened.path
        self.pool = opened.pool
        self.readers = opened.readers
    }

    public func create(_ record: SessionRecord) async throws {
        let row = try SQLiteRow(record)
        try await write { db in try row.insert(db) }
    }

    /// Stores many new sessions in one transaction (imports, benchmarks); fails whole on a duplicate key.
    public func create(contentsOf records: [SessionRecord]) async throws {
        let rows = try records.map { record throws(SessionStoreError) in try SQLiteRow(record) }
        try await write { db in for row in rows { try row.insert(db) } }
    }

    /// Reads on the calling thread, on a read-only connection of its own (see `SQLiteReaders`): a primary-key
    /// lookup in WAL mode never waits for writers and costs less than a hop to another thread.
    public func read(_ key: SessionKey) async throws -> SessionRecord? {
        try readNow(key)?.record()
    }

    private func readNow(_ key: SessionKey) throws(SessionStoreError) -> SQLiteRow? {
        do { return try readers.read { db in try SQLiteRow.fetchOne(db, key: key) } } catch { throw SessionStoreError(sqlite: error) }
    }

    public func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(sql: SQLiteSQL.touch).execute(arguments: [
                lastSeenAt.microseconds, idleExpiresAt.microseconds, Data(key.bytes),
            ])
            return db.changesCount > 0
        }
    }

    public func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord {
        let json = try data.jsonText()
        let row = try await write { db throws -> SQLiteRow in
            guard var row = try SQLiteRow.fetchOne(db, key: key) else {
                throw SessionStoreError(.notFound, "no such session")
            }
            guard row.version == expectedVersion else {
                throw SessionStoreError(.conflict, "session version is \(row.version), expected \(expectedVersion)")
            }
            try db.cachedStatement(sql: SQLiteSQL.update).execute(arguments: [json, data.user.id, Data(key.bytes)])
            row.data = json
            row.version += 1
            return row
        }
        return try row.record()
    }

    public func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord? {
        let row = try await write { db in
            try db.cachedStatement(sql: SQLiteSQL.rotate).execute(arguments: [Data(newKey.bytes), Data(key.bytes)])
            return db.changesCount > 0 ? try SQLiteRow.fetchOne(db, key: newKey) : nil
        }
        return try row?.record()
    }

    public func destroy(_ key: SessionKey) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(sql: SQLiteSQL.destroy).execute(arguments: [Data(key.bytes)])
            return db.changesCount > 0
        }
    }

    public func destroyAll(userID: String) async throws -> Int {
        try await write { db in
            try db.cachedStatement(sql: SQLiteSQL.destroyAll).execute(arguments: [userID])
            return db.changesCount
        }
    }

    public func list(userID: String) async throws -> [SessionRecord] {
        let rows = try await read { db in
            try SQLiteRow.fetchAll(db.cachedStatement(sql: SQLiteSQL.list), arguments: [userID])
        }
        return try rows.map { row throws(SessionStoreError) in try row.record() }
    }

    /// Deletes expired sessions in batches of ``pruneBatchSize``, each its own short transaction, so readers
    /// and other writers are never held up long.
    public func pruneExpired(now: Date) async throws -> Int {
        try await deleteInBatches(
            sql: SQLiteSQL.prune, arguments: [now.microseconds, Self.pruneBatchSize], batchSize: Self.pruneBatchSize)
    }

    /// Rows deleted per pruning transaction.
    public static let pruneBatchSize = 500

    /// Runs a `DELETE … LIMIT batchSize` until a run deletes fewer rows, each run its own short write transaction
    /// (sessions and usage share the write lock, so nothing waits for more than one batch); the rows deleted.
    func deleteInBatches(sql: String, arguments: StatementArguments, batchSize: Int) async throws(SessionStoreError)
        -> Int
    {
        var total = 0
        while true {
            let deleted = try await write { db in
                try db.cachedStatement(sql: sql).execute(arguments: arguments)
                return db.changesCount
            }
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SessionStoreError) -> T {
        do { return try await pool.read(body) } catch { throw SessionStoreError(sqlite: error) }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SessionStoreError) -> T {
        do { return try await pool.write(body) } catch { throw SessionStoreError(sqlite: error) }
    }
}

extension SQLiteSessionStore: SessionStatisticsProviding {
    public func statistics(now: Date) async throws -> SessionStatistics {
        let sql = """
            SELECT count(*), coalesce(sum(\(SQLiteSQL.expiresAt) > ?1), 0),
                   count(DISTINCT CASE WHEN \(SQLiteSQL.expiresAt) > ?1 THEN user_id END)
            FROM \(SQLiteSQL.table)
            """
        do {
            return try await pool.read { db in
                let row = try Row.fetchOne(db, sql: sql, arguments: [now.microseconds])
                return SessionStatistics(total: row?[0] ?? 0, active: row?[1] ?? 0, activeUsers: row?[2] ?? 0)
            }
        } catch {
            throw SessionStoreError(sqlite: error)
        }
    }
}
