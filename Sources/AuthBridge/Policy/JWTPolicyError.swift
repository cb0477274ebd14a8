/// A migration-policy value that cannot be used: a route pattern, interval, date or link. Raised when the
/// policy is built, never per request.
public struct JWTPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String {
            case invalidRoutePattern, invalidTimestamp, invalidInterval, invalidLink, sunsetBeforeDeprecation
            case deprecationDateRequired
        }
        fileprivate let value: Value
        /// A route pattern is malformed.
        public static let invalidRoutePattern = Code(value: .invalidRoutePattern)
        /// A timestamp is not RFC 3339.
        public static let invalidTimestamp = Code(value: .invalidTimestamp)
        /// A brownout is not an ISO 8601 interval, or ends before it starts.
        public static let invalidInterval = Code(value: .invalidInterval)
        /// The deprecation link is not an absolute URL that fits in a `Link` header.
        public static let invalidLink = Code(value: .invalidLink)
        /// The sunset is earlier than the deprecation.
        public static let sunsetBeforeDeprecation = Code(value: .sunsetBeforeDeprecation)
        /// Mode `deprecate` has no deprecation date to send.
        public static let deprecationDateRequired = Code(value: .deprecationDateRequired)
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// Which value, and why.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "JWT policy error (\(code)): \(detail)" }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
