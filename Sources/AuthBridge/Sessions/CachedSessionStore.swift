public import Foundation
import Synchronization

/// A bounded in-process cache in front of any ``SessionStore``, so a hot session costs no database read.
///
/// Reads are served from memory for at most ``maximumAge``; after that they go back to the store. Writes go
/// through to the store first and then update or drop the cached entry, so on this instance a destroyed or
/// rotated session is refused at once, even by a read that was waiting on the store meanwhile (a read caches what
/// it got only when no write to that session went through this cache while it waited). On other instances sharing
/// the store (or after `authbridge sessions revoke` from the CLI) a change is honoured within ``maximumAge`` — one
/// second by default.
public final class CachedSessionStore<C: Clock>: SessionStore where C.Duration == Duration {
    private let store: any SessionStore
    private let cache: Mutex<Entries>
    private let clock: C
    /// Ages are measured from here: entries keep a `Duration`, so a cached read copies no value generic over the
    /// clock (such values are copied through their value witnesses, after a type lookup, on every read).
    private let origin: C.Instant
    /// How far a reading may lag the true time (the clock's resolution), allowed for in every age.
    private let resolution: Duration
    /// The longest a cached read is served without asking the store.
    public let maximumAge: Duration
    /// The most sessions kept in memory.
    public let capacity: Int

    /// Wraps a store.
    /// - Parameters:
    ///   - store: the durable store.
    ///   - maximumAge: how stale a cached read may be; this bounds how long a revoke on another instance takes.
    ///   - capacity: the most cached sessions; when full, the half least recently used is dropped.
    ///   - clock: the clock ages are measured on.
    public init(wrapping store: any SessionStore, maximumAge: Duration = .seconds(1), capacity: Int = 100_000, clock: C) {
        self.store = store
        self.maximumAge = maximumAge
        self.capacity = capacity
        self.cache = Mutex(Entries(sessions: BoundedDictionary(capacity: capacity)))
        self.clock = clock
        self.origin = clock.now
        self.resolution = clock.minimumResolution
    }

    public func read(_ key: SessionKey) async throws -> SessionRecord? {
        let now = elapsed
        let (answer, writes) = cached(key, at: now)
        if case .answered(let record) = answer { return record }
        let record = try await store.read(key)
        // A write that finished while the store answered (a logout, say) may have made this record stale.
        cache.withLockFreeingRetired { cache in
            guard !cache.writes.wrote(key, since: writes) else { return }
            cache.sessions.insert(CachedSession(record: record, fetchedAt: now), forKey: key)
        }
        return record
    }

    /// A fresh cached read (a session, or the knowledge that there is none), without waiting.
    @_specialize(where C == CoarseClock)
    public func readImmediately(_ key: SessionKey) -> ImmediateAnswer<SessionRecord?> {
        cached(key, at: elapsed).answer
    }

    /// The time since `origin`.
    private var elapsed: Duration { origin.duration(to: clock.now) }

    /// A fresh cached entry's answer, and the count of writes so far (read under the same lock: a read that must
    /// wait caches its answer only if no write to the session came after it).
    private func cached(_ key: SessionKey, at now: Duration) -> (answer: ImmediateAnswer<SessionRecord?>, writes: UInt64) {
        let (entry, writes) = cache.withLockFreeingRetired { cache in (cache.sessions.value(forKey: key), cache.writes.count) }
        // Both readings may lag the true time by up to the clock's resolution: allowing for it keeps the bound.
        guard let entry, now - entry.fetchedAt + resolution < maximumAge else { return (.mustWait, writes) }
        return (.answered(entry.record), writes)
    }

    public func create(_ record: SessionRecord) async throws {
        try await store.create(record)
        remember(record.key, record, at: elapsed)
    }

    @discardableResult
    public func touch(_ key: SessionKey, lastSeenAt: Date, idleExpiresAt: Date) async throws -> Bool {
        let existed = try await store.touch(key, lastSeenAt: lastSeenAt, idleExpiresAt: idleExpiresAt)
        cache.withLock { cache in
            cache.writes.note(key)
            guard existed else {
                cache.sessions.removeValue(forKey: key)
                return
            }
            cache.sessions.modifyValue(forKey: key) { session in
                session.record?.lastSeenAt = lastSeenAt
                session.record?.idleExpiresAt = idleExpiresAt
            }
        }
        return existed
    }

    public func update(_ key: SessionKey, data: SessionData, expectedVersion: Int64) async throws -> SessionRecord {
        do {
            let record = try await store.update(key, data: data, expectedVersion: expectedVersion)
            remember(key, record, at: elapsed)
            return record
        } catch {
            forget(key)
            throw error
        }
    }

    public func rotate(_ key: SessionKey, to newKey: SessionKey) async throws -> SessionRecord? {
        forget(key)
        let record = try await store.rotate(key, to: newKey)
        forget(key)
        if let record { remember(newKey, record, at: elapsed) }
        return record
    }

    @discardableResult
    public func destroy(_ key: SessionKey) async throws -> Bool {
        forget(key)
        defer { forget(key) }
        return try await store.destroy(key)
    }

    @discardableResult
    public func destroyAll(userID: String) async throws -> Int {
        defer { cache.withLockFreeingRetired { $0.remove { $0.record?.userID == userID } } }
        return try await store.destroyAll(userID: userID)
    }

    public func list(userID: String) async throws -> [SessionRecord] {
        try await store.list(userID: userID)
    }

    @discardableResult
    public func pruneExpired(now: Date) async throws -> Int {
        let pruned = try await store.pruneExpired(now: now)
        cache.withLockFreeingRetired { $0.remove { $0.record.map { $0.isExpired(at: now) } ?? true } }
        return pruned
    }

    /// How many sessions are cached.
    public var count: Int { cache.withLock { $0.sessions.count } }

    /// Caches what a write through this cache left in the store.
    private func remember(_ key: SessionKey, _ record: SessionRecord?, at instant: Duration) {
        cache.withLockFreeingRetired { cache in
            cache.writes.note(key)
            cache.sessions.insert(CachedSession(record: record, fetchedAt: instant), forKey: key)
        }
    }

    private func forget(_ key: SessionKey) {
        cache.withLock { cache in
            cache.writes.note(key)
            cache.sessions.removeValue(forKey: key)
        }
    }
}

/// The cached sessions, and the writes that went through the cache (a read that waited caches its answer only if
/// none touched its session meanwhile).
private struct Entries: RetiringGenerations {
    var sessions: BoundedDictionary<SessionKey, CachedSession>
    var writes = WriteLog()

    mutating func takeRetired() -> [[SessionKey: CachedSession]] { sessions.takeRetired() }

    /// Drops the sessions `matching` says to; a write to every session.
    mutating func remove(where matching: (CachedSession) -> Bool) {
        writes.noteAll()
        sessions.removeAll(where: matching)
    }
}

/// Which sessions were written when, by a running count of writes: bounded, and conservative when it forgets.
private struct WriteLog {
    /// Writes so far.
    private(set) var count: UInt64 = 0
    /// The count at each session's last write, since `floor`.
    private var last: [SessionKey: UInt64] = [:]
    /// Writes up to here are forgotten (or touched every session): a read that began before may not cache.
    private var floor: UInt64 = 0

    /// The most sessions remembered; then the log starts over from a new floor.
    static let capacity = 4096

    mutating func note(_ key: SessionKey) {
        count &+= 1
        if last.count >= Self.capacity { noteAll() } else { last[key] = count }
    }

    mutating func noteAll() {
        count &+= 1
        last.removeAll(keepingCapacity: true)
        floor = count
    }

    /// Whether `key` may have been written after the write count was `start`.
    func wrote(_ key: SessionKey, since start: UInt64) -> Bool {
        start < floor || (last[key].map { $0 > start } ?? false)
    }
}

extension CachedSessionStore where C == CoarseClock {
    /// Wraps a store, measuring ages on the coarse monotonic clock (every request reads it; its few milliseconds of
    /// resolution are allowed for, so no read is served older than `maximumAge`).
    public convenience init(wrapping store: any SessionStore, maximumAge: Duration = .seconds(1), capacity: Int = 100_000) {
        self.init(wrapping: store, maximumAge: maximumAge, capacity: capacity, clock: CoarseClock())
    }
}

/// A cached read: the session, or the knowledge that there is none, and when it was read (since the cache's origin).
private struct CachedSession {
    var record: SessionRecord?
    var fetchedAt: Duration
}
