import AuthBridge
import AuthBridgeConfig
import AuthBridgeDemo
import AuthBridgeTesting
import Logging

// TEMPORARY until the SQLite store lands: sessions in memory, shared by the phases of one run.
extension DemoCommand {
    static func opener(logger: Logger) -> DemoScenario.ServerOpener {
        let sessions = MemorySessionStore()
        return { environment, recorder in
            let loaded = try await AuthBridgeEnvironment.load(from: environment)
            let path = String(loaded.storeURL.dropFirst("sqlite:".count))
            return DemoServer(
                settings: try DemoSettings(environment: environment), configuration: loaded.configuration,
                sessions: sessions, users: try UserDirectory(path: path), recorder: recorder, logger: logger)
        }
    }
}
