import AuthBridge
import AuthBridgeSQLite
import Foundation
import GRDB
import Testing

struct SQLiteStoreTests {
    private func session(_ key: SessionKey, user: String = "u1") -> SessionRecord {
        let now = Date()
        return SessionRecord(
            key: key, data: SessionData(user: SessionUser(id: user, email: "a@example.com")), createdAt: now,
            lastSeenAt: now, idleExpiresAt: now.addingTimeInterval(60), absoluteExpiresAt: now.addingTimeInterval(600)
        )
    }

    @Test func fileIsWALWithHashedBlobKeysAndJSONText() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sessions.sqlite")
        let token = SessionToken.generate()
        do {
            let store = try SQLiteSessionStore(path: path)
            try await store.create(session(token.key))
        }
        let queue = try DatabaseQueue(path: path)
        let row = try #require(
            try await queue.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT key, typeof(key) AS kind, typeof(data) AS dataKind, data FROM authbridge_sessions"
                )
            }
        )
        #expect(row["kind"] as String == "blob")
        #expect([UInt8](row["key"] as Data) == token.key.bytes)
        #expect([UInt8](row["key"] as Data) != Array(token.value.utf8))
        #expect(row["dataKind"] as String == "text")
        #expect((row["data"] as String).contains("\"email\":\"a@example.com\""))
        let mode = try await queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let version = try await queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
        #expect(version == 2)  // 1: sessions, 2: usage
    }

    @Test func urlFormsAndParentDirectoryCreation() async throws {
        let directory = try TemporaryDirectory()
        let nested = directory.path("a/b/sessions.sqlite")
        let store = try SQLiteSessionStore(url: "sqlite://" + nested)
        #expect(store.path == nested)
        #expect(FileManager.default.fileExists(atPath: nested))
        let token = SessionToken.generate()
        try await store.create(session(token.key))
        let again = try SQLiteSessionStore(url: nested)
        #expect(try await again.read(token.key)?.userID == "u1")
    }

    @Test func reopeningKeepsSessions() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sessions.sqlite")
        let token = SessionToken.generate()
        do {
            try await SQLiteSessionStore(path: path).create(session(token.key))
        }
        #expect(try await SQLiteSessionStore(path: path).read(token.key)?.userID == "u1")
    }

    @Test func bulkCreateIsOneTransaction() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteSessionStore(path: directory.path("s.sqlite"))
        let existing = SessionToken.generate().key
        try await store.create(session(existing))
        let fresh = (0..<10).map { _ in session(SessionToken.generate().key, user: "bulk") }
        await #expect(throws: SessionStoreError(.duplicateKey, "")) {
            try await store.create(contentsOf: fresh + [session(existing)])
        }
        #expect(try await store.list(userID: "bulk").isEmpty)
        try await store.create(contentsOf: fresh)
        #expect(try await store.list(userID: "bulk").count == 10)
    }
}
