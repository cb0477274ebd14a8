public import ArgumentParser
public import AuthBridge
import AuthBridgeConfig
public import Foundation

/// `authbridge report`: who still uses JWTs, where, and which routes are ready to go session-only.
public struct ReportCommand: StoreCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise recorded usage: JWT share per route, JWT clients, and which routes are ready to go session-only."
    )

    @OptionGroup public var options: SharedOptions

    /// The window: a duration back from now (`7d`, `24h`) or an RFC 3339 timestamp.
    @Option(help: ArgumentHelp("The window: a duration back from now (7d, 24h, 90m) or an RFC 3339 timestamp.", valueName: "duration"))
    public var since = "7d"

    /// Only routes matching this pattern.
    @Option(help: ArgumentHelp("Only routes matching this pattern, e.g. \"/api/admin/**\" or \"POST /orders\".", valueName: "pattern"))
    public var route: String?

    /// The output format.
    @Option(help: "Output format: table, json, csv, markdown or html.")
    public var format: UsageReportFormat = .table

    /// Write to a file instead of standard output.
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "path"))
    public var output: String?

    public init() {}

    public func validate() throws {
        guard Self.start(since, now: Date()) != nil else {
            throw ValidationError("--since \"\(since)\" is not a duration (7d, 24h, 90m, 3600) or an RFC 3339 timestamp")
        }
        if let route {
            do { _ = try RoutePattern(route) } catch { throw ValidationError("--route: \(error.detail)") }
        }
    }

    public func output(for store: OpenedStore, now: Date) async throws -> String {
        guard let start = Self.start(since, now: now) else {
            throw CommandFailure("--since \"\(since)\" is not a duration or an RFC 3339 timestamp")
        }
        let pattern = try route.map { try RoutePattern($0) }
        let summary = try await store.usage.summary(since: start)
        guard !summary.daily.isEmpty else {
            let ever = try await store.usage.summary(since: Date(timeIntervalSince1970: 0))
            throw CommandFailure(
                ever.daily.isEmpty
                    ? "no traffic recorded yet in \(store.description) — is the middleware installed?"
                    : "no traffic recorded since \(InternetDate.rfc3339(start)); try a longer --since")
        }
        let report = UsageReport(summary: summary, since: start, now: now) { route, method in
            pattern?.matches(method: method, route: route) ?? true
        }
        guard !report.routes.isEmpty else { throw CommandFailure("no traffic on routes matching \(pattern?.description ?? "")") }
        let text = report.rendered(as: format)
        guard let output else { return text }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(output): \(error.localizedDescription)")
        }
        return "wrote \(output)\n"
    }

    /// The window's start: now minus a duration, or a timestamp.
    static func start(_ text: String, now: Date) -> Date? {
        if let seconds = ConfigurationDuration.parse(text), seconds > 0 { return now.addingTimeInterval(-seconds) }
        return InternetDate.parse(rfc3339: text)
    }

    /// One line for any failure: store errors by their detail (never a secret), others by description.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as SessionStoreError: "session store \(error.code): \(error.detail)"
        case let error as JWTPolicyError: error.detail
        default: "\(error)"
        }
    }
}

extension UsageReportFormat: ExpressibleByArgument {}
