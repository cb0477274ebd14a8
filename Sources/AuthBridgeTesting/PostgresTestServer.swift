public import Foundation

/// The PostgreSQL server tests and benchmarks use, from the environment `.ci/run` sets.
public enum PostgresTestServer {
    /// `AUTHBRIDGE_TEST_POSTGRES_URL`, else a URL built from `POSTGRES_HOST`, `POSTGRES_PORT` (default 5432),
    /// `POSTGRES_USER`, `POSTGRES_PASSWORD` and `POSTGRES_DB` (default: the user); `nil` when none is set.
    public static func url(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let url = environment["AUTHBRIDGE_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        guard let host = environment["POSTGRES_HOST"], let user = environment["POSTGRES_USER"] else { return nil }
        var components = URLComponents()
        components.scheme = "postgres"
        components.host = host
        components.port = Int(environment["POSTGRES_PORT"] ?? "5432")
        components.user = user
        components.password = environment["POSTGRES_PASSWORD"]
        components.path = "/" + (environment["POSTGRES_DB"] ?? user)
        return components.string
    }

    /// Whether PostgreSQL tests run: a server is configured, or `CI=true` (where a missing one is a failure).
    public static func enabled(in environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        url(in: environment) != nil || environment["CI"] == "true"
    }
}
