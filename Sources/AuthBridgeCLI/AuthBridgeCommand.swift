public import ArgumentParser

/// The `authbridge` command: operations around a running AuthBridge deployment.
public struct AuthBridgeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "authbridge",
        abstract: "Move a web API from JWT bearer tokens to server-side sessions, one safe step at a time.",
        subcommands: [DemoCommand.self, FlagsCommand.self, ReportCommand.self, SessionsCommand.self]
    )

    public init() {}
}
