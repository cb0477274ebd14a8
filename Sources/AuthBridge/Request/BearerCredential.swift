/// What the `Authorization` headers of a request hold, parsed per RFC 6750 §2.1.
public enum BearerCredential: Sendable, Equatable {
    /// No `Authorization` header.
    case absent
    /// One well-formed bearer token.
    case token(String)
    /// Something that is not exactly one bearer token.
    case malformed(RefusalReason)

    /// The largest token accepted; longer ones are refused before any parsing.
    public static let maximumTokenBytes = 8192

    /// Parses the request's `Authorization` header values.
    ///
    /// The scheme is case-insensitive; exactly one space separates it from the token; the token uses the
    /// `b64token` alphabet. Tokens are never taken from the query, the body or a cookie.
    public init(headers: [String], maximumTokenBytes: Int = BearerCredential.maximumTokenBytes) {
        self =
            switch Self.withToken(in: headers, maximumTokenBytes: maximumTokenBytes, { .success(String(decoding: $0, as: UTF8.self)) }) {
            case nil: .absent
            case .success(let token)?: .token(token)
            case .failure(let reason)?: .malformed(reason)
            }
    }

    /// Reads the token as ``init(headers:maximumTokenBytes:)`` does and lends its bytes to `body` in place, without
    /// copying them into a string (every token request reads one): `nil` when no `Authorization` header is sent,
    /// the failure when the header is malformed, otherwise `body`'s result.
    static func withToken<T>(
        in headers: [String], maximumTokenBytes: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result<T, RefusalReason>
    ) -> Result<T, RefusalReason>? {
        guard var header = headers.first else { return nil }
        guard headers.count == 1 else { return .failure(.multipleAuthorizationHeaders) }
        return header.withUTF8 { bytes in
            switch Self.token(in: bytes, maximumTokenBytes: maximumTokenBytes) {
            case .success(let token): body(token)
            case .failure(let reason): .failure(reason)
            }
        }
    }

    /// The token's bytes within the header's, or why the header is malformed.
    private static func token(
        in bytes: UnsafeBufferPointer<UInt8>, maximumTokenBytes: Int
    ) -> Result<UnsafeBufferPointer<UInt8>, RefusalReason> {
        guard bytes.count > 7 else { return .failure(.malformedAuthorization) }
        // "Bearer " in any case: ASCII letters fold with 0x20 (only a letter folds to a letter), the space must
        // be exact. The first seven bytes, little-endian, in one word.
        let scheme = UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(as: UInt64.self))
        guard (scheme | 0x0000_2020_2020_2020) & 0x00FF_FFFF_FFFF_FFFF == 0x0020_7265_7261_6562 else {
            return .failure(.malformedAuthorization)
        }
        let token = UnsafeBufferPointer(rebasing: bytes[7...])
        guard token.count <= maximumTokenBytes else { return .failure(.tokenTooLarge) }
        // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        var end = token.count
        while end > 0, token[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard end > 0 else { return .failure(.malformedAuthorization) }
        guard allB64token(UnsafeBufferPointer(rebasing: token[..<end])) else { return .failure(.malformedAuthorization) }
        return .success(token)
    }
}

/// Whether every byte is in `b64token`'s alphabet before its padding (RFC 6750 §2.1). It reads every byte of
/// every bearer token, so it tests eight at a time in a 64-bit word; the last word is padded with `A`.
private func allB64token(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let raw = UnsafeRawBufferPointer(bytes)
    var index = 0
    while index + 8 <= raw.count {
        guard isB64token(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) else { return false }
        index += 8
    }
    var last: UInt64 = 0x4141_4141_4141_4141
    for offset in 0..<(raw.count - index) {
        last = last & ~(0xFF << UInt64(offset * 8)) | UInt64(raw[index + offset]) << UInt64(offset * 8)
    }
    return isB64token(last)
}

/// Whether each of the word's eight bytes is `ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"`. Each test
/// leaves a byte's high bit set when it passes; no carry crosses bytes because every byte is below 0x80 first.
@inline(__always)
private func isB64token(_ word: UInt64) -> Bool {
    let high: UInt64 = 0x8080_8080_8080_8080
    guard word & high == 0 else { return false }
    func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }
    /// High bit set where `low <= byte <= top`.
    func within(_ word: UInt64, _ low: UInt8, _ top: UInt8) -> UInt64 {
        (word &+ repeated(0x80 - low)) & ~(word &+ repeated(0x7F - top)) & high
    }
    /// High bit set where the byte equals `value`.
    func equal(_ word: UInt64, _ value: UInt8) -> UInt64 { ~((word ^ repeated(value)) &+ repeated(0x7F)) & high }
    let letter = within(word | repeated(0x20), UInt8(ascii: "a"), UInt8(ascii: "z"))
    let digit = within(word, UInt8(ascii: "0"), UInt8(ascii: "9"))
    // "+", ",", "-", ".", "/" are 0x2B...0x2F; the comma is not allowed.
    let symbol = within(word, UInt8(ascii: "+"), UInt8(ascii: "/")) & ~equal(word, UInt8(ascii: ","))
    let other = equal(word, UInt8(ascii: "_")) | equal(word, UInt8(ascii: "~"))
    return letter | digit | symbol | other == high
}
