import AuthBridge
import AuthBridgeTesting
import Foundation
import Testing

struct MemoryConformanceTests {
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await SessionStoreConformance().run(check, on: MemorySessionStore())
    }

    @Test func runAllCreatesOneStorePerCheck() async throws {
        var made = 0
        try await SessionStoreConformance().runAll {
            made += 1
            return MemorySessionStore()
        }
        #expect(made == SessionStoreConformance.Check.allCases.count)
    }

    /// The suite must catch a store that breaks the contract, or it proves nothing.
    @Test func suiteCatchesALosingStore() async throws {
        let failure = await #expect(throws: ConformanceFailure.self) {
            try await SessionStoreConformance().run(.destroyAll, on: ForgetfulStore())
        }
        #expect(failure?.check == "destroyAll")
    }
}

/// A store whose destroyAll forgets to delete: the conformance suite must fail it.
private struct ForgetfulStore: SessionStore {
    let base = MemorySessionStore()
    func create(_ record: SessionRecord) async throws { try await base.create(record) }
    func read(_ key: SessionKey) async throws -> SessionRecord? { try await base.read(key) }
    func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool {
        try await base.touch(key, lastSeenAt: lastSeenAt, idleExpiresAt: idleExpiresAt)
    }
    func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord {
        try await base.update(key, data: data, expectedVersion: expectedVersion)
    }
    func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord? { try await base.rotate(key, to: newKey) }
    func destroy(_ key: SessionKey) async throws -> Bool { try await base.destroy(key) }
    func destroyAll(userID: String) async throws -> Int { try await base.list(userID: userID).count }
    func list(userID: String) async throws -> [SessionRecord] { try await base.list(userID: userID) }
    func pruneExpired(now: Date) async throws -> Int { try await base.pruneExpired(now: now) }
}

struct MemoryUsageStoreConformanceTests {
    @Test func usageConformance() async throws {
        try await UsageStoreConformance().run(on: MemoryUsageStore())
    }
}
