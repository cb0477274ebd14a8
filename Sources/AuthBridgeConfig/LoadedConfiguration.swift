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

    /// The store URL with any password replaced by `***`, safe to print.
    public var redactedStoreURL: String {
        var text = storeURL
        if let scheme = text.range(of: "://") {
            let authorityEnd =
                text[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
            if let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
                let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
            {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        guard let query = text.firstIndex(of: "?") else { return text }
        let parameters = text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map {
            parameter in
            let name = parameter.prefix { $0 != "=" }
            let secretNames = ["password", "pass", "pwd", "secret", "token"]
            return secretNames.contains(name.lowercased()) && name.count < parameter.count
                ? "\(name)=***" : String(parameter)
        }
        return text[...query] + parameters.joined(separator: "&")
    }
}
