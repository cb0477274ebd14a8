import AuthBridge
import Logging
import PostgresNIO

/// The PostgreSQL schema: numbered migrations recorded in `authbridge_schema_version`, applied under an advisory
/// lock so that instances starting together migrate once. A recorded version above ``version`` is refused.
struct PostgresSchema: Sendable {
    /// The schema version this build writes and understands.
    static let version = 2

    /// The PostgreSQL schema (namespace) the tables live in.
    let name: String
    let setting: String

    var quotedName: String { "\"\(name)\"" }
    var sessions: String { "\(quotedName).authbridge_sessions" }
    var versions: String { "\(quotedName).authbridge_schema_version" }
    var usage: UsageSQL { UsageSQL(dialect: .postgres, prefix: "\(quotedName).") }

    /// Validates a schema name: letters, digits and `_`, at most 63 characters, not starting with a digit.
    init(name: String, setting: String) throws(SessionStoreError) {
        let allowed = name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        guard allowed, let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.utf8.count <= 63 else {
            throw SessionStoreError(.invalidConfiguration, "the PostgreSQL schema name '\(name)' is not a plain identifier")
        }
        self.name = name
        self.setting = setting
    }

    private var migrations: [(number: Int, statements: [String])] {
        [
            (
                1,
                [
                    """
                    CREATE TABLE \(sessions) (
                        key bytea PRIMARY KEY CHECK (octet_length(key) = 32),
                        user_id text NOT NULL,
                        data json NOT NULL,
                        version bigint NOT NULL,
                        created_at timestamptz NOT NULL,
                        last_seen_at timestamptz NOT NULL,
                        idle_expires_at timestamptz NOT NULL,
                        absolute_expires_at timestamptz NOT NULL
                    )
                    """,
                    "CREATE INDEX authbridge_sessions_user ON \(sessions) (user_id, created_at)",
                    "CREATE INDEX authbridge_sessions_expiry ON \(sessions) (LEAST(idle_expires_at, absolute_expires_at))",
                ]
            ),
            (2, usage.schema),
        ]
    }

    /// Brings the schema up to ``version`` in one transaction; throws `incompatibleSchema` for a newer one.
    func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("authbridge:" + name)))", logger: logger)
            let exists = try await connection.query("SELECT 1 FROM pg_namespace WHERE nspname = \(name)", logger: logger)
            if try await exists.collect().isEmpty {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(quotedName)"), logger: logger)
            }
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(versions) (
                            version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()
                        )
                        """
                ),
                logger: logger
            )
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT coalesce(max(version), 0)::int8 FROM \(versions)"), logger: logger
            )
            var current: Int64 = 0
            for try await found in rows.decode(Int64.self) { current = found }
            guard current <= Self.version else {
                throw SessionStoreError(
                    .incompatibleSchema,
                    "\(setting): schema \(name) holds session schema version \(current); this AuthBridge knows up to "
                        + "\(Self.version). Upgrade AuthBridge or use another schema; nothing was changed"
                )
            }
            for migration in migrations where migration.number > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO \(unescaped: versions) (version) VALUES (\(migration.number))", logger: logger
                )
                logger.info("session schema migrated", metadata: ["schema": "\(name)", "version": "\(migration.number)"])
            }
        }
    }
}
