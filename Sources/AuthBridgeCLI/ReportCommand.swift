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

    /// The window: a duration back from now (`7d`, `24h`) or an RFC 3339 timestamp, at most
    /// ``maximumWindowDays`` back.
    @Option(
        help: ArgumentHelp(
            "The window: a duration back from now (7d, 24h, 90m) or an RFC 3339 timestamp, at most \(maximumWindowDays) days back.",
            valueName: "duration"))
    public var since = "7d"

    /// The longest window a report covers: ten years and a few days. A report builds one trend entry per day and
    /// route, so an unbounded window (`--since 999999999h`) would exhaust memory, and dates further back overflow
    /// the stores' microsecond times.
    public static let maximumWindowDays = 3660

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
        do { _ = try Self.start(since, now: Date()) } catch { throw ValidationError(error.description) }
        if let route {
            do { _ = try RoutePattern(route) } catch { throw ValidationError("--route: \(error.detail)") }
        }
    }

    public func output(for store: OpenedStore, now: Date) async throws -> String {
        let start = try Self.start(since, now: now)
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

    /// The window's start: now minus a duration, or a timestamp; at most ``maximumWindowDays`` before `now`.
    static func start(_ text: String, now: Date) throws(CommandFailure) -> Date {
        let (start, back): (Date?, TimeInterval)
        if let seconds = ConfigurationDuration.parse(text), seconds > 0 {
            // The start is formed only after the check: an enormous duration must not reach a date at all.
            (start, back) = (nil, seconds)
        } else if let date = InternetDate.parse(rfc3339: text) {
            (start, back) = (date, now.timeIntervalSince(date))
        } else {
            throw CommandFailure("--since \"\(text)\" is not a duration (7d, 24h, 90m, 3600) or an RFC 3339 timestamp")
        }
        guard back <= TimeInterval(maximumWindowDays) * 86400 else {
            throw CommandFailure("--since \"\(text)\" reaches back more than \(maximumWindowDays) days (about ten years); give a shorter window")
        }
        return start ?? now.addingTimeInterval(-back)
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
