public import AuthBridge
import AuthBridgeConfig
import AuthBridgeSQLite
import Foundation
public import Logging

extension DemoServer {
    /// Opens the demo as `demo-server` does: AuthBridge's settings and `AUTHBRIDGE_DEMO_*` from `environment`;
    /// sessions, users and usage counts in the SQLite file `AUTHBRIDGE_STORE_URL` names (default
    /// `sqlite:authbridge.sqlite`), so `authbridge report` reads the demo's usage from that file.
    /// Configuration warnings (typos, an insecure cookie) are logged.
    /// - Parameters:
    ///   - environment: the `AUTHBRIDGE_*` variables.
    ///   - usageStore: where usage batches go; `nil` for the SQLite file.
    ///   - recorder: also receives every usage event.
    ///   - logger: server, decision and usage log lines.
    /// - Throws: `ConfigurationError` for a bad setting (a JWT secret under 32 bytes, say);
    ///   `SessionStoreError` when the store URL is not a usable SQLite file.
    public static func open(
        environment: [String: String], usageStore: (any UsageStore)? = nil, recorder: (any UsageRecorder)? = nil,
        logger: Logger = Logger(label: "authbridge.demo")
    ) async throws -> DemoServer {
        let loaded = try await AuthBridgeEnvironment.load(from: environment)
        let settings = try DemoSettings(environment: environment)
        for warning in loaded.warnings {
            logger.warning("configuration: \(warning)")
        }
        guard case .sqlite(let path) = try StoreURL(parsing: loaded.storeURL) else {
            throw SessionStoreError(
                .invalidConfiguration,
                "\(StoreURL.defaultSetting): the demo keeps its users next to the sessions in SQLite; "
                    + "give a path or a sqlite: URL"
            )
        }
        // The users table first: it waits out a closing connection's WAL clean-up (see UserDirectory), and while
        // its pool is open no other pool's close is the last one, so the session store then opens undisturbed.
        let users: UserDirectory
        do {
            users = try UserDirectory(path: URL(fileURLWithPath: path).standardizedFileURL.path)
        } catch {
            throw SessionStoreError(.invalidConfiguration, "\(StoreURL.defaultSetting): \(error.detail)")
        }
        let sessions = try SQLiteSessionStore(path: users.path)
        return DemoServer(
            settings: settings, configuration: loaded.configuration, sessions: sessions, users: users,
            usageStore: usageStore ?? sessions, recorder: recorder, logger: logger)
    }
}
