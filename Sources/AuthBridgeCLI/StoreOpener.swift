public import AuthBridge
import AuthBridgePostgres
import AuthBridgeSQLite
import Foundation

/// A store opened for a command: sessions and usage in one database.
public struct OpenedStore: Sendable {
    /// The sessions.
    public let sessions: any SessionStatisticsProviding
    /// The usage records.
    public let usage: any UsageStore
    /// Where it is, with any password hidden.
    public let description: String
}

/// A one-line error for the command line; never a stack trace, never a secret.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Opens the store a URL names, runs `body`, and closes it.
enum StoreOpener {
    static func withStore<T: Sendable>(
        url: String, setting: String = StoreURL.defaultSetting, _ body: @escaping @Sendable (OpenedStore) async throws -> T
    ) async throws -> T {
        switch try StoreURL(parsing: url, setting: setting) {
        case .sqlite(let path):
            // Reading commands never create a file: a missing one means nothing was recorded here.
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("no AuthBridge store at \(path) (set --store or \(setting)); is the middleware installed and pointed at it?")
            }
            let store = try SQLiteSessionStore(path: path, setting: setting)
            return try await body(OpenedStore(sessions: store, usage: store, description: "sqlite:" + store.path))
        case .postgres(let endpoint):
            let store = try PostgresSessionStore(endpoint: endpoint, setting: setting, callTimeout: .seconds(5))
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await store.run()
                    return nil
                }
                group.addTask { try await body(OpenedStore(sessions: store, usage: store, description: endpoint.description)) }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let result { return result }
                }
                throw CommandFailure("the PostgreSQL store stopped unexpectedly")
            }
        }
    }
}
