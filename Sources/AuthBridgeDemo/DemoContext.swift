public import AuthBridgeHummingbird
public import Hummingbird

/// The demo app's request context: Hummingbird's core context plus the AuthBridge decision.
public struct DemoContext: AuthBridgeRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var authBridge = AuthBridgeContext<DemoUser>()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
