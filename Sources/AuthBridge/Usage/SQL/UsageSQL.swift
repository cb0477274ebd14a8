/// The usage tables and statements, shared by the SQLite and PostgreSQL stores.
///
/// Rollups are kept per minute (for detail and loss accounting) and per UTC day (so a report over months
/// reads tens of thousands of rows, not millions); both are upserted in the same transaction.
public struct UsageSQL: Sendable {
    /// The SQL dialects.
    public enum Dialect: Sendable { case sqlite, postgres }

    /// The dialect.
    public let dialect: Dialect
    public let minuteTable: String
    public let dayTable: String
    public let routeClientTable: String
    public let clientTable: String
    public let instanceTable: String
    public let dropTable: String

    /// Statements for a dialect, with table names qualified by `prefix` (e.g. `"myschema".`).
    public init(dialect: Dialect, prefix: String = "") {
        self.dialect = dialect
        minuteTable = prefix + "authbridge_usage_minute"
        dayTable = prefix + "authbridge_usage_day"
        routeClientTable = prefix + "authbridge_usage_jwt_routes"
        clientTable = prefix + "authbridge_usage_jwt_clients"
        instanceTable = prefix + "authbridge_usage_instances"
        dropTable = prefix + "authbridge_usage_drops"
    }

    private let rollupKey = "bucket, instance, route, method, path, outcome, reason, would_refuse"
    private var integer: String { dialect == .sqlite ? "INTEGER" : "BIGINT" }
    private var noRowID: String { dialect == .sqlite ? " WITHOUT ROWID" : "" }
    private var greatest: String { dialect == .sqlite ? "max" : "greatest" }

    /// The schema, one statement per element.
    public var schema: [String] {
        func rollups(_ table: String) -> String {
            """
            CREATE TABLE \(table) (
                bucket \(integer) NOT NULL, instance TEXT NOT NULL, route TEXT NOT NULL, method TEXT NOT NULL,
                path TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL, would_refuse TEXT NOT NULL,
                count \(integer) NOT NULL,
                PRIMARY KEY (\(rollupKey))
            )\(noRowID)
            """
        }
        return [
            rollups(minuteTable), rollups(dayTable),
            """
            CREATE TABLE \(routeClientTable) (
                route TEXT NOT NULL, method TEXT NOT NULL, client TEXT NOT NULL,
                last_seen \(integer) NOT NULL, count \(integer) NOT NULL,
                PRIMARY KEY (route, method, client)
            )\(noRowID)
            """,
            """
            CREATE TABLE \(clientTable) (
                subject TEXT NOT NULL, client TEXT NOT NULL, last_seen \(integer) NOT NULL, count \(integer) NOT NULL,
                PRIMARY KEY (subject, client)
            )\(noRowID)
            """,
            "CREATE INDEX authbridge_usage_jwt_clients_count ON \(clientTable) (count)",
            """
            CREATE TABLE \(instanceTable) (
                instance TEXT PRIMARY KEY NOT NULL, first_seen \(integer) NOT NULL, last_seen \(integer) NOT NULL
            )
            """,
            "CREATE TABLE \(dropTable) (instance TEXT NOT NULL, taken_at \(integer) NOT NULL, dropped \(integer) NOT NULL)",
        ]
    }

    /// Upserts a rollup row (bucket seconds, instance, route, method, path, outcome, reason, would_refuse, count).
    public func upsertRollup(into table: String) -> String {
        """
        INSERT INTO \(table) (\(rollupKey), count) VALUES (\(placeholders(9)))
        ON CONFLICT (\(rollupKey)) DO UPDATE SET count = \(table).count + excluded.count
        """
    }

    /// PostgreSQL only: upserts many rollup rows in one statement, in key order. Parameters: the instance, then one
    /// array per column (bucket seconds, route, method, path, outcome, reason, would_refuse, count); the keys must
    /// be distinct (one statement may not update a row twice).
    public func upsertRollupArrays(into table: String) -> String {
        let columns = "bucket, route, method, path, outcome, reason, would_refuse"
        return """
            INSERT INTO \(table) (\(rollupKey), count)
            SELECT bucket, $1::text, route, method, path, outcome, reason, would_refuse, count
            FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[])
                AS batch (\(columns), count)
            ORDER BY \(columns)
            ON CONFLICT (\(rollupKey)) DO UPDATE SET count = \(table).count + excluded.count
            """
    }

    /// PostgreSQL only: upserts many route clients in one statement, in key order. Parameters: one array per column
    /// (route, method, client, last seen µs, count); the keys must be distinct.
    public var upsertRouteClientArrays: String {
        """
        INSERT INTO \(routeClientTable) (route, method, client, last_seen, count)
        SELECT route, method, client, last_seen, count
        FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS batch (route, method, client, last_seen, count)
        ORDER BY route, method, client
        ON CONFLICT (route, method, client) DO UPDATE SET
            last_seen = greatest(\(routeClientTable).last_seen, excluded.last_seen), count = \(routeClientTable).count + excluded.count
        """
    }

    /// PostgreSQL only: upserts many JWT subjects and clients in one statement, in key order. Parameters: one array
    /// per column (subject, client, last seen µs, count); the keys must be distinct.
    public var upsertClientArrays: String {
        """
        INSERT INTO \(clientTable) (subject, client, last_seen, count)
        SELECT subject, client, last_seen, count
        FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS batch (subject, client, last_seen, count)
        ORDER BY subject, client
        ON CONFLICT (subject, client) DO UPDATE SET
            last_seen = greatest(\(clientTable).last_seen, excluded.last_seen), count = \(clientTable).count + excluded.count
        """
    }

    /// Upserts a route's JWT client (route, method, client, last seen µs, count).
    public var upsertRouteClient: String {
        """
        INSERT INTO \(routeClientTable) (route, method, client, last_seen, count) VALUES (\(placeholders(5)))
        ON CONFLICT (route, method, client) DO UPDATE SET
            last_seen = \(greatest)(\(routeClientTable).last_seen, excluded.last_seen), count = \(routeClientTable).count + excluded.count
        """
    }

    /// Upserts a JWT subject and client (subject, client, last seen µs, count).
    public var upsertClient: String {
        """
        INSERT INTO \(clientTable) (subject, client, last_seen, count) VALUES (\(placeholders(4)))
        ON CONFLICT (subject, client) DO UPDATE SET
            last_seen = \(greatest)(\(clientTable).last_seen, excluded.last_seen), count = \(clientTable).count + excluded.count
        """
    }

    /// Upserts the instance that wrote a batch (instance, first seen µs, last seen µs).
    public var upsertInstance: String {
        """
        INSERT INTO \(instanceTable) (instance, first_seen, last_seen) VALUES (\(placeholders(3)))
        ON CONFLICT (instance) DO UPDATE SET last_seen = \(greatest)(\(instanceTable).last_seen, excluded.last_seen)
        """
    }

    /// Records dropped events (instance, taken at µs, dropped).
    public var insertDrop: String {
        "INSERT INTO \(dropTable) (instance, taken_at, dropped) VALUES (\(placeholders(3)))"
    }

    /// Day rows from the first full day on (parameter: that day's start in seconds).
    public var selectDays: String {
        """
        SELECT bucket, route, method, path, outcome, reason, would_refuse, CAST(sum(count) AS BIGINT) FROM \(dayTable)
        WHERE bucket >= \(placeholder(1)) GROUP BY bucket, route, method, path, outcome, reason, would_refuse
        """
    }

    /// The partial first day of a window, in one statement (so one snapshot): from its minute rows while they are
    /// all there (their total equals the day rows'), else the whole day from its day rows (pruned, wholly or in
    /// part). Parameters: the day's start, the next day's, the day's start, since, the next day's, the day's start
    /// (seconds).
    public var selectPartialDay: String {
        let columns = "route, method, path, outcome, reason, would_refuse"
        let differs = dialect == .sqlite ? "IS NOT" : "IS DISTINCT FROM"
        return """
            WITH minutes AS (SELECT sum(count) AS total FROM \(minuteTable) WHERE bucket >= \(placeholder(1)) AND bucket < \(placeholder(2))),
                 days AS (SELECT sum(count) AS total FROM \(dayTable) WHERE bucket = \(placeholder(3)))
            SELECT \(columns), CAST(sum(count) AS BIGINT) FROM \(minuteTable)
            WHERE bucket >= \(placeholder(4)) AND bucket < \(placeholder(5)) AND (SELECT total FROM minutes) = (SELECT total FROM days)
            GROUP BY \(columns)
            UNION ALL
            SELECT \(columns), CAST(sum(count) AS BIGINT) FROM \(dayTable)
            WHERE bucket = \(placeholder(6)) AND (SELECT total FROM minutes) \(differs) (SELECT total FROM days)
            GROUP BY \(columns)
            """
    }

    /// How many minute rows one pruning statement deletes at most: each statement stays short, so it neither
    /// outlasts a call deadline nor holds SQLite's write lock for long.
    public static let pruneBatchSize = 10_000

    /// Deletes up to ``pruneBatchSize`` minute rows before a day's start, oldest first (parameter: seconds); on
    /// PostgreSQL rows another instance is deleting are skipped, and each deleted row is returned.
    public var deleteMinutesBefore: String {
        let locking = dialect == .sqlite ? "" : " FOR UPDATE SKIP LOCKED"
        let returning = dialect == .sqlite ? "" : " RETURNING 1"
        return """
            DELETE FROM \(minuteTable) WHERE (\(rollupKey)) IN (
                SELECT \(rollupKey) FROM \(minuteTable) WHERE bucket < \(placeholder(1)) ORDER BY bucket
                LIMIT \(Self.pruneBatchSize)\(locking)
            )\(returning)
            """
    }

    /// Route clients seen since (parameter: µs).
    public var selectRouteClients: String {
        "SELECT route, method, client, last_seen, count FROM \(routeClientTable) WHERE last_seen >= \(placeholder(1))"
    }

    /// The most active subjects and clients seen since (parameter: µs), at most ``UsageSummary/clientLimit``.
    public var selectClients: String {
        """
        SELECT subject, client, last_seen, count FROM \(clientTable) WHERE last_seen >= \(placeholder(1))
        ORDER BY count DESC, subject, client LIMIT \(UsageSummary.clientLimit)
        """
    }

    /// Dropped events since (parameter: µs).
    public var selectDropped: String {
        "SELECT CAST(coalesce(sum(dropped), 0) AS BIGINT) FROM \(dropTable) WHERE taken_at >= \(placeholder(1))"
    }

    /// When recording began: the earliest instance's first batch (µs), `NULL` before any.
    public var selectRecordingSince: String {
        "SELECT CAST(min(first_seen) AS BIGINT) FROM \(instanceTable)"
    }

    /// Instances seen since (parameter: µs).
    public var selectInstances: String {
        "SELECT instance FROM \(instanceTable) WHERE last_seen >= \(placeholder(1)) ORDER BY instance"
    }

    private func placeholder(_ index: Int) -> String { dialect == .sqlite ? "?" : "$\(index)" }
    private func placeholders(_ count: Int) -> String { (1...count).map(placeholder).joined(separator: ", ") }
}
