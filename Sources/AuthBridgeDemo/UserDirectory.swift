import Foundation
internal import GRDB

/// The demo app's users table, `demo_users`, in the same SQLite file as the sessions.
///
/// Opens its own GRDB `DatabasePool` on the file (WAL mode, so it shares the file safely with the session store's
/// pool) and creates the table when absent. It never touches the session store's tables, migrations or
/// `user_version`. Emails are kept lower-cased and unique; passwords only as bcrypt hashes.
///
/// Opening retries for up to a second while SQLite answers "busy": when the last other connection to the file
/// is closing (a server restarting in the same process, another process exiting), SQLite holds an exclusive lock
/// to clean up the WAL, and the first write of a new pool can get `SQLITE_BUSY` without waiting.
public struct UserDirectory: Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens the users table in the SQLite file at `path`, creating the file and the table when absent.
    /// - Throws: ``UserDirectoryError`` `unavailable` when the file cannot be opened or is not a database.
    public init(path: String) throws(UserDirectoryError) {
        self.path = path
        var attempt = 0
        while true {
            do {
                pool = try Self.open(path)
                return
            } catch let error as DatabaseError where Self.isBusy(error) && attempt < 50 {
                attempt += 1
                usleep(20_000)
            } catch {
                throw Self.mapped(error, "\(path) cannot be opened for the users table")
            }
        }
    }

    private static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    private static func open(_ path: String) throws -> DatabasePool {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "AuthBridgeDemo.users"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS demo_users (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        password_hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    )
                    """)
        }
        return pool
    }

    /// Adds a user with an email (lower-cased here) and a password hash.
    /// - Throws: ``UserDirectoryError`` `emailTaken` when another user has the email.
    public func create(email: String, passwordHash: String) async throws(UserDirectoryError) -> DemoUser {
        let email = email.lowercased()
        do {
            let id = try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO demo_users (email, password_hash, created_at) VALUES (?, ?, ?)",
                    arguments: [email, passwordHash, Int64(Date().timeIntervalSince1970)])
                return db.lastInsertedRowID
            }
            return DemoUser(id: String(id), email: email)
        } catch {
            throw Self.mapped(error, "a user could not be added")
        }
    }

    /// The user with this id, or `nil`.
    public func user(id: String) async throws(UserDirectoryError) -> DemoUser? {
        guard let number = Int64(id), String(number) == id else { return nil }
        do {
            return try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT id, email FROM demo_users WHERE id = ?", arguments: [number])
                    .map { DemoUser(id: String($0["id"] as Int64), email: $0["email"]) }
            }
        } catch {
            throw Self.mapped(error, "a user could not be read")
        }
    }

    /// The user with this email (any case) and the stored password hash, or `nil`.
    public func credentials(email: String) async throws(UserDirectoryError) -> (user: DemoUser, passwordHash: String)? {
        let email = email.lowercased()
        do {
            return try await pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT id, email, password_hash FROM demo_users WHERE email = ?", arguments: [email]
                ).map { (DemoUser(id: String($0["id"] as Int64), email: $0["email"]), $0["password_hash"]) }
            }
        } catch {
            throw Self.mapped(error, "a user could not be read")
        }
    }

    /// How many users there are.
    public func count() async throws(UserDirectoryError) -> Int {
        do {
            return try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM demo_users") ?? 0 }
        } catch {
            throw Self.mapped(error, "the users could not be counted")
        }
    }

    /// Keeps SQLite's code, never the SQL's arguments (an email or a hash).
    private static func mapped(_ error: any Error, _ what: String) -> UserDirectoryError {
        guard let error = error as? DatabaseError else { return UserDirectoryError(.unavailable, "\(what)") }
        if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            return UserDirectoryError(.emailTaken, "the email is taken")
        }
        return UserDirectoryError(.unavailable, "\(what) (SQLite error \(error.extendedResultCode.rawValue))")
    }
}
