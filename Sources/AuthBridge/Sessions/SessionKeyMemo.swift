import Synchronization

/// Remembers the ``SessionKey`` of recently presented session tokens, so a repeat request skips the SHA-256.
///
/// A key is the SHA-256 of the token; swift-crypto spends about 190 ns a hash here (its per-hash context is
/// allocated, copied and zeroed), a tenth of what AuthBridge adds to a session request. The memo maps the token's
/// 32 bytes to that hash and nothing else: whether the session lives is still asked of the store on every request.
/// It finds an entry by the whole token, hashed with Swift's per-process seeded `Hasher`, and compares tokens in
/// constant time. It holds up to `capacity` tokens of sessions in use, as the requests that bring them do; when
/// full, the half least recently used goes (``BoundedDictionary``), so random cookies sprayed at it cost real
/// tokens one SHA-256 again, never slower lookups.
final class SessionKeyMemo: Sendable {
    /// A token's 32 bytes as four words, compared without branching on where two tokens differ.
    private struct Token: Hashable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        init(_ bytes: UnsafeRawBufferPointer) {
            words = (
                bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            )
        }

        static func == (left: Token, right: Token) -> Bool {
            (left.words.0 ^ right.words.0) | (left.words.1 ^ right.words.1) | (left.words.2 ^ right.words.2)
                | (left.words.3 ^ right.words.3) == 0
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }
    }

    private let keys: Mutex<BoundedDictionary<Token, SessionKey>>

    /// The memo's size when nothing else is said: as many sessions as `CachedSessionStore` keeps by default.
    static let defaultCapacity = 100_000

    /// Creates a memo of at most `capacity` tokens.
    init(capacity: Int = defaultCapacity) {
        keys = Mutex(BoundedDictionary(capacity: capacity))
    }

    /// The key of a decoded 32-byte token: remembered, or hashed now and remembered.
    func key(of token: UnsafeRawBufferPointer) -> SessionKey {
        precondition(token.count == 32, "a session token is 32 bytes")
        let memoKey = Token(token)
        if let key = keys.withLockFreeingRetired({ $0.value(forKey: memoKey) }) { return key }
        let key = SessionKey(hashing: token)
        keys.withLockFreeingRetired { $0.insert(key, forKey: memoKey) }
        return key
    }

    /// How many tokens are remembered now.
    var count: Int { keys.withLock { $0.count } }
}
