import Foundation
import Synchronization

/// A bounded cache of tokens whose signature and claims already verified.
///
/// It spares a repeat request the signature check (35 µs for ES256 here) but nothing else: `exp` is checked
/// again on every hit, and the policy (flags, brownouts, cut-over) is evaluated by the caller on every request.
/// Only verified tokens are cached; a failure is never remembered.
///
/// An entry is found by the token's length and last 16 bytes (part of its signature), which the dictionary hashes
/// with Swift's `Hasher`, seeded afresh in every process, so no one outside can aim at an entry. It answers only
/// for a token equal to the one that verified, byte for byte, compared in constant time; so it keeps the token
/// itself, as the request did. (A SHA-256 key cost about 220 ns per request here, most of it swift-crypto's
/// per-hash context.) When full, the half least recently used goes (``BoundedDictionary``).
final class VerifiedTokenCache: Sendable {
    private struct Key: Hashable {
        var count: Int
        var tail: (UInt64, UInt64)

        init(_ token: UnsafeBufferPointer<UInt8>) {
            count = token.count
            tail = (0, 0)
            withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: token.suffix(16)))) }
        }

        // Without branching on which of the signature's bytes differ, as the whole-token comparison.
        static func == (left: Key, right: Key) -> Bool {
            left.count == right.count && (left.tail.0 ^ right.tail.0) | (left.tail.1 ^ right.tail.1) == 0
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            hasher.combine(tail.0)
            hasher.combine(tail.1)
        }
    }

    /// A class, so that a hit copies one reference rather than every field of the claims twice.
    private final class Entry: Sendable {
        let token: [UInt8]
        let claims: JWTClaims

        init(token: [UInt8], claims: JWTClaims) {
            self.token = token
            self.claims = claims
        }
    }

    private let entries: Mutex<BoundedDictionary<Key, Entry>>

    init(capacity: Int) {
        entries = Mutex(BoundedDictionary(capacity: capacity))
    }

    func claims(for token: UnsafeBufferPointer<UInt8>, now: Date, leeway: TimeInterval) -> JWTClaims? {
        let key = Key(token)
        return entries.withLockFreeingRetired { entries in
            guard let entry = entries.value(forKey: key), Self.equal(entry.token, token) else { return nil }
            let claims = entry.claims
            if let expiresAt = claims.expiresAt, now.timeIntervalSince(expiresAt) >= leeway {
                entries.removeValue(forKey: key)
                return nil
            }
            return claims
        }
    }

    var count: Int { entries.withLock { $0.count } }

    func insert(_ claims: JWTClaims, for token: UnsafeBufferPointer<UInt8>) {
        let key = Key(token)
        let entry = Entry(token: Array(token), claims: claims)
        // A different token under the same key (the same length and last 16 bytes) is replaced: it merely verifies again.
        entries.withLockFreeingRetired { $0.insert(entry, forKey: key) }
    }

    /// Whether the two are the same bytes, in time that depends on their length only.
    static func equal(_ stored: [UInt8], _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == token.count else { return false }
        return stored.withUnsafeBufferPointer { stored in
            var difference: UInt8 = 0
            for index in stored.indices { difference |= stored[index] ^ token[index] }
            return difference == 0
        }
    }
}
