import AuthBridge
import Foundation
import GRDB

/// One row of `authbridge_sessions`, as read inside a database access and decoded after it.
struct SQLiteRow: Sendable {
    var key: [UInt8]
    var userID: String
    var data: String
    var version: Int64
    var createdAt: Int64
    var lastSeenAt: Int64
    var idleExpiresAt: Int64
    var absoluteExpiresAt: Int64

    init(_ record: SessionRecord) throws(SessionStoreError) {
        key = record.key.bytes
        userID = record.userID
        data = try record.data.jsonText()
        version = record.version
        createdAt = record.createdAt.microseconds
        lastSeenAt = record.lastSeenAt.microseconds
        idleExpiresAt = record.idleExpiresAt.microseconds
        absoluteExpiresAt = record.absoluteExpiresAt.microseconds
    }

    /// Reads the columns of ``SQLiteSQL/columns``.
    init(row: Row) {
        key = [UInt8](row[0] as Data)
        userID = ""
        data = row[1]
        version = row[2]
        createdAt = row[3]
        lastSeenAt = row[4]
        idleExpiresAt = row[5]
        absoluteExpiresAt = row[6]
    }

    static func fetchOne(_ db: Database, key: SessionKey) throws -> SQLiteRow? {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: SQLiteSQL.read), arguments: [Data(key.bytes)])
        return try cursor.next().map(SQLiteRow.init(row:))
    }

    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [SQLiteRow] {
        try Array(Row.fetchCursor(statement, arguments: arguments).map(SQLiteRow.init(row:)))
    }

    func insert(_ db: Database) throws {
        try db.cachedStatement(sql: SQLiteSQL.insert).execute(arguments: [
            Data(key), userID, data, version, createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt,
        ])
    }

    func record() throws(SessionStoreError) -> SessionRecord {
        guard key.count == 32 else { throw SessionStoreError(.invalidData, "a stored session key is not 32 bytes") }
        return SessionRecord(
            key: SessionKey(bytes: key), data: try SessionData(jsonText: data), version: version,
            createdAt: Date(microseconds: createdAt), lastSeenAt: Date(microseconds: lastSeenAt),
            idleExpiresAt: Date(microseconds: idleExpiresAt), absoluteExpiresAt: Date(microseconds: absoluteExpiresAt)
        )
    }
}

extension Date {
    /// Microseconds since 1970, rounded: the SQLite store's time format.
    var microseconds: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }

    init(microseconds: Int64) {
        self.init(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}
