import Crypto
import Foundation
import Synchronization

/// Remembers, by the SHA-256 of the token's signed part (header and payload), when a token last got an upgrade
/// session, so one token gets at most one new session per interval from this authenticator. The signature is left
/// out because an ECDSA signature has two valid forms (s and n − s): keyed by the whole token, anyone holding an
/// ES256 token could make a second token with the same claims and get a second session.
///
/// Memory is bounded: when a new token finds it full, entries older than the interval go; if fewer than a tenth
/// went, the oldest go until a tenth is free (each of those tokens may then get one early upgrade). The sort that
/// finds them runs once per tenth of the capacity, not for every new token: with more distinct tokens per interval
/// than the capacity, a pass over every entry per upgrade cost about 110 µs under the lock at 10,000 entries.
final class UpgradeLimiter: Sendable {
    static let defaultCapacity = 10_000

    private let entries = Mutex<[SHA256Digest: Date]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether `token` may get an upgrade session at `now`; records the upgrade when it may.
    func admits(_ token: String, now: Date, interval: TimeInterval) -> Bool {
        let key = Self.key(token)
        return entries.withLock { entries in
            if let last = entries[key], now.timeIntervalSince(last) < interval, now >= last { return false }
            if entries[key] == nil, entries.count >= capacity {
                entries = entries.filter { now.timeIntervalSince($0.value) < interval }
                let excess = entries.count - (capacity - max(1, capacity / 10))
                if excess > 0 {
                    for (oldest, _) in entries.sorted(by: { $0.value < $1.value }).prefix(excess) { entries[oldest] = nil }
                }
            }
            entries[key] = now
            return true
        }
    }

    /// Forgets `token`'s last upgrade (its session could not be created, so the next request may try again).
    func forget(_ token: String) {
        let key = Self.key(token)
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// The SHA-256 of everything before the token's last `.`.
    private static func key(_ token: String) -> SHA256Digest {
        let bytes = Array(token.utf8)
        return SHA256.hash(data: bytes[..<(bytes.lastIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex)])
    }

    var count: Int { entries.withLock { $0.count } }
}
