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
        guard var header = headers.first else {
            self = .absent
            return
        }
        guard headers.count == 1 else {
            self = .malformed(.multipleAuthorizationHeaders)
            return
        }
        self = header.withUTF8 { Self.parse($0, maximumTokenBytes: maximumTokenBytes) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maximumTokenBytes: Int) -> BearerCredential {
        guard bytes.count > 7 else { return .malformed(.malformedAuthorization) }
        // "Bearer " in any case: ASCII letters fold with 0x20, the space must be exact.
        for (index, expected) in "bearer".utf8.enumerated() where bytes[index] | 0x20 != expected {
            return .malformed(.malformedAuthorization)
        }
        guard bytes[6] == UInt8(ascii: " ") else { return .malformed(.malformedAuthorization) }
        let token = UnsafeBufferPointer(rebasing: bytes[7...])
        guard token.count <= maximumTokenBytes else { return .malformed(.tokenTooLarge) }
        // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        var seenPadding = false
        let allowed = b64tokenCharacters
        for byte in token {
            if byte == UInt8(ascii: "=") {
                seenPadding = true
            } else if seenPadding || !allowed[Int(byte)] {
                return .malformed(.malformedAuthorization)
            }
        }
        return .token(String(decoding: token, as: UTF8.self))
    }
}

/// Which bytes `b64token` allows before its padding (RFC 6750 §2.1), as a table: one load per byte.
private let b64tokenCharacters: [Bool] = (0..<256).map { value in
    switch UInt8(value) {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
        true
    default:
        false
    }
}
