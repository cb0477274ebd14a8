import AuthBridge
import AuthBridgeTesting
import Foundation
import InMemoryLogging
import Logging

/// The session stores the end-to-end suite runs on; a durable store adds a case here. `cached` puts a
/// ``CachedSessionStore`` in front of the memory store, so the adapters decide without suspending (the memory
/// store alone always makes them wait).
enum StoreKind: String, CaseIterable, Sendable {
    case memory
    case cached

    func make() async throws -> any SessionStore {
        switch self {
        case .memory: MemorySessionStore()
        case .cached: CachedSessionStore(wrapping: MemorySessionStore())
        }
    }
}

/// One end-to-end run: an adapter, a store, the policy and CSRF settings, and the usage events it recorded.
struct Setup: Sendable {
    var adapter: Adapter
    var store: any SessionStore
    var policy = JWTPolicy()
    var csrf = CSRFSettings()
    /// The verification keys; the HMAC fixture secret unless a test adds others.
    var keys: [JWTKeySet.Source] = [.hmac(secret: Setup.secret)]
    var issuer: String?
    var audience: String?
    /// When set, the authenticator logs into it at trace level.
    var logs: InMemoryLogHandler?
    /// When set, the framework (Vapor, Hummingbird) logs into it at trace level.
    var frameworkLogs: InMemoryLogHandler?
    let recorder = MemoryUsageRecorder()

    init(_ adapter: Adapter, store: any SessionStore = MemorySessionStore()) {
        self.adapter = adapter
        self.store = store
    }

    init(_ adapter: Adapter, _ storeKind: StoreKind) async throws {
        self.init(adapter, store: try await storeKind.make())
    }

    static let secret: [UInt8] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return Array(try! Data(contentsOf: root.appendingPathComponent("Fixtures/keys/hs256.secret")))
    }()

    func authenticator() async throws -> Authenticator<SessionUserResolver> {
        let keySet = try await JWTKeySet.load(keys)
        return Authenticator(
            configuration: AuthBridgeConfiguration(
                jwt: JWTSettings(keys: keySet, issuer: issuer, audience: audience), policy: policy, csrf: csrf),
            store: store, resolver: SessionUserResolver(), recorder: recorder, logger: Self.logger(label: "authbridge", into: logs)
        )
    }

    /// A logger into `logs` at trace level, or a quiet one.
    static func logger(label: String, into logs: InMemoryLogHandler?) -> Logger {
        guard let logs else {
            var quiet = Logger(label: label)
            quiet.logLevel = .error
            return quiet
        }
        var logger = Logger(label: label, factory: { _ in logs })
        logger.logLevel = .trace
        return logger
    }

    /// Starts the adapter's server and runs `body` with a client for it.
    func run(_ body: (TestClient) async throws -> Void) async throws {
        let authenticator = try await authenticator()
        try await adapter.server.run(authenticator, logger: Self.logger(label: adapter.rawValue, into: frameworkLogs)) { port in
            try await body(TestClient(port: port, authenticator: authenticator))
        }
    }
}
