public import AuthBridge
public import Foundation

/// A session store in memory: for tests only, since every session is lost when the process ends.
public actor MemorySessionStore: SessionStore {
    fileprivate var sessions: [SessionKey: SessionRecord] = [:]
    /// When set, every call throws a `SessionStoreError` with this code (to test fail-closed behaviour).
    public private(set) var failure: SessionStoreError.Code?
    /// Whether every call throws `unavailable`.
    public var isDown: Bool { failure == .unavailable }

    /// Creates an empty store.
    public init() {}

    /// Makes every call fail with `unavailable` (or work again).
    public func setDown(_ down: Bool) { failure = down ? .unavailable : nil }

    /// Makes every call fail with `code` (a store that answers but cannot serve: a revoked grant, a corrupt row),
    /// or work again with `nil`.
    public func setFailure(_ code: SessionStoreError.Code?) { failure = code }

    fileprivate func check() throws {
        if let failure { throw SessionStoreError(failure, "the memory store is set to fail") }
    }

    public func create(_ record: SessionRecord) async throws {
        try check()
        guard sessions[record.key] == nil else { throw SessionStoreError(.duplicateKey, "a session with this key exists") }
        sessions[record.key] = record
    }

    public func read(_ key: SessionKey) async throws -> SessionRecord? {
        try check()
        return sessions[key]
    }

    @discardableResult
    public func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool {
        try check()
        guard sessions[key] != nil else { return false }
        sessions[key]?.lastSeenAt = lastSeenAt
        sessions[key]?.idleExpiresAt = idleExpiresAt
        return true
    }

    public func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord {
        try check()
        guard var record = sessions[key] else { throw SessionStoreError(.notFound, "no such session") }
        guard record.version == expectedVersion else {
            throw SessionStoreError(.conflict, "session version is \(record.version), expected \(expectedVersion)")
        }
        record.data = data
        record.version += 1
        sessions[key] = record
        return record
    }

    public func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord? {
        try check()
        guard sessions[key] != nil else { return nil }
        guard sessions[newKey] == nil else { throw SessionStoreError(.duplicateKey, "a session with the new key exists") }
        guard var record = sessions.removeValue(forKey: key) else { return nil }
        record.key = newKey
        sessions[newKey] = record
        return record
    }

    @discardableResult
    public func destroy(_ key: SessionKey) async throws -> Bool {
        try check()
        return sessions.removeValue(forKey: key) != nil
    }

    @discardableResult
    public func destroyAll(userID: String) async throws -> Int {
        try check()
        let keys = sessions.values.filter { $0.userID == userID }.map(\.key)
        for key in keys { sessions[key] = nil }
        return keys.count
    }

    public func list(userID: String) async throws -> [SessionRecord] {
        try check()
        return sessions.values.filter { $0.userID == userID }.sorted { ($0.createdAt, $0.key.hex) < ($1.createdAt, $1.key.hex) }
    }

    @discardableResult
    public func pruneExpired(now: Date) async throws -> Int {
        try check()
        let expired = sessions.values.filter { $0.isExpired(at: now) }.map(\.key)
        for key in expired { sessions[key] = nil }
        return expired.count
    }
}

extension MemorySessionStore: SessionStatisticsProviding {
    public func statistics(now: Date) async throws -> SessionStatistics {
        try check()
        let all = Array(sessions.values)
        let active = all.filter { !$0.isExpired(at: now) }
        return SessionStatistics(total: all.count, active: active.count, activeUsers: Set(active.map(\.userID)).count)
    }
}
