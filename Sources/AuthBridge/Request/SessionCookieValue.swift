import Foundation

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
        let found = Self.find(in: headers, name: name) { value -> String? in
            guard !value.isEmpty, value.count <= Self.maximumValueBytes, value.allSatisfy(Self.isTokenByte) else {
                return nil
            }
            return String(decoding: value, as: UTF8.self)
        }
        switch found {
        case .absent: self = .absent
        case .duplicate: self = .malformed(.duplicateSessionCookie)
        case .found(nil): self = .malformed(.malformedCookie)
        case .found(let value?): self = .value(value)
        }
    }

    /// The key of the session cookie named `name`, read from the `Cookie` header values without copying the
    /// value out (this runs for every request that sends a cookie). The same outcomes as ``init(headers:name:)``
    /// followed by ``SessionToken/init(cookieValue:)``: a value that is no session token is `malformed_cookie`.
    static func key(in headers: [String], name: String, memo: SessionKeyMemo? = nil) -> SessionKeyLookup {
        switch find(in: headers, name: name, { SessionToken.key(cookieValue: $0, memo: memo) }) {
        case .absent: .absent
        case .duplicate: .malformed(.duplicateSessionCookie)
        case .found(nil): .malformed(.malformedCookie)
        case .found(let key?): .key(key)
        }
    }

    /// The most session keys login and logout end for one request: a duplicate is a browser's stale cookie or a
    /// sibling domain's, so a few; more would let one request cost the store a delete per 45 header bytes.
    static let maximumPresentedKeys = 4

    /// Every distinct well-formed session key among the cookies named `name` (where the decision refuses a second
    /// one), at most ``maximumPresentedKeys``: login and logout end them all.
    static func presentedKeys(in headers: [String], name: String) -> [SessionKey] {
        var keys: [SessionKey] = []
        _ = scan(headers, for: name) { value in
            if let key = SessionToken.key(cookieValue: value), !keys.contains(key) { keys.append(key) }
            return keys.count < maximumPresentedKeys
        }
        return keys
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private enum Found<T> {
        case absent, duplicate, found(T)
    }

    /// Finds the one pair named `name` across the headers and hands its value's bytes to `take`.
    private static func find<T>(
        in headers: [String], name: String, _ take: (UnsafeBufferPointer<UInt8>) -> T
    ) -> Found<T> {
        var result = Found<T>.absent
        let duplicate = scan(headers, for: name) { value in
            if case .found = result { return false }
            result = .found(take(value))
            return true
        }
        return duplicate ? .duplicate : result
    }

    /// ``scan(_:for:_:)`` over every `Cookie` header, in order, until `take` returns `false`; returns `true` then.
    private static func scan(
        _ headers: [String], for name: String, _ take: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        var name = name
        for var header in headers {
            let stopped = header.withUTF8 { header in name.withUTF8 { name in scan(header, for: name, take) } }
            if stopped { return true }
        }
        return false
    }

    /// Walks one `Cookie` header's `name=value` pairs and hands each value named `name` to `take`, which
    /// returns `false` for a second one; returns `true` then (a duplicate).
    private static func scan(
        _ header: UnsafeBufferPointer<UInt8>, for name: UnsafeBufferPointer<UInt8>,
        _ take: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        // A name holding "=" matches nothing: the pair's name ends at its first "=".
        guard !name.contains(UInt8(ascii: "=")) else { return false }
        guard let base = header.baseAddress else { return false }
        var start = 0
        while start < header.count {
            // memchr and memcmp: a byte loop cost more than the rest of the scan (this runs for every cookie).
            var end = header.count
            if let semicolon = memchr(base + start, Int32(UInt8(ascii: ";")), header.count - start) {
                end = base.distance(to: semicolon.assumingMemoryBound(to: UInt8.self))
            }
            var pairStart = start
            while pairStart < end, isBlank(header[pairStart]) { pairStart += 1 }
            let equals = pairStart + name.count
            if equals < end, header[equals] == UInt8(ascii: "="),
                name.isEmpty || memcmp(base + pairStart, name.baseAddress!, name.count) == 0
            {
                var valueEnd = end
                while valueEnd > equals + 1, isBlank(header[valueEnd - 1]) { valueEnd -= 1 }
                if !take(UnsafeBufferPointer(rebasing: header[(equals + 1)..<valueEnd])) { return true }
            }
            start = end + 1
        }
        return false
    }
}

/// The session cookie of a request, as its key.
enum SessionKeyLookup {
    case absent
    case key(SessionKey)
    case malformed(RefusalReason)
}
