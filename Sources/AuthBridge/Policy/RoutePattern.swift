/// A route rule of the migration policy, parsed once: an optional method and a path pattern.
///
/// - `POST /api/orders`: that method and path only; `/api/orders`: any method.
/// - `:name` (or `{name}`) and `*` match exactly one segment; `**` (last segment only) matches the rest of the
///   path, including nothing: `/api/admin/**` matches `/api/admin` and `/api/admin/users/7`.
/// - Matched against the route template the adapter passes (`/users/:id`) or a concrete path (`/users/42`):
///   `/users/:id` matches both. A literal in a pattern never matches a parameter of a template, so
///   `/users/me` does not match the template `/users/:id`.
/// - Paths are case-sensitive; repeated and trailing slashes are ignored; a query string is ignored.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal([UInt8])
        /// One segment (`:name`, `{name}`, `*`).
        case one
        /// The rest of the path (`**`).
        case rest
    }

    /// The method, upper case, or `nil` for any method.
    public let method: String?
    /// The path pattern in canonical form (`/users/:id`).
    public let path: String
    let segments: [Segment]

    /// Parses a pattern such as `POST /api/orders`, `/api/admin/**` or `/users/:id`.
    /// - Throws: ``JWTPolicyError/Code/invalidRoutePattern`` naming what is wrong.
    public init(_ text: String) throws(JWTPolicyError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        func fail(_ why: String) -> JWTPolicyError {
            JWTPolicyError(.invalidRoutePattern, "route pattern \"\(text)\" \(why)")
        }
        guard parts.count == 1 || parts.count == 2 else { throw fail("must be '[METHOD] /path'") }
        if parts.count == 2 {
            guard parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) else { throw fail("has an invalid method") }
            method = parts[0].uppercased()
        } else {
            method = nil
        }
        let pathText = parts[parts.count - 1]
        guard pathText.hasPrefix("/") else { throw fail("must start with '/' (after the optional method)") }
        var segments: [Segment] = []
        var canonical: [String] = []
        for piece in pathText.split(separator: "/") {
            if segments.last == .rest { throw fail("has '**' before the last segment") }
            if piece == "**" {
                segments.append(.rest)
            } else if piece == "*" {
                segments.append(.one)
            } else if piece.first == ":" || (piece.first == "{" && piece.last == "}") {
                guard piece.count > (piece.first == ":" ? 1 : 2) else { throw fail("has a parameter without a name") }
                segments.append(.one)
            } else {
                guard
                    !piece.contains(where: {
                        "*?#{}".contains($0) || $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true
                    })
                else {
                    throw fail("has an invalid segment \"\(piece)\" (use '*', '**' or ':name' as whole segments)")
                }
                segments.append(.literal(Array(piece.utf8)))
            }
            canonical.append(String(piece))
        }
        self.segments = segments
        self.path = "/" + canonical.joined(separator: "/")
    }

    /// `POST /api/orders` or `/api/admin/**`.
    public var description: String {
        method.map { "\($0) \(path)" } ?? path
    }
}
