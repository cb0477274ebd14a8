import AuthBridge
import Configuration
import Foundation

/// Reads AuthBridge's configuration from `AUTHBRIDGE_*` environment variables, once, at start-up.
///
/// ```swift
/// let loaded = try await AuthBridgeEnvironment.load(from: ProcessInfo.processInfo.environment)
/// for warning in loaded.warnings { logger.warning("\(warning)") }
/// let auth = Authenticator(configuration: loaded.configuration, store: store, resolver: SessionUserResolver())
/// ```
public enum AuthBridgeEnvironment {
    /// The prefix of every variable.
    public static let prefix = "AUTHBRIDGE_"
    /// The store URL used when `AUTHBRIDGE_STORE_URL` is not set.
    public static let defaultStoreURL = "sqlite:" + StoreURL.defaultSQLitePath

    /// Reads the configuration from environment variables.
    ///
    /// - Parameter environment: the process environment, or any dictionary of variables.
    /// - Returns: the configuration, the store URL and warnings to log (likely typos among unknown
    ///   `AUTHBRIDGE_*` variables, an insecure cookie, settings that have no effect).
    /// - Throws: one ``ConfigurationError`` naming the first bad variable, its value (unless secret) and the
    ///   accepted values.
    public static func load(from environment: [String: String]) async throws(ConfigurationError) -> LoadedConfiguration
    {
        let secrets = Set(ConfigurationVariable.all.filter(\.isSecret).map(\.name))
        let provider = EnvironmentVariablesProvider(
            environmentVariables: environment, secretsSpecifier: .specific(secrets))
        let reader = ConfigReader(provider: provider).scoped(to: "authbridge")
        let configuration = try await AuthBridgeConfiguration(reader: reader)
        let storeURL = SettingReader(reader: reader).string(.storeURL) ?? defaultStoreURL
        let warnings = unknownVariables(in: environment) + Self.warnings(for: configuration, environment: environment)
        return LoadedConfiguration(configuration: configuration, storeURL: storeURL, warnings: warnings)
    }

    /// `AUTHBRIDGE_*` variables (in any case) that AuthBridge does not read, with the nearest known name.
    public static func unknownVariables(in environment: [String: String]) -> [ConfigurationWarning] {
        let known = ConfigurationVariable.all.map(\.name)
        return environment.keys.sorted().compactMap { name in
            guard name.uppercased().hasPrefix(prefix), !known.contains(name) else { return nil }
            let hint = NearestName.suggestion(for: name, among: known).map { "; did you mean \($0)?" } ?? ""
            return ConfigurationWarning(variable: name, message: "unknown variable, ignored\(hint)")
        }
    }

    private static func warnings(for configuration: AuthBridgeConfiguration, environment: [String: String])
        -> [ConfigurationWarning]
    {
        var warnings: [ConfigurationWarning] = []
        func isSet(_ variable: ConfigurationVariable) -> Bool {
            environment[variable.name]?.trimmingCharacters(in: .whitespaces).isEmpty == false
        }
        let policy = configuration.policy
        if !configuration.sessions.secure {
            warnings.append(
                ConfigurationWarning(
                    variable: ConfigurationVariable.cookieSecure.name,
                    message:
                        "the session cookie is sent without Secure and without the __Host- prefix: plain-http development only"
                ))
        }
        if configuration.jwt == nil, policy.mode != .off {
            warnings.append(
                ConfigurationWarning(
                    variable: ConfigurationVariable.jwtSecret.name,
                    message:
                        "no JWT key is configured (secret, PEM key file or JWKS file): every bearer token is refused (jwt_disabled)"
                ))
        }
        if let jwt = configuration.jwt, policy.issue, !jwt.keys.canSign {
            warnings.append(
                ConfigurationWarning(
                    variable: ConfigurationVariable.jwtIssue.name,
                    message:
                        "issuance is on but no configured key can sign (a public key or JWKS only): login returns no JWT"
                ))
        }
        if policy.mode != .deprecate {
            let unused: [ConfigurationVariable] =
                policy.brownouts.isEmpty
                ? [.jwtDeprecation, .jwtSunset, .jwtDeprecationLink] : [.jwtDeprecation, .jwtDeprecationLink]
            for variable in unused where isSet(variable) {
                warnings.append(
                    ConfigurationWarning(
                        variable: variable.name,
                        message:
                            "deprecation headers are sent only with AUTHBRIDGE_JWT=deprecate (now \(policy.mode.rawValue))"
                    ))
            }
        }
        if policy.mode == .off {
            for variable in [ConfigurationVariable.jwtOffRoutes, .jwtOnRoutes, .jwtOffMethods, .jwtBrownouts]
            where isSet(variable) {
                warnings.append(
                    ConfigurationWarning(
                        variable: variable.name, message: "no effect: AUTHBRIDGE_JWT=off refuses JWTs everywhere"))
            }
        }
        if policy.dryRun {
            warnings.append(
                ConfigurationWarning(
                    variable: ConfigurationVariable.jwtDryRun.name,
                    message: "dry run: JWT refusals are only recorded (would_refuse), every verified JWT is let through"
                ))
        }
        return warnings
    }
}
