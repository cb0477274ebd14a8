public import AuthBridge
public import Configuration

extension JWTPolicy {
    /// Reads the migration flags. Keys are relative to the reader's scope; scoped to `authbridge` over
    /// environment variables, `jwt.offRoutes` is `AUTHBRIDGE_JWT_OFF_ROUTES` (see ``ConfigurationVariable``).
    ///
    /// - Configuration keys:
    ///   - `jwt` (accept|deprecate|off, default accept): the global mode.
    ///   - `jwt.offRoutes`, `jwt.onRoutes` (route patterns, comma-separated): routes switched off, and the
    ///     exceptions kept on (on wins over off routes and off methods).
    ///   - `jwt.offMethods` (methods, comma-separated): methods switched off.
    ///   - `jwt.issue` (on|off, default on), `jwt.upgrade` (default off), `jwt.dryRun` (default off).
    ///   - `jwt.upgradeInterval` (duration, default 10m, at most 1d): at most one upgrade per token per interval.
    ///   - `jwt.deprecation`, `jwt.sunset` (RFC 3339), `jwt.deprecationLink` (URL): deprecation headers.
    ///   - `jwt.brownouts` (ISO 8601 intervals, comma-separated), `jwt.issuedAfter` (RFC 3339).
    /// - Throws: ``ConfigurationError`` naming the first bad variable.
    public init(reader: ConfigReader) throws(ConfigurationError) {
        let settings = SettingReader(reader: reader)
        self.init(
            mode: try settings.choice(.jwtMode, Mode.self) ?? .accept,
            offMethods: Set(
                try settings.list(.jwtOffMethods) {
                    $0.allSatisfy { $0.isASCII && $0.isLetter } ? $0.uppercased() : nil
                }),
            issue: try settings.flag(.jwtIssue) ?? true,
            upgrade: try settings.flag(.jwtUpgrade) ?? false,
            upgradeInterval: try settings.duration(.jwtUpgradeInterval, in: 0...86400) ?? 600,
            dryRun: try settings.flag(.jwtDryRun) ?? false,
            issuedAfter: try settings.timestamp(.jwtIssuedAfter),
            offRoutes: try settings.list(.jwtOffRoutes) { (text) throws(JWTPolicyError) in try RoutePattern(text) },
            onRoutes: try settings.list(.jwtOnRoutes) { (text) throws(JWTPolicyError) in try RoutePattern(text) },
            deprecation: try settings.timestamp(.jwtDeprecation),
            sunset: try settings.timestamp(.jwtSunset),
            deprecationLink: settings.string(.jwtDeprecationLink),
            brownouts: try settings.list(.jwtBrownouts) { (text) throws(JWTPolicyError) in try Brownout(iso8601: text) }
        )
        do {
            try validate()
        } catch {
            let variable: ConfigurationVariable
            let code: ConfigurationError.Code
            switch error.code {
            case .sunsetBeforeDeprecation: (variable, code) = (.jwtSunset, .conflictingValues)
            case .deprecationDateRequired: (variable, code) = (.jwtDeprecation, .conflictingValues)
            default: (variable, code) = (.jwtDeprecationLink, .invalidValue)
            }
            throw ConfigurationError(code, variable, value: settings.string(variable), detail: error.detail)
        }
    }
}
