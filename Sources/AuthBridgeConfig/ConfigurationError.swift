/// A configuration value that stops start-up: names the variable, the value (unless it is a secret) and the
/// accepted values.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: String { case invalidValue, conflictingValues, unreadableFile, unusableKey }
        fileprivate let value: Value
        /// The value cannot be parsed or is out of range.
        public static let invalidValue = Code(value: .invalidValue)
        /// The value is fine alone but not with another variable's value.
        public static let conflictingValues = Code(value: .conflictingValues)
        /// A file the variable names cannot be read.
        public static let unreadableFile = Code(value: .unreadableFile)
        /// A key cannot be loaded (too short, wrong algorithm, unreadable PEM or JWKS).
        public static let unusableKey = Code(value: .unusableKey)
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The variable at fault, e.g. `AUTHBRIDGE_JWT_ISSUE`.
    public let variable: String
    /// The value, or `nil` for a secret.
    public let value: String?
    /// The accepted values.
    public let accepted: String
    /// Why the value is refused, when there is more to say than "not accepted"; never holds a secret.
    public let detail: String?

    /// Creates an error; the value of a secret variable is dropped.
    public init(_ code: Code, _ variable: ConfigurationVariable, value: String?, detail: String? = nil) {
        self.code = code
        self.variable = variable.name
        self.value = variable.isSecret ? nil : value
        self.accepted = variable.accepted
        self.detail = detail
    }

    public var description: String {
        let shown = value.map { "\"\($0)\"" } ?? "(secret, not shown)"
        let why = detail.map { ": \($0)" } ?? ""
        return "\(variable)=\(shown) is not valid\(why). Accepted: \(accepted)."
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.variable == rhs.variable }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(variable)
    }
}
