import ArgumentParser
import AuthBridge
import AuthBridgePostgres
import AuthBridgeSQLite
import AuthBridgeTesting
import Foundation

/// Measures the session stores: read by id with many sessions in the table (median and p99), creates per
/// second and touches per second, each from one task, one call at a time.
///
///     swift run -c release --scratch-path .build-release SessionStoreBenchmark --rows 1000000
@main
struct SessionStoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Session store benchmark: SQLite always, PostgreSQL when POSTGRES_* or --postgres-url is set."
    )

    @Option(help: "Sessions in the table before reads are measured.")
    var rows = 1_000_000
    @Option(help: "Reads by id to time on SQLite.")
    var reads = 200_000
    @Option(help: "Creates to time on SQLite.")
    var creates = 20_000
    @Option(help: "Touches to time on SQLite.")
    var touches = 20_000
    @Option(help: "Sessions in the PostgreSQL table (default: --rows).")
    var postgresRows: Int?
    @Option(help: "Reads, creates and touches to time on PostgreSQL (each).")
    var postgresOperations = 20_000
    @Option(help: "The SQLite file (default: a new file in the temp directory, removed afterwards).")
    var path: String?
    @Option(help: "postgres:// URL (default: from POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB).")
    var postgresURL: String?
    @Flag(help: "Skip PostgreSQL even when configured.")
    var skipPostgres = false

    func run() async throws {
        print("AuthBridge session store benchmark (one task, one call at a time)")
        try await benchmarkSQLite()
        if !skipPostgres, let url = postgresURL ?? Self.urlFromEnvironment() {
            try await benchmarkPostgres(url: url)
        } else {
            print("PostgreSQL: skipped (no --postgres-url or POSTGRES_*)")
        }
    }

    private func benchmarkSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-bench-\(UUID().uuidString)")
        let file = path ?? directory.appendingPathComponent("sessions.sqlite").path
        defer { if path == nil { try? FileManager.default.removeItem(at: directory) } }
        let store = try SQLiteSessionStore(path: file)
        let workload = Workload(store: store, label: "SQLite (\(file))")
        let keys = try await workload.seed(rows: rows, batch: 50_000) { try await store.create(contentsOf: $0) }
        try await workload.measure(keys: keys, reads: reads, creates: creates, touches: touches)
        print("  components of a read:")
        try Components.measure(path: file, keys: keys, count: reads)
    }

    private func benchmarkPostgres(url: String) async throws {
        let store = try PostgresSessionStore(url: url, schema: "authbridge_benchmark", callTimeout: .seconds(30))
        let running = Task { try await store.run() }
        defer { running.cancel() }
        let cleared = try await store.pruneExpired(now: .distantFuture)
        let workload = Workload(store: store, label: "PostgreSQL (\(store.endpointDescription), loopback)")
        if cleared > 0 { print("  cleared \(cleared) sessions left by an earlier run") }
        let keys = try await workload.seed(rows: postgresRows ?? rows, batch: 10_000) { try await store.create(contentsOf: $0) }
        try await workload.measure(keys: keys, reads: postgresOperations, creates: postgresOperations, touches: postgresOperations)
        _ = try await store.pruneExpired(now: .distantFuture)
    }

    private static func urlFromEnvironment() -> String? { PostgresTestServer.url() }
}
