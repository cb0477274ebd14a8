import AuthBridge
import AuthBridgeDemo
import Logging

extension DemoCommand {
    /// Opens the demo server as `demo-server` would, on the environment of one phase.
    static func opener(logger: Logger) -> DemoScenario.ServerOpener {
        { environment, recorder in
            try await DemoServer.open(environment: environment, recorder: recorder, logger: logger)
        }
    }
}
