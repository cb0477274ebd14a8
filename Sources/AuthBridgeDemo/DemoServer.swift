public import AuthBridge
public import Logging
import ServiceLifecycle
import UnixSignals
import AuthBridgeHummingbird
import Hummingbird
import NIOCore

/// The demo app: an existing Hummingbird server that adopted AuthBridge in a few lines. Users sign up and log in
/// with a password (bcrypt) and get a session cookie and, while issuance is on, a JWT; `/api/dashboard` answers
/// to either.
///
/// ```swift
/// let server = try await DemoServer.open(environment: ProcessInfo.processInfo.environment, logger: logger)
/// try await server.run()   // until SIGTERM or SIGINT; usage is flushed on the way out
/// ```
public struct DemoServer: Sendable {
    /// Where to listen and how hard to hash.
    public let settings: DemoSettings
    /// The authenticator every request goes through.
    public let authenticator: Authenticator<DemoUserResolver>
    /// The users table.
    public let users: UserDirectory
    /// Sign-ups, logins, upgrades and deprecation headers, counted.
    public let activity = DemoActivity()
    /// Usage counts per minute, flushed to the usage store.
    public let aggregator: UsageAggregator
    let usageStore: any UsageStore
    let usageFlushInterval: Duration
    let hasher: PasswordHasher
    let logger: Logger
    /// Services the store needs running (PostgreSQL's connection pool); started first, stopped last.
    var storeServices: [any Service] = []

    /// Creates the server.
    /// - Parameters:
    ///   - settings: address, port and bcrypt cost.
    ///   - configuration: AuthBridge's keys, cookie, lifetimes, policy and CSRF settings.
    ///   - sessions: the session store.
    ///   - users: the users table.
    ///   - usageStore: where usage batches go; `nil` logs each batch as one line instead.
    ///   - recorder: also receives every usage event (the aggregator always does).
    ///   - usageFlushInterval: time between usage flushes; one more runs at shutdown.
    ///   - logger: server, decision and usage log lines; never a password, token or cookie.
    public init(
        settings: DemoSettings, configuration: AuthBridgeConfiguration, sessions: any SessionStore,
        users: UserDirectory, usageStore: (any UsageStore)? = nil, recorder: (any UsageRecorder)? = nil,
        usageFlushInterval: Duration = .seconds(5), logger: Logger = Logger(label: "authbridge.demo")
    ) {
        self.settings = settings
        self.users = users
        self.logger = logger
        self.usageStore = usageStore ?? LoggingUsageStore(logger: logger)
        self.usageFlushInterval = usageFlushInterval
        let aggregator = UsageAggregator(instance: "demo-server@\(settings.host):\(settings.port)")
        self.aggregator = aggregator
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
        self.authenticator = Authenticator(
            configuration: configuration, store: sessions, resolver: DemoUserResolver(users: users),
            recorder: recorder.map { UsageRecorders([aggregator, $0]) } ?? aggregator, logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: in-flight requests finish, usage is flushed.
    /// - Parameter onRunning: called with the bound port once the server accepts connections.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            services: services(onRunning: onRunning), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    /// Serves while `body` runs with the bound port, then shuts down gracefully (usage flushed).
    public func withRunning<T: Sendable>(_ body: (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(services: services { continuation.yield($0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()
                throw DemoError(.internalServerError, code: "not_started", reason: "the server did not start")
            }
            let result: Result<T, any Error>
            do { result = .success(try await body(port)) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// The usage flusher, the expired-session pruner, then the HTTP server: shut down in reverse order, so the
    /// server stops before the last usage flush.
    private func services(onRunning: @escaping @Sendable (Int) async -> Void) -> [any Service] {
        let application = Application(
            router: router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let flusher = UsageFlusher(
            aggregator: aggregator, store: usageStore, interval: usageFlushInterval, logger: logger)
        let pruner = SessionPruner(store: authenticator.store, interval: settings.pruneInterval, logger: logger)
        return storeServices + [flusher, pruner, application]
    }
}
