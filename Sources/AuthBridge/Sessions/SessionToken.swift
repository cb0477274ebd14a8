internal import Crypto

/// The secret a session cookie carries: 256 random bits from the system CSPRNG, as 43 base64url characters.
///
/// Stores only ever see its ``key`` (a SHA-256 hash), so a leaked database yields no live cookie.
public struct SessionToken: Sendable, Hashable {
    /// The cookie value.
    public let value: String
    /// The hash stores index the session by.
    public let key: SessionKey

    /// A new random token.
    public static func generate() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SessionToken(bytes: bytes)
    }

    /// Parses a cookie value; `nil` unless it is the base64url of exactly 32 bytes.
    public init?(cookieValue: String) {
        var text = cookieValue
        guard let key = text.withUTF8({ Self.key(cookieValue: $0) }) else { return nil }
        // Strict decoding accepts one encoding per byte string, so the cookie value is already canonical.
        self.value = cookieValue
        self.key = key
    }

    /// The key of a cookie value, decoded on the stack and hashed there; `nil` unless the value is the
    /// base64url of exactly 32 bytes (43 characters of `A–Z a–z 0–9 - _`, nothing else).
    /// With a memo, a token presented before is not hashed again.
    static func key(cookieValue text: UnsafeBufferPointer<UInt8>, memo: SessionKeyMemo? = nil) -> SessionKey? {
        guard text.count == 43 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { bytes -> SessionKey? in
            guard Base64URL.decode(text, into: bytes) == 32 else { return nil }
            let token = UnsafeRawBufferPointer(bytes)
            return memo?.key(of: token) ?? SessionKey(hashing: token)
        }
    }

    private init(bytes: [UInt8]) {
        self.value = Base64URL.encode(bytes)
        self.key = bytes.withUnsafeBytes { SessionKey(hashing: $0) }
    }
}

/// The SHA-256 hash of a ``SessionToken``: the only form of a session id that is stored or compared.
public struct SessionKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32 hash bytes.
    public let bytes: [UInt8]

    /// Wraps hash bytes read back from a store.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The SHA-256 of a token's bytes, hashed from and copied out of raw buffers (the generic `Sequence` paths
    /// cost more than the hash).
    init(hashing token: UnsafeRawBufferPointer) {
        self.bytes = SHA256.hash(data: token).withUnsafeBytes { Array($0) }
    }

    /// Hashes the bytes in one call (the synthesized version feeds them one at a time).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Lower-case hex, for stores that keep text.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses lower- or upper-case hex.
    public init?(hex: String) {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(chars[index]), let low = Self.nibble(chars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// A short, non-reversible tag safe for logs (first 8 hex digits of the hash).
    public var description: String { String(hex.prefix(8)) }
}
