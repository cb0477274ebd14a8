import AuthBridge
import GRDB

/// The SQLite schema: GRDB migrations, each of which also sets `PRAGMA user_version` to its number, so a file
/// made by a newer AuthBridge is refused before anything is written.
enum SQLiteSchema {
    /// The schema version this build writes and understands.
    static let version = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE \(SQLiteSQL.table) (
                        key BLOB PRIMARY KEY NOT NULL CHECK (length(key) = 32),
                        user_id TEXT NOT NULL,
                        data TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_seen_at INTEGER NOT NULL,
                        idle_expires_at INTEGER NOT NULL,
                        absolute_expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX \(SQLiteSQL.table)_user ON \(SQLiteSQL.table) (user_id, created_at);
                    CREATE INDEX \(SQLiteSQL.table)_expiry ON \(SQLiteSQL.table) (\(SQLiteSQL.expiresAt));
                    PRAGMA user_version = 1;
                    """
            )
        }
        migrator.registerMigration("2-usage") { db in
            for statement in UsageSQL(dialect: .sqlite).schema { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return migrator
    }

    /// Refuses a file whose first bytes are not SQLite's header, or whose header records a newer schema.
    static func checkHeader(_ header: [UInt8], path: String, setting: String) throws(SessionStoreError) {
        let magic = Array("SQLite format 3\0".utf8)
        guard header.count >= 100, Array(header.prefix(16)) == magic else {
            throw SessionStoreError(.invalidConfiguration, "\(setting): \(path) is not a SQLite database; it was left unchanged")
        }
        let userVersion = header[60..<64].reduce(0) { $0 << 8 | Int($1) }
        try checkVersion(userVersion, path: path, setting: setting)
    }

    static func checkVersion(_ found: Int, path: String, setting: String) throws(SessionStoreError) {
        guard found <= version else {
            throw SessionStoreError(
                .incompatibleSchema,
                "\(setting): \(path) holds session schema version \(found); this AuthBridge knows up to \(version). "
                    + "Upgrade AuthBridge or point \(setting) at another file; the file was left unchanged"
            )
        }
    }

    /// Checks an existing file through a read-only connection before the pool opens it (opening a pool writes),
    /// so a file from a newer AuthBridge is refused untouched.
    static func checkExisting(path: String, setting: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.read { db in try check(db, path: path, setting: setting) }
        try queue.close()
    }

    /// Refuses a recorded version or a migration this build does not know.
    static func check(_ db: Database, path: String, setting: String) throws {
        try checkVersion(try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, path: path, setting: setting)
        if try migrator.hasBeenSuperseded(db) {
            throw SessionStoreError(
                .incompatibleSchema,
                "\(setting): \(path) was migrated by a newer AuthBridge; the file was left unchanged"
            )
        }
    }

    /// Checks again inside the pool (another process may have migrated meanwhile), then migrates.
    ///
    /// GRDB applies each migration in its own transaction after reading which are applied, so two connections
    /// opening a new file at once can both try the same migration; the later one fails ("table … already
    /// exists"). When such a failure comes with progress made by the other connection, the remaining migrations
    /// are run again; a failure without progress is thrown.
    static func migrate(_ pool: DatabasePool, path: String, setting: String) throws {
        try pool.read { db in try check(db, path: path, setting: setting) }
        while true {
            let before = try pool.read { db in try migrator.appliedIdentifiers(db) }
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                let after = try pool.read { db in try migrator.appliedIdentifiers(db) }
                guard after.count > before.count else { throw error }
            }
        }
    }
}
