import Crypto
import Foundation
import Synchronization

/// Remembers, by the SHA-256 of the token, when a token last got an upgrade session, so one token gets at most one
/// new session per interval from this authenticator.
///
/// Memory is bounded: when full, entries older than the interval go first, then arbitrary ones (which at worst
/// allows one early upgrade for the evicted token).
final class UpgradeLimiter: Sendable {
    static let defaultCapacity = 10_000

    private let entries = Mutex<[SHA256Digest: Date]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether `token` may get an upgrade session at `now`; records the upgrade when it may.
    func admits(_ token: String, now: Date, interval: TimeInterval) -> Bool {
        let key = SHA256.hash(data: Array(token.utf8))
        return entries.withLock { entries in
            if let last = entries[key], now.timeIntervalSince(last) < interval, now >= last { return false }
            if entries[key] == nil, entries.count >= capacity {
                entries = entries.filter { now.timeIntervalSince($0.value) < interval }
                if entries.count >= capacity, let victim = entries.keys.first { entries[victim] = nil }
            }
            entries[key] = now
            return true
        }
    }

    /// Forgets `token`'s last upgrade (its session could not be created, so the next request may try again).
    func forget(_ token: String) {
        let key = SHA256.hash(data: Array(token.utf8))
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    var count: Int { entries.withLock { $0.count } }
}
