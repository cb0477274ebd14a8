public import AuthBridge
public import Configuration

extension AuthBridgeConfiguration {
    /// Reads the whole configuration: keys (``JWTSettings/init(reader:)``), cookie and lifetimes
    /// (``SessionSettings/init(reader:)``), the migration flags (``JWTPolicy/init(reader:)``) and CSRF origins
    /// (``CSRFSettings/init(reader:)``). Keys are relative to the reader's scope (`authbridge` for the
    /// environment).
    /// - Throws: ``ConfigurationError`` naming the first bad variable.
    public init(reader: ConfigReader) async throws(ConfigurationError) {
        self.init(
            jwt: try await JWTSettings(reader: reader),
            sessions: try SessionSettings(reader: reader),
            policy: try JWTPolicy(reader: reader),
            csrf: try CSRFSettings(reader: reader)
        )
    }
}
