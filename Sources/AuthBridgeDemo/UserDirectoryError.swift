/// Why the users table could not do what was asked. Extensible: compare codes with the static members.
public struct UserDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case emailTaken, unavailable }
        fileprivate let value: Value
        /// Another user has this email.
        public static let emailTaken = Code(value: .emailTaken)
        /// The database could not answer.
        public static let unavailable = Code(value: .unavailable)
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// Details for logs; never holds a password or a hash.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
