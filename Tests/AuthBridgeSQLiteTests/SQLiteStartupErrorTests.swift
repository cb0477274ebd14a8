import AuthBridge
import AuthBridgeSQLite
import Foundation
import GRDB
import Testing

/// Each wrong setting stops start-up with one `SessionStoreError` naming the setting, and changes nothing.
struct SQLiteStartupErrorTests {
    private func refusal(_ path: String, _ code: SessionStoreError.Code) throws -> SessionStoreError {
        do {
            _ = try SQLiteSessionStore(url: path, setting: "AUTHBRIDGE_STORE_URL")
        } catch {
            #expect(error.code == code)
            #expect(error.detail.contains("AUTHBRIDGE_STORE_URL"))
            return error
        }
        throw SessionStoreError(.notFound, "opening \(path) succeeded")
    }

    @Test func directoryThatCannotBeCreated() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("plain-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let error = try refusal(file + "/sub/sessions.sqlite", .invalidConfiguration)
        #expect(error.detail.contains("cannot be created"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
    }

    /// /proc refuses new files even to root, so this fails on every machine, CI's included.
    @Test func directoryThatCannotBeWritten() throws {
        let error = try refusal("/proc/authbridge-\(UUID().uuidString).sqlite", .invalidConfiguration)
        #expect(error.detail.contains("/proc"))
    }

    @Test func pathThatIsADirectory() throws {
        let directory = try TemporaryDirectory()
        let error = try refusal(directory.url.path, .invalidConfiguration)
        #expect(error.detail.contains("is a directory"))
    }

    @Test func fileThatIsNotSQLite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.sqlite")
        let content = Data(String(repeating: "not a database, just someone's notes\n", count: 200).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        let error = try refusal(path, .invalidConfiguration)
        #expect(error.detail.contains("not a SQLite database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func schemaFromANewerVersion() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sessions.sqlite")
        let token = SessionToken.generate()
        do {
            let store = try SQLiteSessionStore(path: path)
            let now = Date()
            try await store.create(
                SessionRecord(
                    key: token.key, data: SessionData(user: SessionUser(id: "u")), createdAt: now, lastSeenAt: now,
                    idleExpiresAt: now, absoluteExpiresAt: now
                )
            )
        }
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: "PRAGMA user_version = 7") }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try refusal(path, .incompatibleSchema)
        #expect(error.detail.contains("version 7"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func migrationsFromANewerVersion() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sessions.sqlite")
        _ = try SQLiteSessionStore(path: path)
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2-from-the-future')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = try refusal(path, .incompatibleSchema)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func urlThatIsNotSQLite() throws {
        let error = try refusal("mysql://localhost/sessions", .invalidConfiguration)
        #expect(error.detail.contains("unsupported scheme"))
    }
}
