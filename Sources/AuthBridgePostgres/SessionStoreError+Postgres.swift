import AuthBridge
import PostgresNIO

extension SessionStoreError {
    /// Maps a PostgresNIO error; keeps the SQLSTATE and the server's message, never the query's values.
    init(postgres error: any Error, setting: String) {
        if let error = error as? SessionStoreError {
            self = error
            return
        }
        guard let error = error as? PSQLError else {
            self.init(.unavailable, "PostgreSQL call failed: \(type(of: error))")
            return
        }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            self.init(.unavailable, "PostgreSQL cannot be reached (\(error.code))")
            return
        }
        let message = error.serverInfo?[.message] ?? ""
        switch state {
        case "23505":
            self.init(.duplicateKey, "a session with this key exists")
        case "28P01", "28000":
            self.init(.invalidConfiguration, "\(setting): PostgreSQL refused the user or password (\(state))")
        case "3D000":
            self.init(.invalidConfiguration, "\(setting): the database does not exist (\(state)): \(message)")
        case "42501":
            self.init(.invalidConfiguration, "\(setting): the user lacks a privilege (\(state)): \(message)")
        default:
            self.init(.unavailable, "PostgreSQL error \(state): \(message)")
        }
    }
}
