public import ArgumentParser
public import AuthBridgeConfig

/// Options every `authbridge` command shares; the rest of the configuration comes from `AUTHBRIDGE_*`
/// environment variables.
public struct SharedOptions: ParsableArguments, Sendable {
    /// Overrides `AUTHBRIDGE_STORE_URL`.
    @Option(
        name: [.customLong("store"), .customLong("store-url")],
        help: ArgumentHelp(
            "The session store URL; overrides AUTHBRIDGE_STORE_URL (prefer the variable when the URL holds a password).",
            valueName: "url"
        ))
    public var storeURL: String?

    public init() {}

    /// The environment with the options applied over it.
    public func environment(_ base: [String: String]) -> [String: String] {
        var environment = base
        if let storeURL { environment[ConfigurationVariable.storeURL.name] = storeURL }
        return environment
    }

    /// The store URL in force: the option, else `AUTHBRIDGE_STORE_URL`, else the embedded SQLite default the
    /// middleware uses too.
    public func storeURL(_ environment: [String: String]) -> String {
        storeURL ?? environment[ConfigurationVariable.storeURL.name] ?? AuthBridgeEnvironment.defaultStoreURL
    }

    /// Loads the configuration from `environment` with the options applied.
    public func load(environment: [String: String]) async throws(ConfigurationError) -> LoadedConfiguration {
        try await AuthBridgeEnvironment.load(from: self.environment(environment))
    }
}
