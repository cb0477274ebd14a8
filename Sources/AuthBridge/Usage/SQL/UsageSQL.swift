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

    /// Minute rows of the partial first day, summed (parameters: since and the first full day, in seconds).
    public var selectPartialDay: String {
        """
        SELECT route, method, path, outcome, reason, would_refuse, CAST(sum(count) AS BIGINT) FROM \(minuteTable)
        WHERE bucket >= \(placeholder(1)) AND bucket < \(placeholder(2))
        GROUP BY route, method, path, outcome, reason, would_refuse
        """
    }

    /// One minute row of a day, if any is left (parameters: the day's start and the next day's, in seconds).
    public var selectAnyMinuteOfDay: String {
        "SELECT 1 FROM \(minuteTable) WHERE bucket >= \(placeholder(1)) AND bucket < \(placeholder(2)) LIMIT 1"
    }

    /// Deletes minute rows before a day's start (parameter: seconds).
    public var deleteMinutesBefore: String {
        "DELETE FROM \(minuteTable) WHERE bucket < \(placeholder(1))"
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

    /// Instances seen since (parameter: µs).
    public var selectInstances: String {
        "SELECT instance FROM \(instanceTable) WHERE last_seen >= \(placeholder(1)) ORDER BY instance"
    }

    private func placeholder(_ index: Int) -> String { dialect == .sqlite ? "?" : "$\(index)" }
    private func placeholders(_ count: Int) -> String { (1...count).map(placeholder).joined(separator: ", ") }
}
