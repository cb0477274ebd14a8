/// Something in the configuration that works but deserves a look: an unknown `AUTHBRIDGE_*` variable (a
/// likely typo), an insecure cookie, a setting with no effect. The caller logs these at start-up.
public struct ConfigurationWarning: Sendable, Hashable, CustomStringConvertible {
    /// The variable concerned.
    public let variable: String
    /// What to look at; never holds a secret.
    public let message: String

    /// Creates a warning.
    public init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }

    public var description: String { "\(variable): \(message)" }
}
