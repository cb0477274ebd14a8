/// A route rule of the migration policy, parsed once: an optional method and a path pattern.
///
/// - `POST /api/orders`: that method and path only; `/api/orders`: any method.
/// - `:name` (or `{name}`) and `*` match exactly one segment; `**` (last segment only) matches the rest of the
///   path, including nothing: `/api/admin/**` matches `/api/admin` and `/api/admin/users/7`.
/// - Matched against the route template the adapter passes (`/users/:id`) or a concrete path (`/users/42`):
///   `/users/:id` matches both. A literal in a pattern never matches a parameter of a template, so
///   `/users/me` does not match the template `/users/:id`.
/// - Paths are case-sensitive and compared byte for byte; repeated and trailing slashes are ignored; a query string
///   is ignored. Literal segments and parameter names hold no `*`, `?`, `#`, braces, spaces or control characters.
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
        func fail(_ why: String) -> JWTPolicyError {
            JWTPolicyError(.invalidRoutePattern, "route pattern \"\(text)\" \(why)")
        }
        // Split and checked by Unicode scalars, since matching compares bytes: split by characters, a '/' followed
        // by a combining mark would not end a segment (found by the route fuzz target).
        let parts = text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 1 || parts.count == 2 else { throw fail("must be '[METHOD] /path'") }
        if parts.count == 2 {
            guard parts[0].allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) else {
                throw fail("has an invalid method")
            }
            method = Substring(parts[0]).uppercased()
        } else {
            method = nil
        }
        let pathText = parts[parts.count - 1]
        guard pathText.first == "/" else { throw fail("must start with '/' (after the optional method)") }
        var segments: [Segment] = []
        var canonical: [Substring] = []
        for scalars in pathText.split(separator: "/") {
            let piece = Substring(scalars)
            if segments.last == .rest { throw fail("has '**' before the last segment") }
            if scalars.elementsEqual("**".unicodeScalars) {
                segments.append(.rest)
            } else if scalars.elementsEqual("*".unicodeScalars) {
                segments.append(.one)
            } else if scalars.first == ":" || (scalars.first == "{" && scalars.last == "}") {
                let name = scalars.first == ":" ? scalars.dropFirst() : scalars.dropFirst().dropLast()
                guard !name.isEmpty else { throw fail("has a parameter without a name") }
                // A name holding '?' or '#' would make the pattern miss its own template (a route ends there).
                guard Self.isPlain(name) else { throw fail("has an invalid parameter name \"\(piece)\"") }
                segments.append(.one)
            } else {
                guard Self.isPlain(scalars) else {
                    throw fail("has an invalid segment \"\(piece)\" (use '*', '**' or ':name' as whole segments)")
                }
                segments.append(.literal(Array(piece.utf8)))
            }
            canonical.append(piece)
        }
        self.segments = segments
        self.path = "/" + canonical.joined(separator: "/")
    }

    /// Whether a segment's text (or a parameter's name) holds no wildcard, query, fragment, brace, space or control.
    private static func isPlain(_ scalars: Substring.UnicodeScalarView) -> Bool {
        !scalars.contains {
            "*?#{}".unicodeScalars.contains($0) || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
        }
    }

    /// `POST /api/orders` or `/api/admin/**`.
    public var description: String {
        method.map { "\($0) \(path)" } ?? path
    }
}
