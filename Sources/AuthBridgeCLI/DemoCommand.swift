public import ArgumentParser
import AuthBridge
import AuthBridgeConfig
import AuthBridgeDemo
import Foundation
import Logging

/// `authbridge demo`: runs the demo server in this process on a SQLite file, drives simulated traffic through
/// it and walks the migration phases, printing after each what changed.
public struct DemoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo server with simulated clients through the five migration phases.",
        discussion: """
            Starts the demo server (Hummingbird, users and sessions in one SQLite file) on 127.0.0.1 and a free \
            port, sends the traffic of legacy apps, browsers and a script, and restarts the server with new \
            AUTHBRIDGE_* flags for each phase: dual mode, issuance off with upgrade on, deprecate, JWT off on \
            writes, JWT off everywhere. Needs no set-up; ignores AUTHBRIDGE_* variables of the environment.
            """
    )

    /// Where to keep the SQLite file.
    @Option(
        help: ArgumentHelp(
            "Keep the SQLite file here (it must not exist yet); default: a temporary file, deleted at the end.",
            valueName: "path"))
    public var database: String?

    /// Show the server's log.
    @Flag(help: "Show the server's log lines (one per request) on standard error.")
    public var verbose = false

    /// The longest the demo may take.
    static let deadline = Duration.seconds(60)

    public init() {}

    public func validate() throws {
        if let database, FileManager.default.fileExists(atPath: database) {
            throw ValidationError("--database \(database) exists; give a path for a new file")
        }
    }

    public func run() async throws {
        var output = StandardStream.output
        var errors = StandardStream.error
        try await run(output: &output, errors: &errors)
    }

    /// Runs the demo, writing the report to `output` and warnings to `errors`.
    /// - Throws: `ExitCode.failure` when the server's and the clients' counts differ; the error when the demo
    ///   cannot run or takes longer than a minute.
    public func run(output: inout some TextOutputStream, errors: inout some TextOutputStream) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("authbridge-demo-\(UUID())")
        let path = database.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? directory.appendingPathComponent("authbridge-demo.sqlite").path
        defer { if database == nil { try? FileManager.default.removeItem(at: directory) } }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)

        var logger = Logger(label: "authbridge.demo")
        logger.logLevel = verbose ? .info : .error
        let scenario = DemoScenario(databasePath: path, openServer: DemoCommand.opener(logger: logger))
        output.write(DemoReport.header(database: path, temporary: database == nil, clients: SimulatedClient.roster))
        let start = ContinuousClock.now
        let (results, final) = try await Self.withDeadline(scenario, output: &output)
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        output.write(DemoReport.summary(results, final: final, seconds: elapsed))
        if database != nil {
            output.write("  usage in the file: swift run authbridge report --store-url sqlite:\(path)\n")
        }
        guard results.allSatisfy(\.agrees) else { throw ExitCode.failure }
    }

    /// Runs the scenario, printing each phase as it ends, and stops it after ``deadline``.
    private static func withDeadline(_ scenario: DemoScenario, output: inout some TextOutputStream) async throws
        -> (results: [PhaseResult], final: Census)
    {
        let started = ContinuousClock.now
        let (texts, work, watchdog) = start(scenario)
        defer { watchdog.cancel() }
        for await text in texts { output.write(text) }
        do {
            return try await work.value
        } catch where ContinuousClock.now - started >= deadline {
            throw DemoFailure("the demo took longer than \(deadline) and was stopped (\(error))")
        }
    }

    /// The scenario in a task, the phase texts it produces, and a watchdog that cancels it after ``deadline``.
    private static func start(_ scenario: DemoScenario) -> (
        AsyncStream<String>, Task<(results: [PhaseResult], final: Census), any Error>, Task<Void, any Error>
    ) {
        let (texts, continuation) = AsyncStream.makeStream(of: String.self)
        let work = Task {
            defer { continuation.finish() }
            var previous: PhaseResult?
            return try await scenario.run { result in
                continuation.yield(DemoReport.phase(result, previous: previous))
                previous = result
            }
        }
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            work.cancel()
        }
        return (texts, work, watchdog)
    }
}
