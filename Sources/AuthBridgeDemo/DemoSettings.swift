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

    /// Creates settings with the documented defaults.
    public init(host: String = "127.0.0.1", port: Int = 8080, bcryptCost: Int = 10) {
        self.host = host
        self.port = port
        self.bcryptCost = bcryptCost
    }

    /// Reads `AUTHBRIDGE_DEMO_HOST`, `AUTHBRIDGE_DEMO_PORT` and `AUTHBRIDGE_DEMO_BCRYPT_COST`.
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
