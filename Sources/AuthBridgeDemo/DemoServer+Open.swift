public import AuthBridge
import AuthBridgeConfig
import AuthBridgePostgres
import AuthBridgeSQLite
import Foundation
import ServiceLifecycle
public import Logging

extension DemoServer {
    /// Opens the demo as `demo-server` does: AuthBridge's settings and `AUTHBRIDGE_DEMO_*` from `environment`;
    /// sessions and usage counts in the store `AUTHBRIDGE_STORE_URL` names (default `sqlite:authbridge.sqlite`;
    /// a `postgres://` URL for a fleet of instances), so `authbridge report` reads the demo's usage from it; users
    /// in that SQLite file or in `AUTHBRIDGE_DEMO_USERS_FILE`. Session reads go through a
    /// ``CachedSessionStore`` unless `AUTHBRIDGE_SESSION_CACHE=off`.
    /// Configuration warnings (typos, an insecure cookie) are logged.
    /// - Parameters:
    ///   - environment: the `AUTHBRIDGE_*` variables.
    ///   - usageStore: where usage batches go; `nil` for the SQLite file.
    ///   - recorder: also receives every usage event.
    ///   - logger: server, decision and usage log lines.
    /// - Throws: `ConfigurationError` for a bad setting (a JWT secret under 32 bytes, say);
    ///   `SessionStoreError` when the store URL or the users file is not usable.
    public static func open(
        environment: [String: String], usageStore: (any UsageStore)? = nil, recorder: (any UsageRecorder)? = nil,
        logger: Logger = Logger(label: "authbridge.demo")
    ) async throws -> DemoServer {
        let loaded = try await AuthBridgeEnvironment.load(from: environment)
        let settings = try DemoSettings(environment: environment)
        for warning in loaded.warnings {
            logger.warning("configuration: \(warning)")
        }
        let store = try StoreURL(parsing: loaded.storeURL)
        // The users table first: it waits out a closing connection's WAL clean-up (see UserDirectory), and while
        // its pool is open no other pool's close is the last one, so the session store then opens undisturbed.
        let usersPath: String
        switch store {
        case .sqlite(let path): usersPath = settings.usersFile ?? path
        case .postgres: usersPath = settings.usersFile ?? "authbridge-demo-users.sqlite"
        }
        let users: UserDirectory
        do {
            users = try UserDirectory(path: URL(fileURLWithPath: usersPath).standardizedFileURL.path)
        } catch {
            let setting = settings.usersFile == nil ? StoreURL.defaultSetting : ConfigurationVariable.demoUsersFile.name
            throw SessionStoreError(.invalidConfiguration, "\(setting): \(error.detail)")
        }
        let durable: any SessionStore & UsageStore
        var services: [any Service] = []
        switch store {
        case .sqlite(let path):
            durable = try SQLiteSessionStore(path: settings.usersFile == nil ? users.path : path)
        case .postgres(let endpoint):
            let postgres = try PostgresSessionStore(endpoint: endpoint, callTimeout: .seconds(2), logger: logger)
            durable = postgres
            services.append(postgres)
        }
        let sessions: any SessionStore =
            settings.sessionCache
            ? CachedSessionStore(wrapping: durable, maximumAge: settings.sessionCacheMaxAge) : durable
        var server = DemoServer(
            settings: settings, configuration: loaded.configuration, sessions: sessions, users: users,
            usageStore: usageStore ?? durable, recorder: recorder, logger: logger)
        server.storeServices = services
        return server
    }
}
