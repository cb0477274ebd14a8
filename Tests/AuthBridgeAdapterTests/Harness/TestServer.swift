import AuthBridge
import Logging
import Testing

/// A server under test: the same small app on each framework, run in-process on 127.0.0.1 and an ephemeral port.
///
/// Routes, identical on every adapter (bodies from ``TestApp``):
/// - `GET /public`: the decision, no user required.
/// - `GET|POST /api/me`: the user through `requireUser()`.
/// - `GET /users/:id`: behind `RequireAuthenticationMiddleware`.
/// - `POST /login/:name`: puts `name` on a fresh session (`login`), returns the JWT when issued.
/// - `POST /login/:name/fail`: the same login, then the handler throws the framework's 409 error.
/// - `POST /logout`: `logout`, 204.
protocol TestServer: Sendable {
    /// Starts the app with `authenticator` and the framework logging to `logger`, runs `body` with the port, and
    /// stops the server.
    func run(
        _ authenticator: AuthBridge.Authenticator<SessionUserResolver>, logger: Logger,
        _ body: (Int) async throws -> Void
    ) async throws
}

/// The adapters every end-to-end test runs against.
enum Adapter: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case vapor, hummingbird

    var server: any TestServer {
        switch self {
        case .vapor: VaporTestServer()
        case .hummingbird: HummingbirdTestServer()
        }
    }

    var testDescription: String { rawValue }

    /// Whether the framework answers a request whose headers its HTTP parser refuses (over NIO's 80 KiB) with a
    /// 4xx. Vapor closes the connection without an answer; that happens before any middleware runs.
    var answersOversizedHeaders: Bool { self == .hummingbird }

    /// The message prefix of the framework's own trace lines that echo the raw request head (with `Authorization`
    /// and `Cookie`), if it has them: Vapor's `HTTPServerRequestDecoder` logs "Decoded HTTP part: head: …" at
    /// trace. Only that line may carry a credential; run Vapor's logger above trace in production.
    var traceLineEchoingRequestHeads: String? { self == .vapor ? "Decoded HTTP part: head:" : nil }
}
