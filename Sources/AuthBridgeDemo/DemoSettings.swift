public import AuthBridgeConfig
import Foundation

/// What `demo-server` reads besides AuthBridge's own settings: where it listens and how hard it hashes
/// passwords. Read from `AUTHBRIDGE_DEMO_*` environment variables (empty counts as unset).
public struct DemoSettings: Sendable, Hashable {
    /// The address to listen on. Default `127.0.0.1`: the demo is not meant to be reachable from elsewhere.
    public var host: String
    /// The port to listen on; 0 picks a free one. Default 8080.
    public var port: Int
    /// The bcrypt cost (log2 rounds) of new password hashes, 4...31. Default 10 (about 50 ms a hash);
    /// tests and `authbridge demo` use 4.
    public var bcryptCost: Int
    /// The SQLite file of the users table; `nil` for the store's own file (with PostgreSQL,
    /// `authbridge-demo-users.sqlite`). Instances sharing one PostgreSQL store share this file.
    public var usersFile: String?
    /// Time between expired-session prunes; the first runs at start-up. Default 5 minutes.
    public var pruneInterval: Duration
    /// Whether session reads are served from a ``CachedSessionStore`` in front of the store. Default on.
    public var sessionCache: Bool
    /// How stale a cached session may be: the bound on honouring a logout or revoke made elsewhere. Default 1 s.
    public var sessionCacheMaxAge: Duration

    /// Creates settings with the documented defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, bcryptCost: Int = 10, usersFile: String? = nil,
        pruneInterval: Duration = .seconds(300), sessionCache: Bool = true, sessionCacheMaxAge: Duration = .seconds(1)
    ) {
        self.host = host
        self.port = port
        self.bcryptCost = bcryptCost
        self.usersFile = usersFile
        self.pruneInterval = pruneInterval
        self.sessionCache = sessionCache
        self.sessionCacheMaxAge = sessionCacheMaxAge
    }

    /// Reads `AUTHBRIDGE_DEMO_HOST`, `AUTHBRIDGE_DEMO_PORT`, `AUTHBRIDGE_DEMO_BCRYPT_COST`,
    /// `AUTHBRIDGE_DEMO_USERS_FILE`, `AUTHBRIDGE_DEMO_PRUNE_INTERVAL`, `AUTHBRIDGE_SESSION_CACHE` and
    /// `AUTHBRIDGE_SESSION_CACHE_MAX_AGE`.
    /// - Throws: a ``ConfigurationError`` naming the variable, its value and the accepted values.
    public init(environment: [String: String]) throws(ConfigurationError) {
        self.init()
        if let host = Self.value(.demoHost, environment) {
            guard !host.contains(where: \.isWhitespace), !host.contains("/") else {
                throw ConfigurationError(.invalidValue, .demoHost, value: host)
            }
            self.host = host
        }
        if let port = try Self.integer(.demoPort, environment, in: 0...65535) { self.port = port }
        if let cost = try Self.integer(.demoBcryptCost, environment, in: 4...31) { bcryptCost = cost }
        usersFile = Self.value(.demoUsersFile, environment)
        if let interval = try Self.duration(.demoPruneInterval, environment, in: 0.01...86_400) {
            pruneInterval = interval
        }
        if let text = Self.value(.sessionCache, environment) {
            switch text.lowercased() {
            case "on", "true", "yes", "1": sessionCache = true
            case "off", "false", "no", "0": sessionCache = false
            default: throw ConfigurationError(.invalidValue, .sessionCache, value: text)
            }
        }
        if let age = try Self.duration(.sessionCacheMaxAge, environment, in: 0.001...60) { sessionCacheMaxAge = age }
    }

    private static func duration(
        _ variable: ConfigurationVariable, _ environment: [String: String], in range: ClosedRange<Double>
    ) throws(ConfigurationError) -> Duration? {
        guard let text = value(variable, environment) else { return nil }
        let milliseconds = text.hasSuffix("ms") ? Int(text.dropLast(2)).map { Double($0) / 1000 } : nil
        guard let seconds = milliseconds ?? ConfigurationDuration.parse(text), range.contains(seconds) else {
            throw ConfigurationError(.invalidValue, variable, value: text)
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    private static func value(_ variable: ConfigurationVariable, _ environment: [String: String]) -> String? {
        let value = environment[variable.name]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }

    private static func integer(
        _ variable: ConfigurationVariable, _ environment: [String: String], in range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int? {
        guard let text = value(variable, environment) else { return nil }
        guard text.allSatisfy(\.isASCII), let number = Int(text), range.contains(number) else {
            throw ConfigurationError(.invalidValue, variable, value: text)
        }
        return number
    }
}
