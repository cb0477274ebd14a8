/// The statements the SQLite store runs; times are microseconds since 1970.
enum SQLiteSQL {
    static let table = "authbridge_sessions"
    static let columns = "key, data, version, created_at, last_seen_at, idle_expires_at, absolute_expires_at"
    static let expiresAt = "min(idle_expires_at, absolute_expires_at)"

    static let insert = """
        INSERT INTO \(table) (key, user_id, data, version, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let read = "SELECT \(columns) FROM \(table) WHERE key = ?"
    static let touch = "UPDATE \(table) SET last_seen_at = ?, idle_expires_at = ? WHERE key = ?"
    static let update = "UPDATE \(table) SET data = ?, user_id = ?, version = version + 1 WHERE key = ?"
    static let rotate = "UPDATE \(table) SET key = ? WHERE key = ?"
    static let destroy = "DELETE FROM \(table) WHERE key = ?"
    static let destroyAll = "DELETE FROM \(table) WHERE user_id = ?"
    static let list = "SELECT \(columns) FROM \(table) WHERE user_id = ? ORDER BY created_at, key"
    static let prune = """
        DELETE FROM \(table) WHERE key IN (SELECT key FROM \(table) WHERE \(expiresAt) <= ? LIMIT ?)
        """
}
