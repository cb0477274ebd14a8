public import ArgumentParser
import AuthBridge
import AuthBridgeConfig
public import Foundation

/// `authbridge flags`: prints the effective JWT migration policy from the environment, explains what a JWT
/// request to a route gets, or checks the configuration for a deploy pipeline.
public struct FlagsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "Print the effective JWT migration policy read from the AUTHBRIDGE_* environment variables.",
        discussion: """
            Without options, prints one line per setting (secrets are never shown) and which routes accept JWTs.
            --explain "POST /api/orders" prints what a JWT request to that route gets, from the same evaluation \
            the server runs. --check exits 1 with the error when the configuration is invalid, 0 otherwise.
            """
    )

    @OptionGroup public var options: SharedOptions

    /// A request to explain: `[METHOD] /route`.
    @Option(
        help: ArgumentHelp(
            "Explain what a JWT request gets, e.g. \"POST /api/orders\" (method default GET).",
            valueName: "[METHOD] /route"))
    public var explain: String?

    /// The instant to evaluate at.
    @Option(
        help: ArgumentHelp(
            "Evaluate at this instant instead of now (RFC 3339), e.g. inside a brownout.", valueName: "timestamp"))
    public var at: String?

    /// Only validate.
    @Flag(help: "Only validate the configuration: exit 0 when valid, 1 with the error otherwise.")
    public var check = false

    public init() {}

    public func validate() throws {
        if let at, InternetDate.parse(rfc3339: at) == nil {
            throw ValidationError("--at \"\(at)\" is not an RFC 3339 timestamp such as 2026-12-01T08:00:00Z")
        }
        if let explain, FlagsReport.request(explain) == nil {
            throw ValidationError("--explain \"\(explain)\" is not '[METHOD] /route', e.g. \"POST /api/orders\"")
        }
    }

    public func run() async throws {
        var output = StandardStream.output
        var errors = StandardStream.error
        try await run(environment: ProcessInfo.processInfo.environment, now: Date(), output: &output, errors: &errors)
    }

    /// Runs the command against `environment`, writing to `output` and `errors`.
    /// - Throws: `ExitCode.failure` after writing the error when the configuration is invalid.
    public func run(
        environment: [String: String], now: Date, output: inout some TextOutputStream,
        errors: inout some TextOutputStream
    ) async throws {
        let loaded: LoadedConfiguration
        do {
            loaded = try await options.load(environment: environment)
        } catch {
            errors.write("error: \(error)\n")
            throw ExitCode.failure
        }
        for warning in loaded.warnings {
            errors.write("warning: \(warning)\n")
        }
        if check {
            // The store modules read the store URL when they open it; a deploy check reads it now. Its errors
            // never repeat a PostgreSQL URL.
            do {
                _ = try StoreURL(parsing: loaded.storeURL, setting: "AUTHBRIDGE_STORE_URL")
            } catch {
                errors.write("error: \(error)\n")
                throw ExitCode.failure
            }
            output.write("ok: the AuthBridge configuration is valid\n")
            return
        }
        let report = FlagsReport(
            loaded: loaded, environment: options.environment(environment),
            now: at.flatMap(InternetDate.parse(rfc3339:)) ?? now)
        if let explain, let request = FlagsReport.request(explain) {
            output.write(report.explain(method: request.method, route: request.route))
        } else {
            output.write(report.policyText())
        }
    }
}
