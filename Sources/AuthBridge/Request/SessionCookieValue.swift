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
        var name = name
        var found: String?
        for var header in headers {
            let duplicate = header.withUTF8 { header in name.withUTF8 { Self.scan(header, for: $0, into: &found) } }
            if duplicate {
                self = .malformed(.duplicateSessionCookie)
                return
            }
        }
        guard var value = found else {
            self = .absent
            return
        }
        guard !value.isEmpty, value.utf8.count <= Self.maximumValueBytes,
            value.withUTF8({ $0.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    return true
                default:
                    return false
                }
            } })
        else {
            self = .malformed(.malformedCookie)
            return
        }
        self = .value(value)
    }

    /// Walks one `Cookie` header's `name=value` pairs byte by byte; keeps the value of the pair named `name`
    /// in `found` and returns `true` when a second such pair turns up.
    private static func scan(
        _ header: UnsafeBufferPointer<UInt8>, for name: UnsafeBufferPointer<UInt8>, into found: inout String?
    ) -> Bool {
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = 0
        while start < header.count {
            var end = start
            while end < header.count, header[end] != UInt8(ascii: ";") { end += 1 }
            var pairStart = start
            while pairStart < end, isBlank(header[pairStart]) { pairStart += 1 }
            if let equals = header[pairStart..<end].firstIndex(of: UInt8(ascii: "=")),
                header[pairStart..<equals].elementsEqual(name)
            {
                if found != nil { return true }
                var valueEnd = end
                while valueEnd > equals + 1, isBlank(header[valueEnd - 1]) { valueEnd -= 1 }
                found = String(decoding: UnsafeBufferPointer(rebasing: header[(equals + 1)..<valueEnd]), as: UTF8.self)
            }
            start = end + 1
        }
        return false
    }
}
