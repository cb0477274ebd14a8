public import AuthBridge
public import Vapor
import Synchronization

/// Decides every request with an AuthBridge ``AuthBridge/Authenticator`` before the route runs.
///
/// A refused request (credential mismatch 401, cross-site 403, store unavailable 503) stops here with the
/// core's JSON body. Otherwise the decision goes on the request (`request.authBridge`, and Vapor's own
/// `request.auth` when the user type is `Authenticatable`) and the route runs; its response gets the decision's
/// headers (`Vary`, deprecation, upgrade and login/logout `Set-Cookie`). Handlers that throw the core's
/// ``AuthErrorResponse`` (``Vapor/Request/AuthBridge/requireUser()``) get its 401; an `AbortError` goes on to
/// Vapor's `ErrorMiddleware` as ``AbortWithDecisionHeaders``, so its response gets the headers too.
///
/// ```swift
/// app.middleware.use(AuthBridgeMiddleware(authenticator))
/// app.get("me") { req in try req.authBridge.requireUser().id }
/// ```
public struct AuthBridgeMiddleware<Resolver: UserResolver>: Middleware {
    /// The authenticator that decides.
    public let authenticator: AuthBridge.Authenticator<Resolver>
    /// ``respond(to:chainingTo:)``'s work, formed once by code specialized for the resolver (``SessionUserResolver``
    /// ahead of time): Vapor calls `respond` through its protocol, unspecialized, and unspecialized generic code
    /// looks up the metadata of every generic type it handles on every request.
    private let responder: @Sendable (Request, any Responder) -> EventLoopFuture<Response>

    /// Creates the middleware.
    public init(_ authenticator: AuthBridge.Authenticator<Resolver>) {
        self.authenticator = authenticator
        self.responder = Self.responder(for: RequestFlow(authenticator: authenticator))
    }

    @_specialize(where Resolver == SessionUserResolver)
    private static func responder(
        for flow: RequestFlow<Resolver>
    ) -> @Sendable (Request, any Responder) -> EventLoopFuture<Response> {
        { request, next in flow.respond(to: request, chainingTo: next) }
    }

    /// Decides without suspending when everything is in memory (the usual case with a ``CachedSessionStore``
    /// and the verified-token cache), so the request costs no task; otherwise the decision finishes in a task on
    /// the request's event loop (an `AsyncMiddleware` would run it on the global pool and hop back to the loop
    /// for the route and again for the response). Either way the route runs on a later turn of the loop, after
    /// the other requests read in this turn: measured over loopback, running it inline answered fewer requests
    /// (69% of the bare route against 83%; the extra time was in the kernel sending the responses, not in AuthBridge).
    /// The later turn has a price, measured in `Benchmarks/RESULTS.md`: two `epoll_ctl` calls per request (Vapor's
    /// pipeline handler stops reading while a response is pending) and more allocator work (a whole turn's requests
    /// are alive at once); the responses leaving in bursts save more in waking the client.
    public func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        responder(request, next)
    }
}

/// What the middleware does for each request.
private struct RequestFlow<Resolver: UserResolver>: Sendable {
    let authenticator: AuthBridge.Authenticator<Resolver>
    let scheme = SchemeCache()
    let executors = EventLoopTaskExecutors()
    let vaporLogin = VaporLogin<Resolver.User>()

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let authRequest = AuthRequest.reading(request, scheme: scheme.value(for: request))
        // One promise carries the whole answer: a later turn's route, its error rendering and the headers. Every
        // NIO future looks its type up when made, called back and freed; `flatSubmit` made two more (1.3–1.4 µs
        // a request in process).
        let promise = request.eventLoop.makePromise(of: Response.self)
        switch authenticator.authenticateImmediately(authRequest) {
        case .decided(let decision):
            let response = PendingResponse(self, decision, authRequest, request, next, promise)
            request.eventLoop.execute { response.proceed() }
        case .pending(let pending):
            Task(executorPreference: executors.executor(for: request.eventLoop)) {
                PendingResponse(self, await pending.decide(), authRequest, request, next, promise).proceed()
            }
        }
        return promise.futureResult
    }
}

/// One request from its decision to its response. The loop's later turn and the route's callback each capture
/// this one object, so neither closure allocates a context of its own: allocations cost more here than their
/// count suggests, because the loop keeps a whole turn's requests alive at once, past the allocator's per-thread
/// cache.
private final class PendingResponse<Resolver: UserResolver>: Sendable {
    private let auth: RequestAuthentication<Resolver.User>
    private let vaporLogin: VaporLogin<Resolver.User>
    private let request: Request
    private let next: any Responder
    private let promise: EventLoopPromise<Response>

    init(
        _ flow: RequestFlow<Resolver>, _ decision: AuthDecision<Resolver.User>, _ authRequest: AuthRequest,
        _ request: Request, _ next: any Responder, _ promise: EventLoopPromise<Response>
    ) {
        auth = RequestAuthentication(decision, request: authRequest, authenticator: flow.authenticator)
        vaporLogin = flow.vaporLogin
        self.request = request
        self.next = next
        self.promise = promise
    }

    /// Stops a refused request, or hands the decision to the route; adds the decision's headers either way.
    func proceed() {
        if let refusal = auth.refusalResponse {
            let response = Response(refusal)
            response.add(auth.responseHeaders)
            return promise.succeed(response)
        }
        request.storage[AuthBridgeStateKey.self] = auth
        if let user = auth.user { vaporLogin(request, user) }
        next.respond(to: request).whenComplete { result in self.finish(result) }
    }

    private func finish(_ result: Result<Response, any Error>) {
        let response: Response
        switch result {
        case .success(let answer): response = answer
        case .failure(let error as AuthErrorResponse): response = Response(error)
        case .failure(let error as any AbortError):
            return promise.fail(AbortWithDecisionHeaders(error, adding: auth.responseHeaders))
        case .failure(let error): return promise.fail(error)
        }
        response.add(auth.responseHeaders)
        promise.succeed(response)
    }
}

/// An `AbortError` a handler threw (a 404, an `Abort(.conflict)`), carrying the decision's headers to Vapor's
/// `ErrorMiddleware`, which runs outside this middleware and renders an abort from its status, reason and headers:
/// the response is the one it would have rendered, plus `Vary` and the `Set-Cookie` of a login, logout or upgrade
/// made before the throw. ``underlying`` is the error thrown (an error middleware of your own that matches on the
/// error's type finds it there); its status, reason, identifier, source and log level are kept.
public struct AbortWithDecisionHeaders: AbortError, DebuggableError {
    /// The error the handler threw.
    public let underlying: any AbortError
    public let headers: HTTPHeaders

    init(_ underlying: any AbortError, adding fields: [HTTPHeaderField]) {
        self.underlying = underlying
        var headers = underlying.headers
        headers.add(fields)
        self.headers = headers
    }

    public var status: HTTPResponseStatus { underlying.status }
    public var reason: String { underlying.reason }
    public var identifier: String { (underlying as? any DebuggableError)?.identifier ?? status.code.description }
    public var source: ErrorSource? { (underlying as? any DebuggableError)?.source }
    public var logLevel: Logger.Level { (underlying as? any DebuggableError)?.logLevel ?? .warning }
}

/// Puts the user on Vapor's `request.auth` when the user is `Authenticatable`. A user type that conforms is looked
/// up once; any other (an existential, a class whose subclasses may conform) is cast on every request, as before.
struct VaporLogin<User: Sendable>: Sendable {
    private let known: (any AuthenticatableLogin)?

    init() {
        known = (User.self as? any Authenticatable.Type).map { Self.login(as: $0) }
    }

    private static func login<Known: Authenticatable>(as type: Known.Type) -> any AuthenticatableLogin {
        KnownLogin<Known>()
    }

    func callAsFunction(_ request: Request, _ user: User) {
        if let known {
            known.login(request, user)
        } else if let user = user as? any Authenticatable {
            request.auth.login(user)
        }
    }
}

/// Logs a user in as the `Authenticatable` type found at start-up.
private protocol AuthenticatableLogin: Sendable {
    func login<User>(_ request: Request, _ user: User)
}

private struct KnownLogin<Known: Authenticatable>: AuthenticatableLogin {
    func login<User>(_ request: Request, _ user: User) {
        // `Known` is `User`: the cast takes the runtime's same-type path.
        request.auth.login(user as! Known)
    }
}

/// The server's scheme, read once: Vapor's configuration getter copies the whole configuration per call.
final class SchemeCache: Sendable {
    private let scheme = Mutex<String?>(nil)

    func value(for request: Request) -> String {
        scheme.withLock { cached in
            if let cached { return cached }
            let scheme = request.application.http.server.configuration.tlsConfiguration == nil ? "http" : "https"
            cached = scheme
            return scheme
        }
    }
}

/// Where the middleware keeps the request's ``RequestAuthentication``, whatever its user type.
struct AuthBridgeStateKey: StorageKey {
    typealias Value = any AnyRequestAuthentication
}

/// The user-type-independent part of ``RequestAuthentication``.
protocol AnyRequestAuthentication: Sendable {
    var request: AuthRequest { get }
    var path: CredentialPath { get }
    var userID: String? { get }
    var unauthenticatedResponse: AuthErrorResponse? { get }
    func login(_ user: SessionUser, fields: [String: JSONValue], allowingCrossSite: Bool) async throws -> LoginResult
    func logout() async throws
}

extension RequestAuthentication: AnyRequestAuthentication {
    var path: CredentialPath { decision.path }
    var userID: String? { decision.isAuthenticated ? decision.userID : nil }
    var unauthenticatedResponse: AuthErrorResponse? { decision.unauthenticatedResponse }
}
