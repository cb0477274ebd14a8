public import Foundation

/// Durable storage for sessions, indexed by ``SessionKey`` (never by the cookie value).
///
/// Every method throws ``SessionStoreError``; `unavailable` means the store could not answer, and the
/// request must fail closed. Implementations: memory (`AuthBridgeTesting`), SQLite, PostgreSQL; all pass the
/// same conformance suite.
public protocol SessionStore: Sendable {
    /// Stores a new session; throws `duplicateKey` when the key is taken.
    func create(_ record: SessionRecord) async throws

    /// Reads a session, expired or not (the caller checks the deadlines); `nil` when absent.
    func read(_ key: SessionKey) async throws -> SessionRecord?

    /// What ``read(_:)`` would return, when the store knows it without waiting (from memory); otherwise
    /// `.mustWait`, and the caller reads. The default always answers `.mustWait`; ``CachedSessionStore`` answers
    /// its fresh entries, which lets a decision finish without suspending.
    func readImmediately(_ key: SessionKey) -> ImmediateAnswer<SessionRecord?>

    /// Moves the idle deadline without rewriting the data; returns whether the session existed.
    @discardableResult
    func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool

    /// Replaces the data if the stored version is `expectedVersion`; returns the new record.
    /// Throws `conflict` when another writer got there first, `notFound` when the session is gone.
    func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord

    /// Moves a session to a new key in one transaction: the old key stops working at once.
    /// Returns the moved record, or `nil` when the old key does not exist; throws `duplicateKey` (and changes
    /// nothing) when the new key is taken.
    func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord?

    /// Deletes a session; returns whether it existed.
    @discardableResult
    func destroy(_ key: SessionKey) async throws -> Bool

    /// Deletes every session of a user (logout everywhere); returns how many.
    @discardableResult
    func destroyAll(userID: String) async throws -> Int

    /// Lists a user's sessions, oldest first, expired ones included until pruned.
    func list(userID: String) async throws -> [SessionRecord]

    /// Deletes sessions that ended before `now`; returns how many. Safe to run from many instances at once.
    @discardableResult
    func pruneExpired(now: Date) async throws -> Int
}

extension SessionStore {
    public func readImmediately(_ key: SessionKey) -> ImmediateAnswer<SessionRecord?> { .mustWait }
}
