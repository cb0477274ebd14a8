import AuthBridgeConfig
import Foundation
import Logging

/// What `demo-server` runs: reads the environment, opens the SQLite file, serves until SIGTERM or SIGINT.
public enum DemoLauncher {
    /// The variables that configure a JWT key.
    static let keyVariables: [ConfigurationVariable] = [
        .jwtSecret, .jwtPrivateKeyFile, .jwtPublicKeyFile, .jwtJWKSFile,
    ]

    /// Runs `demo-server`; exits with status 1 after printing the error when it cannot start.
    public static func main() async {
        let logger = Logger(label: "demo-server")
        let environment = withDemoSecret(ProcessInfo.processInfo.environment, logger: logger)
        do {
            let server = try await DemoServer.open(environment: environment, logger: logger)
            let host = server.settings.host
            try await server.run { port in
                logger.notice("demo-server listening on http://\(host):\(port)/")
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    /// With no JWT key configured, a random HS256 secret for this process, so the demo issues and accepts JWTs
    /// out of the box; its tokens stop working when the process ends (sessions do not).
    static func withDemoSecret(_ environment: [String: String], logger: Logger) -> [String: String] {
        let configured = keyVariables.contains {
            environment[$0.name]?.trimmingCharacters(in: .whitespaces).isEmpty == false
        }
        guard !configured else { return environment }
        logger.warning(
            """
            no JWT key configured: using a random AUTHBRIDGE_JWT_SECRET for this process; \
            its JWTs stop working at restart, sessions do not
            """
        )
        var environment = environment
        environment[ConfigurationVariable.jwtSecret.name] = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
            .base64EncodedString()
        return environment
    }
}
