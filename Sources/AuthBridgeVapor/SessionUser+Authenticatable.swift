public import AuthBridge
public import Vapor

/// Lets Vapor's own `request.auth.require(SessionUser.self)` and `SessionUser.guardMiddleware()` see the user
/// ``AuthBridgeMiddleware`` authenticated with the built-in resolver.
extension SessionUser: Authenticatable {}
