/// One `AUTHBRIDGE_*` environment variable: its name, the configuration key it is read under, and what it
/// accepts. The full list is ``ConfigurationVariable/all``.
public struct ConfigurationVariable: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable, e.g. `AUTHBRIDGE_JWT_OFF_ROUTES`.
    public let name: String
    /// The key relative to the `authbridge` scope, e.g. `jwt.offRoutes`.
    public let key: String
    /// The accepted values, as shown in errors and in the README.
    public let accepted: String
    /// The default, as shown in the README (`-` for none).
    public let defaultValue: String
    /// What it does.
    public let summary: String
    /// Whether the value is a secret: never printed, logged or put in an error.
    public let isSecret: Bool

    init(
        _ name: String, key: String, accepted: String, default defaultValue: String = "-", secret: Bool = false,
        _ summary: String
    ) {
        self.name = name
        self.key = key
        self.accepted = accepted
        self.defaultValue = defaultValue
        self.summary = summary
        self.isSecret = secret
    }

    public var description: String { name }
}
