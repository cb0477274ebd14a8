import AuthBridge
import GRDB

extension SessionStoreError {
    /// Maps an error thrown inside a database access; keeps SQLite's code, never the SQL or its arguments.
    init(sqlite error: any Error) {
        if let error = error as? SessionStoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self.init(.unavailable, "SQLite access failed: \(type(of: error))")
            return
        }
        let sqliteCode = "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            self.init(.duplicateKey, "a session with this key exists (\(sqliteCode))")
        default:
            self.init(.unavailable, "\(sqliteCode): \(error.message ?? "no message")")
        }
    }
}
