public import ArgumentParser
import AuthBridge
public import Foundation

/// `authbridge sessions`: list, revoke, prune and count stored sessions.
public struct SessionsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List, revoke, prune and count stored sessions.",
        subcommands: [List.self, Revoke.self, Prune.self, Stats.self]
    )

    public init() {}

    /// `sessions list --user ID`.
    public struct List: StoreCommand {
        public static let configuration = CommandConfiguration(abstract: "List a user's sessions (ids shown only as a hash prefix).")
        @OptionGroup public var options: SharedOptions
        @Option(help: "The user id.") public var user: String
        public init() {}

        public func output(for store: OpenedStore, now: Date) async throws -> String {
            let sessions = try await store.sessions.list(userID: user)
            guard !sessions.isEmpty else { return "no sessions for user \(user)\n" }
            let rows = [["SESSION", "CREATED", "LAST SEEN", "EXPIRES", "STATE"]] + sessions.map { session in
                [
                    session.key.description, InternetDate.rfc3339(session.createdAt), InternetDate.rfc3339(session.lastSeenAt),
                    InternetDate.rfc3339(session.expiresAt), session.isExpired(at: now) ? "expired" : "active",
                ]
            }
            return UsageReport.columns(rows).joined(separator: "\n") + "\n"
        }
    }

    /// `sessions revoke --user ID`: logout everywhere.
    public struct Revoke: StoreCommand {
        public static let configuration = CommandConfiguration(abstract: "Revoke every session of a user (logout everywhere).")
        @OptionGroup public var options: SharedOptions
        @Option(help: "The user id.") public var user: String
        public init() {}

        public func output(for store: OpenedStore, now: Date) async throws -> String {
            let count = try await store.sessions.destroyAll(userID: user)
            return "revoked \(count) session\(count == 1 ? "" : "s") of user \(user)\n"
        }
    }

    /// `sessions prune`.
    public struct Prune: StoreCommand {
        public static let configuration = CommandConfiguration(abstract: "Delete expired sessions now.")
        @OptionGroup public var options: SharedOptions
        public init() {}

        public func output(for store: OpenedStore, now: Date) async throws -> String {
            let count = try await store.sessions.pruneExpired(now: now)
            return "pruned \(count) expired session\(count == 1 ? "" : "s")\n"
        }
    }

    /// `sessions stats`.
    public struct Stats: StoreCommand {
        public static let configuration = CommandConfiguration(abstract: "Count stored, active and expired sessions.")
        @OptionGroup public var options: SharedOptions
        public init() {}

        public func output(for store: OpenedStore, now: Date) async throws -> String {
            let stats = try await store.sessions.statistics(now: now)
            return """
                store:        \(store.description)
                sessions:     \(stats.total)
                active:       \(stats.active)
                expired:      \(stats.expired) (removed by pruning)
                active users: \(stats.activeUsers)

                """
        }
    }
}

/// A command that opens the store, writes what ``output(for:now:)`` returns, and turns any failure into one
/// line on standard error and exit status 1.
public protocol StoreCommand: AsyncParsableCommand, Sendable {
    /// The shared options (the store URL).
    var options: SharedOptions { get }
    /// What the command prints for an opened store.
    func output(for store: OpenedStore, now: Date) async throws -> String
}

extension StoreCommand {
    public func run() async throws {
        var output = StandardStream.output
        var errors = StandardStream.error
        try await run(environment: ProcessInfo.processInfo.environment, now: Date(), output: &output, errors: &errors)
    }

    /// Runs against `environment` at `now`.
    /// - Throws: `ExitCode.failure` after writing one line to `errors`.
    public func run(environment: [String: String], now: Date, output: inout some TextOutputStream, errors: inout some TextOutputStream) async throws {
        do {
            output.write(try await StoreOpener.withStore(url: options.storeURL(environment)) { store in try await self.output(for: store, now: now) })
        } catch {
            errors.write("error: \(ReportCommand.describe(error))\n")
            throw ExitCode.failure
        }
    }
}
