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
        guard let header = headers.first else {
            self = .absent
            return
        }
        guard headers.count == 1 else {
            self = .malformed(.multipleAuthorizationHeaders)
            return
        }
        let bytes = header.utf8
        guard bytes.count > 7 else {
            self = .malformed(.malformedAuthorization)
            return
        }
        let scheme = bytes.prefix(7)
        guard String(decoding: scheme, as: UTF8.self).lowercased() == "bearer " else {
            self = .malformed(.malformedAuthorization)
            return
        }
        let token = bytes.dropFirst(7)
        guard token.count <= maximumTokenBytes else {
            self = .malformed(.tokenTooLarge)
            return
        }
        // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        var seenPadding = false
        for byte in token {
            switch byte {
            case UInt8(ascii: "="):
                seenPadding = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if seenPadding {
                    self = .malformed(.malformedAuthorization)
                    return
                }
            default:
                self = .malformed(.malformedAuthorization)
                return
            }
        }
        self = .token(String(decoding: token, as: UTF8.self))
    }
}
