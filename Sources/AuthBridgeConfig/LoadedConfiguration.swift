public import AuthBridge
import Foundation

/// The result of reading the environment at start-up.
public struct LoadedConfiguration: Sendable {
    /// Keys, cookie, lifetimes, policy and CSRF settings for ``Authenticator``.
    public var configuration: AuthBridgeConfiguration
    /// `AUTHBRIDGE_STORE_URL` as given (a secret: it may hold a password); the store modules interpret it.
    public var storeURL: String
    /// Things to log at start-up: likely typos, an insecure cookie, settings with no effect.
    public var warnings: [ConfigurationWarning]

    /// Creates a result.
    public init(configuration: AuthBridgeConfiguration, storeURL: String, warnings: [ConfigurationWarning] = []) {
        self.configuration = configuration
        self.storeURL = storeURL
        self.warnings = warnings
    }

    /// The store URL as the store reads it, safe to print (``redacted(storeURL:)``).
    public var redactedStoreURL: String { Self.redacted(storeURL: storeURL) }

    /// A store URL as the store reads it, safe to print: a PostgreSQL URL as its parsed endpoint (password `***`,
    /// port and `sslmode` explicit), a SQLite path as given; anything the store would refuse, a PostgreSQL URL whose
    /// password needs percent-encoding, or a SQLite "path" holding `@` or `?`, as `set, not shown (…)`.
    ///
    /// The text is never cut up by hand: a password holding `/`, `?` or `#` (legal only percent-encoded) ends the
    /// authority early, so the rest of the password would read as host, port, path or query.
    public static func redacted(storeURL text: String) -> String {
        let hidden = "set, not shown"
        guard let parsed = try? StoreURL(parsing: text) else {
            return "\(hidden) (not a usable store URL: the store would refuse it)"
        }
        switch parsed {
        case .postgres(let endpoint):
            // An '@' after the authority means the authority ended inside the user's information (a raw '/', '?' or
            // '#' in the password): host, port or database would then show part of the password.
            guard let components = URLComponents(string: text),
                !(components.percentEncodedPath + (components.percentEncodedQuery ?? "")
                    + (components.percentEncodedFragment ?? "")).contains("@")
            else { return "\(hidden) (a PostgreSQL URL whose password needs percent-encoding)" }
            return endpoint.description
        case .sqlite:
            // A path never needs a password; one with '@' or '?' is likely a URL missing its scheme, or a query
            // (`?password=`) the SQLite store would take as part of the file name.
            return text.contains("@") || text.contains("?")
                ? "\(hidden) (a SQLite path with '@' or '?' may be a URL holding a password)" : text
        }
    }
}
