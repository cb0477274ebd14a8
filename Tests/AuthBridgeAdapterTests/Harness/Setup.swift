import AuthBridge
import AuthBridgeTesting
import Foundation

/// The session stores the end-to-end suite runs on; a durable store adds a case here.
enum StoreKind: String, CaseIterable, Sendable {
    case memory

    func make() async throws -> any SessionStore {
        switch self {
        case .memory: MemorySessionStore()
        }
    }
}

/// One end-to-end run: an adapter, a store, the policy and CSRF settings, and the usage events it recorded.
struct Setup: Sendable {
    var adapter: Adapter
    var store: any SessionStore
    var policy = JWTPolicy()
    var csrf = CSRFSettings()
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
        let keys = try await JWTKeySet.load([.hmac(secret: Self.secret)])
        return Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: policy, csrf: csrf),
            store: store, resolver: SessionUserResolver(), recorder: recorder
        )
    }

    /// Starts the adapter's server and runs `body` with a client for it.
    func run(_ body: (TestClient) async throws -> Void) async throws {
        let authenticator = try await authenticator()
        try await adapter.server.run(authenticator) { port in
            try await body(TestClient(port: port, authenticator: authenticator))
        }
    }
}
