import AuthBridge
import AuthBridgeConfig
import AuthBridgeSQLite
import Foundation

/// `HTTPBenchServer FRAMEWORK MODE PORT STORE-FILE`: one route, `GET /r`, for `scripts/bench-http.sh`.
///
/// FRAMEWORK is `hummingbird` or `vapor`; MODE is `bare` (no AuthBridge), `session` (session cookie, SQLite store
/// behind a `CachedSessionStore`), `hs256` or `es256` (bearer JWT; the ES256 key from `Fixtures/keys`). The
/// mode `hop` puts an empty middleware before the bare route (on Vapor an `AsyncMiddleware`). The
/// authenticated route requires a user and answers its id. The modes `bare-cookie` and `bare-bearer` serve the bare
/// route but hand out the session cookie or the HS256 token like `session` and `hs256`, so the client sends the same
/// request to a route without AuthBridge (what the credential header alone costs the framework). Prints the
/// credential as a header line
/// (`Cookie: ...` or `Authorization: Bearer ...`; `-` for bare) on standard output, then serves until killed.
///
/// The stock equivalents, without AuthBridge, answer the same way:
/// - `stock-session`: Vapor's `SessionsMiddleware` (memory driver) or hummingbird-auth's `SessionMiddleware` and
///   `SessionAuthenticator` (`MemoryPersistDriver`). `POST /login` creates the session; the credential line is
///   `login`, and the caller takes the cookie from that response's `Set-Cookie`.
/// - `stock-hs256`, `stock-es256`: vapor/jwt's `req.jwt.verify`, or on Hummingbird an authenticator calling
///   jwt-kit's `JWTKeyCollection.verify`, on AuthBridge's login token (same secret or key pair).
@main
enum BenchServer {
    static let secret = "bench-only-secret-0123456789abcdef0123456789"
    static let keys = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/keys").standardized

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 5, let port = Int(arguments[3]) else {
            let usage = "usage: HTTPBenchServer hummingbird|vapor bare|bare-cookie|bare-bearer|hop|[stock-]session|[stock-]hs256|[stock-]es256 PORT STORE\n"
            FileHandle.standardError.write(Data(usage.utf8))
            exit(2)
        }
        let (framework, mode, storePath) = (arguments[1], arguments[2], arguments[4])
        var environment = ["AUTHBRIDGE_COOKIE_SECURE": "off", "AUTHBRIDGE_JWT_TTL": "1d"]
        if mode.hasSuffix("es256") {
            environment["AUTHBRIDGE_JWT_ALGORITHM"] = "ES256"
            environment["AUTHBRIDGE_JWT_PRIVATE_KEY_FILE"] = keys.appendingPathComponent("p256-private.pem").path
        } else {
            environment["AUTHBRIDGE_JWT_SECRET"] = secret
        }
        let loaded = try await AuthBridgeEnvironment.load(from: environment)
        let store = CachedSessionStore(wrapping: try SQLiteSessionStore(path: storePath))
        let authenticator = Authenticator(
            configuration: loaded.configuration, store: store, resolver: SessionUserResolver(),
            recorder: UsageAggregator(instance: "bench"))
        let login = try await authenticator.login(
            SessionUser(id: "bench-user"), request: AuthRequest(method: "POST", route: "/login"))
        let cookie = login.responseHeaders.first { $0.name.lowercased() == "set-cookie" }?.value.prefix { $0 != ";" }
        let credential =
            switch mode {
            case "bare", "hop": "-"
            case "session", "bare-cookie": "Cookie: " + String(cookie ?? "")
            case "stock-session": "login"
            default: "Authorization: Bearer " + (login.jwt ?? "")
            }
        FileHandle.standardOutput.write(Data((credential + "\n").utf8))
        let authenticated = !["bare", "hop", "bare-cookie", "bare-bearer"].contains(mode)
        switch (framework, mode.hasPrefix("stock-")) {
        case ("vapor", true): try await StockVapor.serve(mode: mode, port: port)
        case ("vapor", false):
            try await VaporBench.serve(authenticator, authenticated: authenticated, mode: mode, port: port)
        case (_, true): try await StockHummingbird.serve(mode: mode, port: port)
        default: try await HummingbirdBench.serve(authenticator, authenticated: authenticated, mode: mode, port: port)
        }
    }
}
