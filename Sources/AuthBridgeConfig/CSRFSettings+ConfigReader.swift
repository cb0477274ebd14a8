public import AuthBridge
public import Configuration

extension CSRFSettings {
    /// Reads the CSRF origins.
    ///
    /// - Configuration keys:
    ///   - `csrf.origin` (`scheme://host[:port]`, default: the request's scheme and `Host`).
    ///   - `csrf.allowedOrigins` (origins, comma-separated).
    /// - Throws: ``ConfigurationError`` naming the first bad variable.
    public init(reader: ConfigReader) throws(ConfigurationError) {
        let settings = SettingReader(reader: reader)
        self.init(
            ownOrigin: try settings.value(.csrfOrigin) { SettingValue.origin($0) },
            allowedOrigins: Set(try settings.list(.csrfAllowedOrigins) { SettingValue.origin($0) })
        )
    }
}
