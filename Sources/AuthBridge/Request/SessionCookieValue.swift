/// Finds the session cookie in a request's `Cookie` headers (RFC 6265 §4.2.1 syntax).
public enum SessionCookieValue: Sendable, Equatable {
    /// No cookie with the session's name.
    case absent
    /// Exactly one cookie with the session's name.
    case value(String)
    /// Cookies with the session's name that cannot be used.
    case malformed(RefusalReason)

    /// The largest cookie value examined; a session cookie is 43 characters.
    public static let maximumValueBytes = 256

    /// Extracts the cookie named `name` from the `Cookie` header values.
    ///
    /// Two cookies with the session's name are refused (`duplicate_session_cookie`), whatever their values:
    /// a sibling domain can plant a second cookie, and picking either would let it choose the session.
    /// Unrelated cookies are skipped without inspection.
    public init(headers: [String], name: String) {
        var found: Substring?
        for header in headers {
            for pair in header.split(separator: ";", omittingEmptySubsequences: true) {
                let trimmed = pair.drop { $0 == " " || $0 == "\t" }
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                guard trimmed[..<equals] == name else { continue }
                if found != nil {
                    self = .malformed(.duplicateSessionCookie)
                    return
                }
                var value = trimmed[trimmed.index(after: equals)...]
                while value.last == " " || value.last == "\t" { value = value.dropLast() }
                found = value
            }
        }
        guard let value = found else {
            self = .absent
            return
        }
        guard !value.isEmpty, value.utf8.count <= Self.maximumValueBytes,
            value.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    return true
                default:
                    return false
                }
            })
        else {
            self = .malformed(.malformedCookie)
            return
        }
        self = .value(String(value))
    }
}
