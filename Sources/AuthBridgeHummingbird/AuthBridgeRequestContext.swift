public import Hummingbird

/// A request context that carries the AuthBridge decision (Hummingbird has no request storage).
///
/// ```swift
/// struct AppContext: AuthBridgeRequestContext {
///     var coreContext: CoreRequestContextStorage
///     var authBridge = AuthBridgeContext<SessionUser>()
///     init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
/// }
/// ```
public protocol AuthBridgeRequestContext<User>: RequestContext {
    /// The user type the authenticator's resolver produces.
    associatedtype User: Sendable
    /// Filled by ``AuthBridgeMiddleware``; declare it as `var authBridge = AuthBridgeContext<User>()`.
    var authBridge: AuthBridgeContext<User> { get set }
}
