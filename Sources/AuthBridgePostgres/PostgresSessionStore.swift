public import AuthBridge
import Foundation
public import Logging
import PostgresNIO
public import ServiceLifecycle

/// Sessions in PostgreSQL, for several application instances: postgres-nio's `PostgresClient`, no libpq.
///
/// The store is a ServiceLifecycle `Service`: its ``run()`` drives the client's connection pool and brings the
/// schema up to date; calls made before that wait (within the call timeout). Every call fails with
/// `unavailable` when the server does not answer within ``callTimeout`` (the server also aborts statements after
/// it), and works again once the server is back, without a restart.
///
/// ```swift
/// let store = try PostgresSessionStore(url: environment["AUTHBRIDGE_STORE_URL"]!)
/// let group = ServiceGroup(services: [store, SessionPruner(store: store), server], logger: logger)
/// try await group.run()
/// ```
public final class PostgresSessionStore: SessionStore, Service {
    /// Where the store connects, password hidden.
    public let endpointDescription: String
    /// The PostgreSQL schema (namespace) holding the tables.
    public var schemaName: String { schema.name }
    /// How long one call may take before it fails with `unavailable`.
    public let callTimeout: Duration
    let client: PostgresClient
    /// Migrations run on a connection of their own, so that a wrong password or database surfaces at start-up
    /// (the pool retries those silently).
    private let migrationConfiguration: PostgresConnection.Configuration
    let schema: PostgresSchema
    private let readiness = Readiness()
    private let logger: Logger

    /// Creates a store from a `postgres://user:password@host:port/database?sslmode=…` URL.
    /// - Parameters:
    ///   - url: the URL; errors name `setting` and never repeat it.
    ///   - setting: the setting the URL came from.
    ///   - schema: the PostgreSQL schema for the tables, created when missing. Default `public`.
    ///   - callTimeout: the bound on every call, connecting included. Default 2 s.
    ///   - logger: background and migration messages.
    public convenience init(
        url: String, setting: String = StoreURL.defaultSetting, schema: String = "public",
        callTimeout: Duration = .seconds(2),
        logger: Logger = Logger(label: "authbridge.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SessionStoreError) {
        guard case .postgres(let endpoint) = try StoreURL(parsing: url, setting: setting) else {
            throw SessionStoreError(.invalidConfiguration, "\(setting) is not a postgres:// URL")
        }
        try self.init(endpoint: endpoint, setting: setting, schema: schema, callTimeout: callTimeout, logger: logger)
    }

    /// Creates a store for a parsed endpoint; see ``init(url:setting:schema:callTimeout:logger:)``.
    public init(
        endpoint: StoreURL.PostgresEndpoint, setting: String = StoreURL.defaultSetting, schema: String = "public",
        callTimeout: Duration = .seconds(2),
        logger: Logger = Logger(label: "authbridge.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SessionStoreError) {
        self.schema = try PostgresSchema(name: schema, setting: setting)
        self.endpointDescription = endpoint.description
        self.callTimeout = callTimeout
        self.logger = logger
        let tls: (client: PostgresClient.Configuration.TLS, connection: PostgresConnection.Configuration.TLS)
        switch endpoint.tls {
        case .disable:
            tls = (.disable, .disable)
        case .require:
            do {
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                tls = (.require(.makeClientConfiguration()), .require(context))
            } catch {
                throw SessionStoreError(.invalidConfiguration, "\(setting): TLS cannot be set up (\(error))")
            }
        }
        let milliseconds = callTimeout.components.seconds * 1000 + callTimeout.components.attoseconds / 1_000_000_000_000_000
        let startup = [("statement_timeout", "\(max(1, milliseconds))")]
        var configuration = PostgresClient.Configuration(
            host: endpoint.host, port: endpoint.port, username: endpoint.user, password: endpoint.password,
            database: endpoint.database, tls: tls.client
        )
        configuration.options.connectTimeout = callTimeout
        configuration.options.additionalStartupParameters = startup
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        var migration = PostgresConnection.Configuration(
            host: endpoint.host, port: endpoint.port, username: endpoint.user, password: endpoint.password,
            database: endpoint.database, tls: tls.connection
        )
        migration.options.connectTimeout = .milliseconds(max(1, milliseconds))
        self.migrationConfiguration = migration
    }

    // MARK: - Service

    /// Runs the client's connection pool, migrates the schema (retrying while the server is down), then serves
    /// until graceful shutdown or cancellation. Run it once per store (usually in a `ServiceGroup`).
    /// - Throws: `incompatibleSchema` or `invalidConfiguration` (wrong password, missing database): start-up stops.
    public func run() async throws {
        readiness.set(.migrating)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            do {
                try await migrateUntilDone()
            } catch {
                readiness.set(.failed(SessionStoreError(postgres: error, setting: schema.setting)))
                group.cancelAll()
                throw error
            }
            readiness.set(.ready)
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func migrateUntilDone() async throws {
        while true {
            do {
                let finished: Bool? = try await CallDeadline.run(within: max(callTimeout, .seconds(10))) {
                    try await self.migrateOnce()
                    return true
                }
                if finished != nil { return }
                logger.warning("PostgreSQL did not answer the schema migration in time; retrying")
            } catch let error as CancellationError {
                throw error
            } catch {
                let mapped = SessionStoreError(postgres: Self.unwrap(error), setting: schema.setting)
                guard mapped.code == .unavailable else { throw mapped }
                logger.warning("PostgreSQL unavailable for the schema migration; retrying", metadata: ["error": "\(mapped)"])
            }
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
    }

    private func migrateOnce() async throws {
        let connection = try await PostgresConnection.connect(configuration: migrationConfiguration, id: 0, logger: logger)
        do {
            try await schema.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    // MARK: - Calls

    /// Runs one call within ``callTimeout``, mapping every failure to ``SessionStoreError``.
    func call<T: Sendable>(_ operation: @escaping @Sendable (PostgresClient) async throws -> T) async throws(SessionStoreError) -> T {
        let outcome: T?
        do {
            outcome = try await CallDeadline.run(within: callTimeout) {
                try await self.readiness.wait()
                return try await operation(self.client)
            }
        } catch {
            throw SessionStoreError(postgres: Self.unwrap(error), setting: schema.setting)
        }
        guard let outcome else { throw timeoutError() }
        return outcome
    }

    private func timeoutError() -> SessionStoreError {
        let limit = "\(callTimeout.components.seconds).\(String(format: "%03d", callTimeout.components.attoseconds / 1_000_000_000_000_000)) s"
        switch readiness.current {
        case .notRunning:
            return SessionStoreError(.unavailable, "the PostgreSQL store is not running: run it as a Service (\(endpointDescription))")
        case .migrating:
            return SessionStoreError(.unavailable, "PostgreSQL at \(endpointDescription) is not ready (schema migration pending after \(limit))")
        case .ready, .failed:
            return SessionStoreError(.unavailable, "PostgreSQL at \(endpointDescription) did not answer within \(limit)")
        }
    }

    static func unwrap(_ error: any Error) -> any Error {
        guard let error = error as? PostgresTransactionError else { return error }
        return error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError ?? error
    }
}
